// The Wasm-level debug API, shaped like Wasmtime's debugger WIT (crates/debugger/wit/world.wit):
// a debuggee with its modules, interrupt / single-step / continue returning the next event, and,
// while paused, frames with function index, pc, locals, operand stack and their instance's
// memories and globals. Backend: V8's inspector over CDP (./cdp.ts). Knows nothing about scripts.
//
// Everything that reads state works only while V8 is paused (like Wasmtime's, whose frames exist
// only inside an event). Memory and globals are reached through a paused Wasm frame of the
// instance: V8 offers no other handle on an instance's memory.
import { Cdp } from './cdp.js';
import { WasmModule } from './module.js';
import { WasmInstance } from './memory.js';

export { WasmModule, WasmInstance };
export { WasmMemory } from './memory.js';

/** URL patterns (regex sources) of interpreter glue JS, blackboxed so stepping skips it. */
export const GLUE_PATTERNS: readonly string[] = [
  '/quickjs-emscripten-core/', '/quickjs-emscripten/', '/@jitl/quickjs-', '/wasmoon/dist/',
];

const GLUE = GLUE_PATTERNS.map((p) => new RegExp(p));

/** Whether a script URL is interpreter glue (GLUE_PATTERNS). */
export function isGlueUrl(url: string): boolean {
  return GLUE.some((g) => g.test(url));
}

/** A Wasm value. i64 is a decimal string; v128 and references are V8's description text. */
export interface WasmValue {
  name: string;
  type: string;
  value: number | string | null;
}

export interface BreakpointHit {
  module: WasmModule;
  pc: number;
}

/** Why V8 paused. Wasmtime's events, plus `debugger-statement` (JS `debugger;`) and `other`. */
export type WasmEvent =
  | { tag: 'breakpoint'; breakpoints: BreakpointHit[] }
  /** A line breakpoint in the host's JavaScript (host-breakpoints.ts): V8's breakpoint ids. */
  | { tag: 'js-breakpoint'; ids: string[] }
  | { tag: 'step' }
  | { tag: 'interrupted' }
  | { tag: 'caught-exception-thrown' | 'uncaught-exception-thrown'; description?: string }
  | { tag: 'debugger-statement' }
  | { tag: 'other'; reason: string };

export type StepKind = 'into' | 'over' | 'out';

export interface DebuggeeOptions {
  /** Regex sources of URLs to blackbox (default GLUE_PATTERNS). */
  blackbox?: readonly string[];
}

interface CdpLocation { scriptId: string; lineNumber: number; columnNumber?: number }
interface CdpCallFrame {
  callFrameId: string;
  functionName: string;
  location: CdpLocation;
  url: string;
  scopeChain: CdpScope[];
}
/** A scope of a paused JS frame, as V8 reports it (its object lives until the pause ends). */
export interface CdpScope {
  type: string;
  name?: string;
  object: { objectId?: string };
}
interface ScriptParsed {
  scriptId: string;
  url: string;
  scriptLanguage?: string;
  codeOffset?: number;
  length?: number;
  hash: string;
  sourceMapURL?: string;
}

/** A script V8 is about to run that names a source map. */
export interface MappedScript {
  scriptId: string;
  url: string;
  sourceMapURL: string;
}

export class WasmDebuggee {
  private readonly modules = new Map<string, WasmModule>();
  private readonly urls = new Map<string, string>();
  private readonly breakpointSites = new Map<string, BreakpointHit>();
  private readonly jsBreakpoints = new Set<string>();
  private readonly pauseListeners = new Set<(pause: Pause) => void>();
  private readonly resumeListeners = new Set<() => void>();
  private readonly scriptListeners = new Set<(script: { scriptId: string; url: string; sourceMapURL?: string }) => void>();
  /**
   * Runs while V8 holds a script with a source map before its first line (an instrumentation
   * pause, never reported as a pause): breakpoints in its original files bind here.
   */
  beforeMappedScript: ((script: MappedScript) => Promise<void>) | undefined;
  private waiters: Array<(pause: Pause) => void> = [];
  private pending: 'step' | 'interrupt' | undefined;
  private current: Pause | undefined;
  private isEnabled = false;
  private pausedSeq = 0;

  constructor(readonly cdp: Cdp, private readonly options: DebuggeeOptions = {}) {
    cdp.on('Debugger.scriptParsed', (p: ScriptParsed) => this.onScript(p));
    cdp.on('Debugger.paused', (p) => void this.onPaused(p));
    cdp.on('Debugger.resumed', () => this.onResumed());
  }

  get enabled(): boolean {
    return this.isEnabled;
  }

  /** The current pause, while V8 is paused. */
  get paused(): Pause | undefined {
    return this.current;
  }

  /** Turns on the Debugger domain: V8 then compiles Wasm with debug hooks (slower). */
  async enable(): Promise<void> {
    if (this.isEnabled) return;
    await this.cdp.post('Debugger.enable', { maxScriptsCacheSize: 0 });
    this.isEnabled = true;
    await this.cdp.post('Debugger.setBlackboxPatterns', { patterns: [...(this.options.blackbox ?? GLUE_PATTERNS)] });
    await this.cdp.post('Debugger.setPauseOnExceptions', { state: 'none' });
    await this.cdp.post('Debugger.setInstrumentationBreakpoint', { instrumentation: 'beforeScriptWithSourceMapExecution' });
  }

  /** Turns the Debugger domain off: breakpoints go, a pause resumes, modules are forgotten. */
  async disable(): Promise<void> {
    if (!this.isEnabled) return;
    this.isEnabled = false;
    this.pausedSeq++; // drops a pause still being prepared in onPaused
    await this.cdp.post('Debugger.disable');
    this.modules.clear();
    this.urls.clear();
    this.breakpointSites.clear();
    this.jsBreakpoints.clear();
    this.onResumed();
  }

  allModules(): WasmModule[] {
    return [...this.modules.values()];
  }

  module(id: string): WasmModule | undefined {
    return this.modules.get(id);
  }

  /** The URL of any script V8 reported (callFrame.url is empty in Node 20: map it from scriptParsed). */
  scriptUrl(scriptId: string): string {
    return this.urls.get(scriptId) ?? '';
  }

  onPause(listener: (pause: Pause) => void): () => void {
    this.pauseListeners.add(listener);
    return () => this.pauseListeners.delete(listener);
  }

  /** Every script V8 parses (and, on enable, every script it had parsed before). */
  onScriptParsed(listener: (script: { scriptId: string; url: string; sourceMapURL?: string }) => void): () => void {
    this.scriptListeners.add(listener);
    return () => this.scriptListeners.delete(listener);
  }

  onResume(listener: () => void): () => void {
    this.resumeListeners.add(listener);
    return () => this.resumeListeners.delete(listener);
  }

  /** The next pause (already-current pauses do not count). */
  nextPause(): Promise<Pause> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Asks V8 to pause the running main thread; resolves with the `interrupted` pause. */
  async interrupt(): Promise<Pause> {
    this.requireEnabled();
    if (this.current) return this.current;
    const next = this.nextPause();
    this.pending = 'interrupt';
    await this.cdp.post('Debugger.pause');
    return next;
  }

  /** One Wasm instruction (`into`: entering calls; `over`; `out`: to the caller). JS frames step by statement. */
  async singleStep(kind: StepKind = 'into'): Promise<Pause> {
    this.requirePaused();
    const next = this.nextPause();
    this.pending = 'step';
    await this.cdp.post(kind === 'into' ? 'Debugger.stepInto' : kind === 'over' ? 'Debugger.stepOver' : 'Debugger.stepOut');
    return next;
  }

  /** Resumes; resolves at the next pause, which may never come. */
  async continue(): Promise<Pause> {
    this.requirePaused();
    const next = this.nextPause();
    await this.resume();
    return next;
  }

  /** Resumes without waiting for a next pause. */
  async resume(): Promise<void> {
    if (!this.current) return;
    this.pending = undefined;
    await this.cdp.post('Debugger.resume');
  }

  /** @internal */
  registerBreakpoint(id: string, hit: BreakpointHit | undefined): void {
    if (hit) this.breakpointSites.set(id, hit);
    else this.breakpointSites.delete(id);
  }

  /** @internal */
  registerJsBreakpoint(id: string, on: boolean): void {
    if (on) this.jsBreakpoints.add(id);
    else this.jsBreakpoints.delete(id);
  }

  private requireEnabled(): void {
    if (!this.isEnabled) throw new Error('the Wasm debugger is not enabled (mixed mode is off)');
  }

  private requirePaused(): Pause {
    if (!this.current) throw new Error('not paused');
    return this.current;
  }

  private onScript(p: ScriptParsed): void {
    this.urls.set(p.scriptId, p.url);
    for (const l of this.scriptListeners) l(p);
    if (p.scriptLanguage === 'WebAssembly') this.modules.set(p.scriptId, new WasmModule(this, p.scriptId, p.url, p.codeOffset ?? 0, p.length ?? 0));
  }

  private async onPaused(p: { callFrames: CdpCallFrame[]; reason: string; hitBreakpoints?: string[]; data?: { description?: string; uncaught?: boolean } }): Promise<void> {
    if (p.reason === 'instrumentation') {
      try {
        await this.beforeMappedScript?.(p.data as MappedScript);
      } finally {
        await this.cdp.post('Debugger.resume').catch(() => undefined);
      }
      return;
    }
    const seq = ++this.pausedSeq;
    const hits = (p.hitBreakpoints ?? []).map((id) => this.breakpointSites.get(id)).filter((h): h is BreakpointHit => !!h);
    let event: WasmEvent;
    if (p.reason === 'exception' || p.reason === 'promiseRejection') {
      event = { tag: p.data?.uncaught ? 'uncaught-exception-thrown' : 'caught-exception-thrown', description: p.data?.description };
    } else if (hits.length > 0) event = { tag: 'breakpoint', breakpoints: hits };
    else if (p.hitBreakpoints?.some((id) => this.jsBreakpoints.has(id))) event = { tag: 'js-breakpoint', ids: p.hitBreakpoints.filter((id) => this.jsBreakpoints.has(id)) };
    else if (this.pending === 'interrupt') event = { tag: 'interrupted' };
    else if (this.pending === 'step') event = { tag: 'step' };
    else if (p.reason === 'other' || p.reason === 'debugCommand') event = { tag: 'debugger-statement' };
    else event = { tag: 'other', reason: p.reason };
    this.pending = undefined;
    // Function indices need each module's code section: fetch it once, before anyone looks.
    const seen = new Set(p.callFrames.map((f) => f.location.scriptId));
    for (const id of seen) await this.modules.get(id)?.info().catch(() => undefined);
    // Resumed and paused again meanwhile, or disabled: a paused event that arrives as the domain
    // goes off must not become the current pause after disable() (its session may be gone).
    if (seq !== this.pausedSeq || !this.isEnabled) return;
    const pause = new Pause(this, event, p.callFrames);
    this.current = pause;
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w(pause);
    for (const l of this.pauseListeners) l(pause);
  }

  private onResumed(): void {
    if (!this.current) return;
    this.current.valid = false;
    this.current = undefined;
    this.pausedSeq++;
    for (const l of this.resumeListeners) l();
  }
}

/** One V8 pause: its event and its whole stack (JS and Wasm frames), valid until resumed. */
export class Pause {
  /** @internal */
  valid = true;
  readonly frames: Frame[];

  constructor(readonly debuggee: WasmDebuggee, readonly event: WasmEvent, callFrames: CdpCallFrame[]) {
    this.frames = callFrames.map((f, i): Frame => {
      const module = debuggee.module(f.location.scriptId);
      return module ? new WasmFrame(this, i, f, module) : new JsFrame(this, i, f, debuggee.scriptUrl(f.location.scriptId));
    });
  }

  wasmFrames(): WasmFrame[] {
    return this.frames.filter((f): f is WasmFrame => f.kind === 'wasm');
  }

  /** @internal Evaluates on one of this pause's frames. */
  async evaluate<T>(callFrameId: string, expression: string): Promise<T> {
    if (!this.valid) throw new Error('the pause has ended');
    const r = await this.debuggee.cdp.post<{ result: { value?: T; description?: string }; exceptionDetails?: { exception?: { description?: string }; text: string } }>(
      'Debugger.evaluateOnCallFrame',
      { callFrameId, expression, returnByValue: true, silent: true },
    );
    if (r.exceptionDetails) throw new Error(r.exceptionDetails.exception?.description ?? r.exceptionDetails.text);
    return r.result.value as T;
  }
}

abstract class FrameBase {
  readonly callFrameId: string;
  readonly functionName: string;
  constructor(readonly pause: Pause, readonly index: number, raw: CdpCallFrame) {
    this.callFrameId = raw.callFrameId;
    this.functionName = raw.functionName;
  }

  parentFrame(): Frame | undefined {
    return this.pause.frames[this.index + 1];
  }

  /** Evaluates JS on this frame (on a Wasm frame, V8's debug proxy: locals, stack, memories, globals...). */
  evaluate<T = unknown>(expression: string): Promise<T> {
    return this.pause.evaluate<T>(this.callFrameId, expression);
  }
}

export class JsFrame extends FrameBase {
  readonly kind = 'js';
  /** 0-based, as CDP reports them. */
  readonly scriptId: string;
  readonly line: number;
  readonly column: number;
  /** Innermost first: local, block, closure..., script, global. */
  readonly scopeChain: readonly CdpScope[];
  constructor(pause: Pause, index: number, raw: CdpCallFrame, readonly url: string) {
    super(pause, index, raw);
    this.scopeChain = raw.scopeChain ?? [];
    this.scriptId = raw.location.scriptId;
    this.line = raw.location.lineNumber;
    this.column = raw.location.columnNumber ?? 0;
  }
}

// One round trip for locals, operand stack and globals: V8 evaluates on a Wasm frame with its
// debug proxy in scope. Values become {type, value}; i64 (a BigInt) becomes a decimal string.
const STATE_EXPRESSION = `(() => {
  const v = (name, x) => ({ name, type: x && x.type !== undefined ? String(x.type) : typeof x,
    value: x === undefined || x === null ? null : typeof x.value === 'bigint' ? x.value.toString()
      : typeof x.value === 'number' ? x.value : x.value === undefined ? String(x) : String(x.value) });
  const all = (o) => Object.keys(o).map((k) => v(k, o[k]));
  return { locals: all(locals), stack: all(stack), globals: all(globals) };
})()`;

export interface WasmFrameState {
  locals: WasmValue[];
  /** The operand stack, bottom first. */
  stack: WasmValue[];
  globals: WasmValue[];
}

export class WasmFrame extends FrameBase {
  readonly kind = 'wasm';
  readonly pc: number;
  readonly funcIndex: number;
  private state: Promise<WasmFrameState> | undefined;

  constructor(pause: Pause, index: number, raw: CdpCallFrame, readonly module: WasmModule) {
    super(pause, index, raw);
    this.pc = raw.location.columnNumber ?? 0;
    const named = /^\$func(\d+)$/.exec(raw.functionName);
    this.funcIndex = module.funcIndexAt(this.pc) ?? (named ? Number(named[1]) : -1);
  }

  /** locals, operand stack and globals, read once per pause. */
  read(): Promise<WasmFrameState> {
    this.state ??= this.evaluate<WasmFrameState>(STATE_EXPRESSION);
    return this.state;
  }

  async locals(): Promise<WasmValue[]> {
    return (await this.read()).locals;
  }

  async stack(): Promise<WasmValue[]> {
    return (await this.read()).stack;
  }

  instance(): WasmInstance {
    return new WasmInstance(this);
  }
}

export type Frame = WasmFrame | JsFrame;
