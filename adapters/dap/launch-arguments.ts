// The `launch` request's arguments. Names follow vscode-js-debug where one applies.
import fs from 'node:fs';
import path from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { isEngineName, type EngineName } from '../quickjs/index.js';
import { LUA_EXTENSIONS } from '../lua/index.js';
import { MINI_EXTENSIONS } from '../mini/index.js';
import { DEFAULT_INSPECTION_TIMEOUT_MS, inspectionTimeoutError } from '../common/inspection-timeout.js';

/** Which producer runs the program: a QuickJS build, Lua (wasmoon), or the C interpreter "mini". */
export type ProducerName = 'quickjs' | 'lua' | 'mini';

export interface LaunchArguments extends DebugProtocol.LaunchRequestArguments {
  /** The JavaScript file to run in QuickJS-in-Wasm. */
  program?: string;
  /** Stop at the program's first statement. */
  stopOnEntry?: boolean;
  /** Arguments for the program (the guest sees them in `scriptArgs`). */
  args?: string[];
  /** Working directory of the debuggee process. */
  cwd?: string;
  /** Which QuickJS build runs the program, or "lua" / "mini" (also chosen by a .lua / .mini extension). */
  engine?: EngineName | 'lua' | 'mini';
  /** Extra environment variables for the debuggee process. */
  env?: Record<string, string>;
  /** Use scripts' source maps (`//# sourceMappingURL`), e.g. to debug TypeScript; default true (js-debug's name). */
  sourceMaps?: boolean;
  /** Show the interpreter's Wasm frames and the host's JS frames with the script frames. */
  mixedStack?: boolean;
  /** false: guest-only mode. Guest authors see their scripts only: no host frames, values, paths or memory. Default true. */
  exposeHost?: boolean;
  /** How long a getter, evaluation or preview may run while stopped before it is stopped (default 2000). */
  inspectionTimeoutMs?: number;
}

export interface ValidLaunch {
  program: string;
  stopOnEntry: boolean;
  args: string[];
  cwd: string;
  engine: EngineName;
  producer: ProducerName;
  env: Record<string, string>;
  sourceMaps: boolean;
  mixedStack: boolean;
  exposeHost: boolean;
  inspectionTimeoutMs: number;
}

/** Checks the arguments; returns a message for the user when they are wrong. */
export function validateLaunch(raw: LaunchArguments): ValidLaunch | string {
  if (typeof raw.program !== 'string' || raw.program === '') return 'The launch configuration needs "program": the .js file to debug.';
  const cwd = typeof raw.cwd === 'string' && raw.cwd ? path.resolve(raw.cwd) : process.cwd();
  const program = path.resolve(cwd, raw.program);
  if (!fs.existsSync(program)) return `Cannot find the program "${program}".`;
  if (raw.args !== undefined && !(Array.isArray(raw.args) && raw.args.every((a) => typeof a === 'string'))) return '"args" must be an array of strings.';
  const ext = path.extname(program).toLowerCase();
  const named = raw.engine === 'lua' || raw.engine === 'mini' ? raw.engine : undefined;
  const producer: ProducerName = named ?? (LUA_EXTENSIONS.includes(ext) ? 'lua' : MINI_EXTENSIONS.includes(ext) ? 'mini' : 'quickjs');
  const engine = named || raw.engine === undefined ? 'quickjs' : raw.engine;
  if (!isEngineName(engine)) return `Unknown "engine" ${JSON.stringify(engine)}: use "quickjs", "quickjs-ng", "lua" or "mini".`;
  if (raw.exposeHost !== undefined && typeof raw.exposeHost !== 'boolean') return '"exposeHost" must be true or false.';
  if (raw.exposeHost === false && raw.mixedStack === true) {
    return '"mixedStack" cannot be combined with "exposeHost": false: mixed stacks show the host\'s frames and memory.';
  }
  if (raw.inspectionTimeoutMs !== undefined) {
    const error = inspectionTimeoutError(raw.inspectionTimeoutMs);
    if (error) return error;
  }
  const env = raw.env && typeof raw.env === 'object' ? Object.fromEntries(Object.entries(raw.env).map(([k, v]) => [k, String(v)])) : {};
  return {
    program, stopOnEntry: raw.stopOnEntry === true, args: raw.args ?? [], cwd, engine, producer, env,
    sourceMaps: raw.sourceMaps !== false, mixedStack: raw.mixedStack === true, exposeHost: raw.exposeHost !== false,
    inspectionTimeoutMs: raw.inspectionTimeoutMs ?? DEFAULT_INSPECTION_TIMEOUT_MS,
  };
}
