// Mixed mode for a DAP session: while it is on, a script stop is also a V8 pause, so the stack
// shows the script frames, the interpreter's Wasm frames and the host app's JS frames; Wasm frames
// get disassembly, memory, scopes, instruction stepping and instruction breakpoints. The session
// delegates to this class; the translations themselves are in translate.ts.
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { FrameInfo } from '../../../abi/index.js';
import type { DebuggeeConnection } from '../../../runtime/launcher.js';
import * as M from './translate.js';
import { HostBreakpointTable } from './host-breakpoints.js';
import { HostValues } from './host-values.js';

/** Scope references for Wasm frames live above the producer's handles. */
const WASM_SCOPE_BASE = 1 << 30;

export type StopKind = 'script' | 'mixed' | 'wasm';

export interface MixedHost {
  scriptSource(script: number): DebugProtocol.Source | undefined;
  /** The producer's frames of the current script stop. */
  scriptFrames(): Promise<FrameInfo[]>;
  /** A fresh DAP frame id; script frames also register with the session's frame map. */
  newFrameId(ref: M.FrameRef): number;
  clientLine(line: number): number;
  clientColumn(column: number): number;
}

export class MixedMode {
  enabled = false;
  /** Requested at launch ("mixedStack"): turned on once the first script is loaded. */
  private requested: boolean;
  stopKind: StopKind = 'script';
  /** A Wasm stop in a host function the guest called: the guest's frames are readable too. */
  private guestFrames = false;
  private readonly modules = new M.ModuleTable();
  private readonly refs = new Map<number, M.FrameRef>();
  /** The V8 index of the innermost Wasm frame the client was shown at this stop (stackTrace). */
  private innermostShownWasm: number | undefined;
  private readonly scopeRefs = new Map<number, M.WasmScopeRef>();
  private nextScopeRef = 0;
  /** Breakpoints in the host's own JS files, bound through V8 while mixed mode is on. */
  readonly hostBreakpoints: HostBreakpointTable;
  /** Scopes, values and evaluation of host JS frames. */
  private readonly hostValues: HostValues;

  constructor(private readonly debuggee: DebuggeeConnection, private readonly host: MixedHost, requested: boolean) {
    this.hostBreakpoints = new HostBreakpointTable(debuggee);
    this.hostValues = new HostValues(debuggee, () => WASM_SCOPE_BASE + this.nextScopeRef++);
    this.requested = requested;
  }

  /** On, or asked for at launch and about to go on. */
  get onOrRequested(): boolean {
    return this.enabled || this.requested;
  }

  /** A script loaded: turns mixed mode on if the launch asked for it; undefined when there is nothing to do. */
  enableIfRequested(): Promise<void> | undefined {
    if (!this.requested || this.enabled) return undefined;
    this.requested = false;
    return this.setEnabled(true);
  }

  /** Turns mixed mode on or off (the V8 Debugger domain is enabled only while on). */
  async setEnabled(on: boolean): Promise<void> {
    const r = await this.debuggee.wasm('setMixed', on);
    this.enabled = r.enabled;
    if (!this.enabled) this.hostBreakpoints.clear(); // the Debugger domain took them with it
    if (this.enabled) this.modules.update(await this.debuggee.wasm('modules'));
  }

  /** A new stop began: forget the previous one's frames and scopes. */
  onStop(kind: StopKind, guestFrames = false): void {
    this.stopKind = kind;
    this.guestFrames = kind === 'wasm' && guestFrames;
    this.refs.clear();
    this.innermostShownWasm = undefined;
    this.scopeRefs.clear();
    this.hostValues.clear();
  }

  /** Whether this stop has script frames: a script stop, or a Wasm stop inside a host call the guest made. */
  hasScriptFrames(): boolean {
    return this.stopKind !== 'wasm' || this.guestFrames;
  }

  /** Whether this stop's stack comes from here rather than from the producer alone. */
  ownsStack(): boolean {
    return this.stopKind !== 'script';
  }

  async stackTrace(scriptFrames: FrameInfo[]): Promise<DebugProtocol.StackFrame[]> {
    this.modules.update(await this.debuggee.wasm('modules'));
    const v8 = await this.debuggee.wasm('frames');
    const script = this.hasScriptFrames() ? scriptFrames : [];
    const frames = M.mergeStack(script, v8, {
      // In a host function the guest called, the Wasm above the guest's frame made that call: shown.
      stopInWasm: this.stopKind === 'wasm',
      modules: this.modules,
      scriptSource: (id) => this.host.scriptSource(id),
      frameId: (ref) => {
        const id = this.host.newFrameId(ref);
        this.refs.set(id, ref);
        return id;
      },
      clientLine: (l) => this.host.clientLine(l),
      clientColumn: (c) => this.host.clientColumn(c),
    }, await this.holders(script));
    const shown = frames.map((f) => this.refs.get(f.id)).find((ref) => ref?.kind === 'wasm');
    this.innermostShownWasm = shown?.kind === 'wasm' ? shown.index : undefined;
    return frames;
  }

  /** Which Wasm frames hold each script frame's record (its native-frame address); undefined if a frame has none. */
  private async holders(script: FrameInfo[]): Promise<Array<Array<{ frame: number }>> | undefined> {
    if (script.length === 0 || script.some((f) => f.nativeFrame === undefined)) return undefined;
    return this.debuggee.wasm('framesHolding', script.map((f) => f.nativeFrame!));
  }

  /** Scopes of a Wasm or host frame; undefined for a script frame (the producer answers). */
  async scopes(frameId: number): Promise<DebugProtocol.Scope[] | undefined> {
    const ref = this.refs.get(frameId);
    if (!ref || ref.kind === 'script') return undefined;
    if (ref.kind === 'host') return this.hostValues.scopes(ref.index);
    if (ref.kind !== 'wasm') return [];
    return M.wasmScopes({ index: ref.index, module: ref.module }, (scope) => {
      const id = WASM_SCOPE_BASE + this.nextScopeRef++;
      this.scopeRefs.set(id, scope);
      return id;
    });
  }

  /** Variables of a Wasm scope or host object; undefined when the reference is the producer's. */
  async variables(reference: number, args: { filter?: 'indexed' | 'named'; start?: number; count?: number } = {}): Promise<DebugProtocol.Variable[] | undefined> {
    const scope = this.scopeRefs.get(reference);
    if (!scope) return this.hostValues.variables(reference, args);
    const state = scope.kind === 'module' ? undefined : await this.debuggee.wasm('frameState', scope.frame);
    const module = (await this.debuggee.wasm('modules')).find((m) => m.id === scope.module);
    return M.wasmVariables(scope.kind, state, module);
  }

  /** Sets a host variable or property; undefined when the reference is the producer's. Wasm values are read-only. */
  async setVariable(reference: number, name: string, value: string): Promise<DebugProtocol.SetVariableResponse['body'] | undefined> {
    if (this.scopeRefs.has(reference)) throw new Error('WebAssembly locals, operand stack and globals are read-only here.');
    if (!this.hostValues.owns(reference)) return undefined;
    return this.hostValues.setVariable(reference, name, value);
  }

  /** REPL completions in a host frame; none in Wasm and label frames. */
  async completions(frameId: number, text: string, column: number): Promise<DebugProtocol.CompletionItem[]> {
    const ref = this.refs.get(frameId);
    return ref?.kind === 'host' ? this.hostValues.completions(ref.index, text, column) : [];
  }

  /** Whether a DAP frame id is one of this stop's non-script frames (host, Wasm or label). */
  ownsFrame(frameId: number): boolean {
    const ref = this.refs.get(frameId);
    return ref !== undefined && ref.kind !== 'script';
  }

  /** Evaluates in a host frame (the host's realm); Wasm and label frames have no JavaScript to run. */
  async evaluate(frameId: number, expression: string): Promise<DebugProtocol.EvaluateResponse['body']> {
    const ref = this.refs.get(frameId);
    if (ref?.kind !== 'host') throw new Error('Evaluation needs a script or host JavaScript frame; this is a WebAssembly frame.');
    return this.hostValues.evaluate(ref.index, expression);
  }

  async disassemble(args: DebugProtocol.DisassembleArguments): Promise<DebugProtocol.DisassembledInstruction[]> {
    this.modules.update(await this.debuggee.wasm('modules'));
    const q = M.disassembleQuery(args, this.modules);
    return M.toDisassembledInstructions(await this.debuggee.wasm('disassemble', q.module, q.pc, q.instructionOffset, q.count), q.ordinal);
  }

  async readMemory(args: DebugProtocol.ReadMemoryArguments) {
    const q = M.readMemoryQuery(args);
    return M.readMemoryBody(await this.debuggee.wasm('readMemory', undefined, q.address, q.count));
  }

  async writeMemory(args: DebugProtocol.WriteMemoryArguments) {
    const q = M.writeMemoryQuery(args);
    return this.debuggee.wasm('writeMemory', undefined, q.address, q.data);
  }

  async setInstructionBreakpoints(args: DebugProtocol.SetInstructionBreakpointsArguments): Promise<DebugProtocol.Breakpoint[]> {
    this.modules.update(await this.debuggee.wasm('modules'));
    const q = M.instructionBreakpointQuery(args, this.modules);
    return M.instructionBreakpointResults(q, await this.debuggee.wasm('setInstructionBreakpoints', q), this.modules);
  }

  /**
   * Where a continue or step from this stop goes: the Wasm level (a function doing it) for any
   * resume from a Wasm stop and for instruction steps from a mixed one; else undefined, the producer.
   */
  wasmResumption(kind: 'continue' | 'into' | 'over' | 'out', granularity?: DebugProtocol.SteppingGranularity): (() => Promise<void>) | undefined {
    if (kind === 'continue') return this.stopKind === 'wasm' ? () => this.continueWasm() : undefined;
    if (this.stopKind !== 'script' && (granularity === 'instruction' || this.stopKind === 'wasm')) {
      // A statement step in at a host line goes on to the guest's first statement if the line runs guest code.
      return () => this.step(kind, granularity !== 'instruction' && this.stopKind === 'wasm' ? 'source' : 'instruction');
    }
    return undefined;
  }

  /**
   * Instruction-level stepping from a mixed or Wasm stop (statement-level in host JS). From a
   * script stop it steps in the innermost Wasm frame the stack shows (the interpreter call running
   * the stopped script frame), not in the hidden ones above it that made the stop.
   */
  async step(kind: 'into' | 'over' | 'out', level: 'instruction' | 'source' = 'instruction'): Promise<void> {
    if (this.stopKind !== 'mixed') return void await this.debuggee.wasm('step', kind, level);
    if (this.innermostShownWasm === undefined) await this.stackTrace(await this.host.scriptFrames());
    await this.debuggee.wasm('step', kind, level, this.innermostShownWasm);
  }

  async continueWasm(): Promise<void> {
    await this.debuggee.wasm('continue');
  }
}
