// The mini producer: the C interpreter in interpreters/mini implements the debug-hook ABI itself, as
// a core Wasm module that imports `host` and exports `producer` under the WIT's names. This file
// only binds the two: it lifts and lowers values (canon.ts) the way jco's bindings would.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  ABI_PACKAGE, AbiError, RESUME_RUN, type BreakpointRequest, type BreakpointResult, type Capability, type ChildrenFilter, type EvalContext, type ExceptionDetails,
  type ExceptionFilter, type FrameInfo,
  type Host, type Producer, type ScopeInfo, type ValueInfo, type VariableInfo, versionRefusal,
} from '../../abi/index.js';
import { CAPABILITY, Canon, CHILDREN_FILTER, EVAL_CONTEXT, OUTPUT_CATEGORY, STOP_REASON } from './canon.js';

export const MINI_WASM = fileURLToPath(new URL('../../../interpreters/mini/mini.wasm', import.meta.url));
/** The same interpreter with the per-position hook compiled out: runs without a debugger, and the bench's baseline. */
export const MINI_PLAIN_WASM = fileURLToPath(new URL('../../../interpreters/mini/mini-plain.wasm', import.meta.url));

type Fn = (...args: number[]) => number;

/** What a run needs when no debugger is attached: output goes to this process's stdout/stderr. */
const STANDALONE: Host = {
  scriptLoaded: () => RESUME_RUN,
  stopped: () => RESUME_RUN,
  output: (e) => void (e.category === 'stderr' ? process.stderr : process.stdout).write(e.text),
  pollPause: () => RESUME_RUN,
  reply: () => RESUME_RUN,
};

/** A compiled build of the interpreter, and the ABI version it was built for. */
interface Compiled {
  module: WebAssembly.Module;
  version: string;
}

const compiled = new Map<string, Compiled>();

function compile(file: string): Compiled {
  let c = compiled.get(file);
  if (!c) {
    const module = new WebAssembly.Module(fs.readFileSync(file));
    compiled.set(file, (c = { module, version: declaredVersion(file, module) }));
  }
  return c;
}

/**
 * SPEC §1.2: a host refuses a producer of an incompatible ABI version instead of guessing (a 0.3.0
 * build lays out frame-info without native-frame, say), and accepts any patch of its own minor.
 * The version is in the names the module imports.
 */
function declaredVersion(file: string, module: WebAssembly.Module): string {
  const prefix = `${ABI_PACKAGE}/host@`;
  const versions = WebAssembly.Module.imports(module).filter((i) => i.module.startsWith(prefix)).map((i) => i.module.slice(prefix.length));
  const refused = versionRefusal(file, versions);
  if (refused) throw new Error(`${refused} (rebuild it: npm run build:mini)`);
  return versions[0];
}

/** The debuggable build: mini.wasm, or another build of the interpreter named by NESTDBG_MINI_WASM. */
function hookedWasm(): string {
  return process.env.NESTDBG_MINI_WASM || MINI_WASM;
}

export class MiniProducer implements Producer {
  private host: Host = STANDALONE;
  private readonly exports: Record<string, Fn>;
  private readonly canon: Canon;
  /** Where the module's exports are: under the version it was built for, which may be another patch than ours (SPEC §1.2). */
  private readonly producerPrefix: string;

  /** `plain`: the build without hooks (mini-plain.wasm): it runs, but never stops or polls. */
  constructor(options: { plain?: boolean } = {}) {
    const { module, version } = compile(options.plain ? MINI_PLAIN_WASM : hookedWasm());
    const instance = new WebAssembly.Instance(module, { [`${ABI_PACKAGE}/host@${version}`]: this.imports() });
    this.producerPrefix = `${ABI_PACKAGE}/producer@${version}#`;
    this.exports = instance.exports as unknown as Record<string, Fn>;
    this.canon = new Canon(instance.exports.memory as WebAssembly.Memory, this.exports.cabi_realloc);
  }

  connect(host: Host): void {
    this.host = host;
  }

  /** Runs a program to its end; returns its exit code (1 after a syntax or runtime error). */
  run(url: string, source: string, stopOnEntry: boolean): number {
    const [urlPtr, urlLen] = this.canon.lowerString(url);
    const [srcPtr, srcLen] = this.canon.lowerString(source);
    try {
      return this.exports['mini-run'](urlPtr, urlLen, srcPtr, srcLen, stopOnEntry ? 1 : 0);
    } catch (e) {
      // A trap (out of memory, say): the interpreter is unusable, but the debuggee reports it and ends.
      this.host.output({ category: 'stderr', text: `mini: the interpreter stopped: ${(e as Error).message}\n` });
      return 1;
    }
  }

  /**
   * The host functions, as the C code imports them: flattened per the canonical ABI. The blocking
   * ones return a host-command, written at `ret` (SPEC §2.6): the host is never called back.
   */
  private imports(): Record<string, Fn> {
    const c = () => this.canon;
    // A host that throws must not unwind through the interpreter (SPEC §11): report it, resume.
    const guard = (name: string, f: Fn, retAt?: number): Fn => (...args) => {
      try {
        return f(...args);
      } catch (e) {
        process.stderr.write(`nestdbg: mini: the host's ${name} failed: ${(e as Error).stack ?? e}\n`);
        if (retAt !== undefined) c().lowerCommand(args[retAt], RESUME_RUN);
        return 0;
      }
    };
    return {
      'script-loaded': guard('script-loaded', (id, urlPtr, urlLen, srcSome, srcPtr, srcLen, mapSome, mapPtr, mapLen, ret) => {
        c().lowerCommand(ret, this.host.scriptLoaded({
          id, url: c().text(urlPtr, urlLen),
          source: srcSome ? c().text(srcPtr, srcLen) : undefined,
          sourceMap: mapSome ? c().text(mapPtr, mapLen) : undefined,
        }));
        return 0;
      }, 9),
      stopped: guard('stopped', (reason, script, line, column, descSome, descPtr, descLen, ret) => {
        c().lowerCommand(ret, this.host.stopped({
          reason: STOP_REASON[reason], position: { script, line, column },
          description: descSome ? c().text(descPtr, descLen) : undefined,
        }));
        return 0;
      }, 7),
      output: guard('output', (category, textPtr, textLen, posSome, script, line, column) => {
        this.host.output({
          category: OUTPUT_CATEGORY[category] ?? 'stdout', text: c().text(textPtr, textLen),
          position: posSome ? { script, line, column } : undefined,
        });
        return 0;
      }),
      'poll-pause': guard('poll-pause', (ret) => {
        c().lowerCommand(ret, this.host.pollPause());
        return 0;
      }, 0),
      reply: guard('reply', (...args) => {
        c().lowerCommand(args[13], this.host.reply(c().liftReply(args.slice(0, 13))));
        return 0;
      }, 13),
    };
  }

  /** Calls a producer export, lifts its result, then lets the module free it (cabi_post_*). */
  private call<T>(name: string, lift: (ret: number) => T, ...args: number[]): T {
    let ret: number;
    try {
      ret = this.exports[this.producerPrefix + name](...args);
    } catch (e) {
      throw new AbiError({ message: `mini: ${name} failed: ${(e as Error).message}` });
    }
    try {
      return lift(ret);
    } finally {
      this.exports[`cabi_post_${this.producerPrefix}${name}`](ret);
    }
  }

  // ---- the ABI ------------------------------------------------------------------------------------

  capabilities(): Capability[] {
    return this.call('capabilities', (r) => this.canon.list(r, 1, (p) => CAPABILITY[this.canon.u8(p)]));
  }

  setBreakpoints(script: number, requests: BreakpointRequest[]): BreakpointResult[] {
    const [ptr, len] = this.canon.lowerBreakpointRequests(requests);
    return this.call('set-breakpoints', (r) => this.canon.list(r, 32, this.canon.breakpointResult), script >>> 0, ptr, len);
  }

  requestPause(): void {
    this.exports[this.producerPrefix + 'request-pause']();
  }

  setFunctionBreakpoints(): never {
    return this.call('set-function-breakpoints', (r) => this.canon.result(r, () => { throw new Error('unreachable'); }), 0, 0);
  }

  setExceptionBreakpoints(filters: ExceptionFilter[]): void {
    const [ptr, len] = this.canon.lowerExceptionFilters(filters);
    this.call('set-exception-breakpoints', (r) => this.canon.result(r, () => undefined), ptr, len);
  }

  breakpointLocations(script: number, startLine: number, endLine: number): never {
    return this.call('breakpoint-locations', (r) => this.canon.result(r, () => { throw new Error('unreachable'); }), script >>> 0, startLine >>> 0, endLine >>> 0);
  }

  exceptionInfo(): ExceptionDetails {
    return this.call('exception-info', (r) => this.canon.result(r, this.canon.exceptionDetails));
  }

  frames(): FrameInfo[] {
    return this.call('frames', (r) => this.canon.result(r, (p) => this.canon.list(p, 28, this.canon.frameInfo)));
  }

  scopes(frame: number): ScopeInfo[] {
    return this.call('scopes', (r) => this.canon.result(r, (p) => this.canon.list(p, 28, this.canon.scopeInfo)), frame >>> 0);
  }

  variables(container: number, filter: ChildrenFilter, start: number, count: number): VariableInfo[] {
    return this.call('variables', (r) => this.canon.result(r, (p) => this.canon.list(p, 48, this.canon.variableInfo)),
      container >>> 0, Math.max(CHILDREN_FILTER.indexOf(filter), 0), start >>> 0, count >>> 0);
  }

  evaluate(frame: number | undefined, expression: string, context: EvalContext): ValueInfo {
    const [ptr, len] = this.canon.lowerString(expression);
    return this.call('evaluate', (r) => this.canon.result(r, this.canon.valueInfo),
      frame === undefined ? 0 : 1, (frame ?? 0) >>> 0, ptr, len, Math.max(EVAL_CONTEXT.indexOf(context), 0));
  }

  setVariable(container: number, name: string, expression: string): ValueInfo {
    const [namePtr, nameLen] = this.canon.lowerString(name);
    const [ptr, len] = this.canon.lowerString(expression);
    return this.call('set-variable', (r) => this.canon.result(r, this.canon.valueInfo), container >>> 0, namePtr, nameLen, ptr, len);
  }
}
