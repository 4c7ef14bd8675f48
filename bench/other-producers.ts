// Throughput of the other debug-hook ABI producers, Lua (wasmoon) and mini (the C interpreter), in
// the same three modes as QuickJS: plain (the interpreter with no hooks: Lua without lua_sethook,
// mini-plain.wasm), idle (the producer installed and a host connected, nothing armed) and armed (a host connected that sets a breakpoint, before the
// program runs, in a never-called function appended to every program). Programs: bench/programs/<producer>/.
import fs from 'node:fs';
import path from 'node:path';
import type { Host } from '../abi/index.js';
import { LuaProducer } from '../adapters/lua/producer.js';
import { LuaSession } from '../adapters/lua/session.js';
import { MiniProducer } from '../adapters/mini/producer.js';
import { PROGRAMS_DIR } from './programs.js';
import type { BenchProgram, Mode, RunResult } from './types.js';

export type OtherProducer = 'lua' | 'mini';
export const OTHER_PRODUCERS: readonly OtherProducer[] = ['lua', 'mini'];

// The never-called function each language gets; `armed` breaks on its return statement.
const DEAD_FUNCTION: Record<OtherProducer, { ext: string; lines: string[]; target: string }> = {
  lua: {
    ext: '.lua',
    lines: ['', '-- Appended by the benchmark: never called. The armed mode sets its breakpoint here.',
      'local function benchNeverCalled()', "  return 'never called'", 'end', ''],
    target: "  return 'never called'",
  },
  mini: {
    ext: '.mini',
    lines: ['', '// Appended by the benchmark: never called. The armed mode sets its breakpoint here.',
      'fn benchNeverCalled() {', '  return "never called";', '}', ''],
    target: '  return "never called";',
  },
};

export function listOtherPrograms(producer: OtherProducer): BenchProgram[] {
  const dir = path.join(PROGRAMS_DIR, producer);
  const dead = DEAD_FUNCTION[producer];
  return fs.readdirSync(dir).filter((f) => f.endsWith(dead.ext)).sort().map((f) => {
    const file = path.join(dir, f);
    const text = fs.readFileSync(file, 'utf8');
    const base = text.endsWith('\n') ? text : text + '\n';
    const breakpointLine = base.split('\n').length - 1 + dead.lines.indexOf(dead.target) + 1;
    return { name: path.basename(f, dead.ext), file, source: base + dead.lines.join('\n'), breakpointLine };
  });
}

/** A host that sets the armed breakpoint at load (it must bind there) and fails the run on any stop. */
function armingHost(program: BenchProgram, setBreakpoint: (script: number) => { verified: boolean; line?: number } | undefined,
  output: string[], onLoaded: () => void): Host & { stops: number } {
  const host = {
    stops: 0,
    scriptLoaded(script: { id: number }) {
      const bp = setBreakpoint(script.id);
      if (!bp?.verified || bp.line !== program.breakpointLine) {
        throw new Error(`${program.name}: breakpoint at line ${program.breakpointLine} did not bind there: ${JSON.stringify(bp)}`);
      }
      onLoaded();
    },
    stopped() { host.stops++; return { tag: 'run' as const }; },
    output(event: { text: string }) { output.push(event.text); },
    pollPause: () => false,
  };
  return host;
}

async function runLua(program: BenchProgram, mode: Mode): Promise<RunResult> {
  const output: string[] = [];
  let producer: LuaProducer | undefined;
  const session = await LuaSession.create((_category, text, where) => {
    if (producer) producer.write('stdout', text, where);
    else output.push(text);
  });
  const chunkname = '@' + program.file;
  let start = 0, error: string | undefined;
  if (mode === 'plain') {
    const syntaxError = session.compile(program.source, chunkname);
    if (syntaxError) throw new Error(`${program.name}: ${syntaxError}`);
    start = performance.now();
    error = session.run();
  } else {
    producer = new LuaProducer(session);
    producer.install();
    const p = producer;
    const host = armingHost(program, (id) => p.setBreakpoints(id, [{ line: program.breakpointLine }])[0], output, () => { start = performance.now(); });
    // idle: a host that arms nothing; the clock starts at script-loaded (after compiling) either way.
    producer.connect(mode === 'armed' ? host : { ...host, scriptLoaded: () => { start = performance.now(); } });
    const result = producer.runScript(program.file, program.source, chunkname);
    error = result.syntaxError ?? result.error;
    if (host.stops) throw new Error(`${program.name} (lua ${mode}): stopped at a breakpoint in a never-called function`);
  }
  const guestMs = performance.now() - start;
  if (error) throw new Error(`${program.name} (lua ${mode}): ${error}`);
  return { guestMs, output };
}

function runMini(program: BenchProgram, mode: Mode): RunResult {
  const output: string[] = [];
  const producer = new MiniProducer({ plain: mode === 'plain' });
  let start = 0;
  const host = armingHost(program, (id) => producer.setBreakpoints(id, [{ line: program.breakpointLine }])[0], output, () => { start = performance.now(); });
  if (mode === 'armed') producer.connect(host);
  else producer.connect({ ...host, scriptLoaded: () => { start = performance.now(); } });
  // mini-run parses, announces (script-loaded) and runs: the clock starts at script-loaded.
  const code = producer.run(program.file, program.source, false);
  const guestMs = performance.now() - start;
  if (code !== 0) throw new Error(`${program.name} (mini ${mode}): exit code ${code}: ${output.join('')}`);
  if (host.stops) throw new Error(`${program.name} (mini ${mode}): stopped at a breakpoint in a never-called function`);
  return { guestMs, output };
}

export function runOtherOnce(producer: OtherProducer, program: BenchProgram, mode: Mode): Promise<RunResult> {
  return producer === 'lua' ? runLua(program, mode) : Promise.resolve(runMini(program, mode));
}
