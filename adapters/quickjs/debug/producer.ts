// The QuickJS producer: implements the debug-hook ABI for JavaScript running in quickjs-emscripten.
// The instrumented guest calls `stop` (a host function) only when a check decides to stop; the
// host's `stopped` then blocks this thread and serves inspection calls through the guest's
// control dispatcher until the host resumes.
import type { QuickJSHandle } from 'quickjs-emscripten-core';
import {
  AbiError, type BreakpointRequest, type BreakpointResult, type Capability, type ChildrenFilter, type EvalContext,
  type ExceptionDetails, type ExceptionFilter, type FunctionBreakpointRequest, type FunctionBreakpointResult, type Position,
  type FrameInfo, type NestedHost, type Producer, type ScopeInfo, type StopReason, type ValueInfo, type VariableInfo,
} from '../../../abi/index.js';
import { installGuestRuntime, promiseStateFunction } from './guest-runtime.js';
import { QUICKJS_CAPABILITIES } from '../index.js';
import type { GuestError, GuestSession, OutputLevel } from '../guest-session.js';
import { HandleTable, type FrameRecord } from './handles.js';
import { StopInspection } from './stop-inspection.js';
import { ScriptRegistry, type LoadedScript } from './scripts.js';
import { calledByBuiltin, mapStackText, scriptFrames } from './stack.js';
import { buildFrames, raisedAt, stackFrames } from './frames.js';
import { classifyException } from './breakpoint-kinds.js';
import { BreakpointTable } from './breakpoint-table.js';
import { settleModule } from '../modules.js';
import { readInputMap } from '../sources/input-map.js';
import { GuestControl } from './control.js';
import type { InspectionDeadline } from './deadline.js';
import { frameSlotFunction, MemoryFrames } from './memory-frames.js';
import { StackRealms } from './stack-realms.js';
import { SeenExceptions } from './seen-exceptions.js';

/** What the producer needs of a context: a GuestSession, or an embedding app's context (embed/hook.ts). */
export type ProducerSession = Pick<GuestSession, 'context' | 'runtime' | 'takeError' | 'drainJobs'>;

export interface ProducerOptions {
  sourceMaps?: boolean;
  /** Shared by the producers of several contexts debugged as one (embed/contexts.ts). */
  scriptIds?: () => number;
  handleIds?: () => number;
  deadline?: InspectionDeadline;
  /** The scripts of another context of the runtime, by its realm (embed/contexts.ts). */
  scriptsOfRealm?: (realm: number) => ScriptRegistry | undefined;
  /** The exception last looked at, shared by the contexts of a runtime. */
  seenExceptions?: SeenExceptions;
}

export class QuickJsProducer implements Producer {
  readonly scripts: ScriptRegistry;
  private readonly handles: HandleTable;
  private readonly breakpoints: BreakpointTable;
  private readonly control: GuestControl;
  private readonly inspection: StopInspection;
  private registerFlags!: QuickJSHandle;
  private frameRecords: FrameRecord[] | undefined;
  private memoryFrames: MemoryFrames | undefined;
  /** Whose frames are on the stack, this context's or another's (stack-realms.ts). */
  realms!: StackRealms;
  private host: NestedHost | undefined;
  /** True while the host handles script-loaded: the script has not started. */
  private loading = false;
  private callersInstrumented = false;
  private readonly seenExceptions: SeenExceptions;

  /**
   * `sourceMaps: false` ignores scripts' own source maps (js-debug's launch option): positions are
   * then in the loaded JavaScript. Mapping lives here, not in the DAP adapter, because the ABI
   * speaks original positions (SPEC §3.3) and only the producer knows the valid positions a
   * breakpoint in the original source binds to (§4.2).
   */
  constructor(private readonly session: ProducerSession, private readonly options: ProducerOptions = {}) {
    this.scripts = new ScriptRegistry(options.scriptIds);
    this.seenExceptions = options.seenExceptions ?? new SeenExceptions();
    this.handles = new HandleTable(options.handleIds);
    this.control = new GuestControl(session.context, (h) => session.takeError(h), options.deadline);
    this.inspection = new StopInspection({ handles: this.handles, scripts: this.scripts, stopped: () => this.stopped(), call: (name, ...args) => this.call(name, ...args) });
    this.breakpoints = new BreakpointTable(this.scripts, (all, fns) => new Map(this.call<Array<[string, string]>>('setBreakpoints', all, fns)));
  }

  /** Installs the guest half. Call before any script runs. */
  install(): void {
    const ctx = this.session.context;
    const { dispatch, registerFlags } = installGuestRuntime(ctx, {
      stop: (reason, site, stack, exceptionKind) =>
        ctx.newString(this.onStop(ctx.getString(reason) as StopReason, ctx.getNumber(site), ctx.getString(stack), ctx.getNumber(exceptionKind))),
      classify: (stack) => ctx.newString(classifyException(this.realms.scriptFrames(ctx.getString(stack)))),
      depth: () => ctx.newNumber(this.realms.ownDepth() ?? -1),
      seen: (value, kind) => (this.memoryFrames && this.seenExceptions.seenElsewhere(this.memoryFrames.memory.heap, value, ctx.getNumber(kind)) ? ctx.true : ctx.false),
      log: (site, text) => { this.onLogpoint(ctx.getNumber(site), ctx.getString(text)); },
      mapStack: (text) => ctx.newString(mapStackText(ctx.getString(text), this.scripts)),
      guard: this.control.guard,
      promiseState: promiseStateFunction(ctx),
      frameSlot: frameSlotFunction(ctx, () => this.memoryFrames),
      swap: (plain, sibling, on) => this.memoryFrames?.swaps.swap(plain, sibling, ctx.getNumber(on) === 1),
      alignStack: (stack) => ctx.newString(this.memoryFrames?.stackWithSwappedFrames(ctx.getString(stack)) ?? ctx.getString(stack)),
    });
    this.control.attach(dispatch);
    this.registerFlags = registerFlags;
    this.memoryFrames = MemoryFrames.open(ctx, this.scripts);
    this.realms = new StackRealms(this.memoryFrames?.memory, this.scripts, this.options.scriptsOfRealm);
    this.installInterruptHandler();
  }

  /** Pause polling and the inspection deadline; the runtime has one handler for all its contexts. */
  installInterruptHandler(): void {
    const deadline = this.control.deadline;
    this.session.runtime.setInterruptHandler(() => {
      // While inspection code runs the guest is stopped: only its deadline matters, and adapter
      // requests must wait (serving them here would re-enter QuickJS inside the interrupt).
      if (deadline.active) return deadline.expired();
      if (this.host?.pollPause()) this.requestPause();
      return false;
    });
  }

  dispose(): void {
    this.memoryFrames?.swaps.dispose();
    this.session.runtime.removeInterruptHandler();
    this.control.dispose();
    this.registerFlags.dispose();
  }

  connect(host: NestedHost): void {
    this.host = host;
  }

  /** Loads, announces and runs one script. Throws InstrumentError on a syntax error. Errors are unmapped. */
  runScript(url: string, source: string, options: { stopOnEntry?: boolean; module?: boolean } = {}): GuestError | undefined {
    const script = this.prepareScript(url, source, { module: options.module });
    if (options.stopOnEntry) this.call('armEntry');
    this.topLevel(true);
    const result = this.session.context.evalCode(script.instrumented.code, url, { type: options.module ? 'module' : 'global' });
    this.topLevel(false);
    // Errors come back with instrumented positions; the caller maps them once (mapError).
    if (result.error) return this.session.takeError(result.error);
    const moduleError = options.module ? settleModule(this.session, result.value) : (result.value.dispose(), undefined);
    if (moduleError) return moduleError;
    return this.session.drainJobs();
  }

  /** Around top-level code the caller evaluates itself (prepareScript): a step ends when it returns (SPEC §6.3). */
  topLevel(running: boolean): void {
    if (!running) this.call('topLevelReturned');
  }

  /**
   * Instruments, registers and announces a script (with a source map: each original source it maps
   * to, SPEC §3.5) and declares its flags; the caller then evaluates `instrumented.code` under
   * `url`. Used for the main script, imported modules and scripts an embedding app evaluates.
   * Throws InstrumentError on a syntax error.
   */
  prepareScript(url: string, source: string, options: { module?: boolean } = {}): LoadedScript {
    const inputMap = this.options.sourceMaps === false ? undefined
      : readInputMap(url, source, (message) => this.write('warn', `nestdbg: ${message}`, undefined));
    // Top-level functions are armed by swapping code where frames can be read from memory.
    const script = this.scripts.load(url, source, { module: options.module, inputMap, swap: this.memoryFrames !== undefined });
    this.declareFlags(script);
    this.breakpoints.scriptLoaded();
    this.loading = true;
    try {
      if (script.original) {
        script.originalIds!.forEach((id, i) => {
          if (id === undefined) return;
          const original = script.original!.sources[i];
          this.host?.scriptLoaded({ id, url: original.url, source: original.text, sourceMap: script.original!.composedMap(i, url) });
        });
        // Code mapped to a missing source is shown (and takes breakpoints) in the script itself.
        if (script.original.missesSources()) this.host?.scriptLoaded({ id: script.id, url, source, sourceMap: script.instrumented.sourceMap });
      } else {
        this.host?.scriptLoaded({ id: script.id, url, source, sourceMap: script.instrumented.sourceMap });
      }
    } finally {
      this.loading = false;
    }
    return script;
  }

  // The script's per-function flags exist before its code runs; only the guest runtime can set them.
  private declareFlags(script: LoadedScript) {
    const ctx = this.session.context;
    this.call('addScript', script.url);
    const setters = ctx.unwrapResult(ctx.evalCode(script.instrumented.flagPrelude, `nestdbg:flags:${script.id}`, { type: 'global' }));
    ctx.unwrapResult(ctx.callFunction(this.registerFlags, ctx.undefined, setters)).dispose();
    setters.dispose();
  }

  mapError(error: GuestError): GuestError {
    return { ...error, stack: mapStackText(error.stack, this.scripts) };
  }

  /** Where a console call came from, from the guest stack captured at the call (its frames still live). */
  outputPosition(stack: string | undefined) {
    if (!stack) return undefined;
    const top = scriptFrames(this.memoryFrames?.stackWithSwappedFrames(stack) ?? stack, this.scripts)[0];
    return top && this.scripts.position(this.scripts.get(top.scriptId)!, top.line, top.column);
  }

  write(level: OutputLevel, text: string, stack: string | undefined): void {
    const category = level === 'log' ? 'stdout' : 'stderr';
    if (this.host) this.host.output({ category, text: text + '\n', position: this.outputPosition(stack) });
    else (level === 'log' ? process.stdout : process.stderr).write(text + '\n');
  }

  // ---- the ABI ---------------------------------------------------------------------------------

  capabilities(): Capability[] {
    return [...QUICKJS_CAPABILITIES];
  }

  setBreakpoints(scriptId: number, requests: BreakpointRequest[]): BreakpointResult[] {
    return this.breakpoints.setLine(scriptId, requests);
  }

  setFunctionBreakpoints(requests: FunctionBreakpointRequest[]): FunctionBreakpointResult[] {
    return this.breakpoints.setFunction(requests);
  }

  setExceptionBreakpoints(filters: ExceptionFilter[]): void {
    this.seenExceptions.forget();
    this.call('setExceptionFilters', filters.map((f) => ({ kind: f.kind, cond: f.condition?.trim() ? f.condition : undefined })));
  }

  breakpointLocations(scriptId: number, startLine: number, endLine: number): Position[] {
    return this.breakpoints.locations(scriptId, startLine, endLine);
  }

  exceptionInfo(): ExceptionDetails {
    this.stopped();
    const d = this.call<{ id: string; description: string; caught: boolean; stack?: string }>('exceptionInfo');
    return {
      id: d.id, description: d.description, kind: d.caught ? 'caught' : 'uncaught',
      stackTrace: d.stack === undefined ? undefined : mapStackText(d.stack, this.scripts),
    };
  }

  private onLogpoint(siteId: number, text: string) {
    const at = this.scripts.site(siteId);
    const position = at && this.scripts.position(at.script, at.site.line, at.site.column);
    if (this.host) this.host.output({ category: 'stdout', text: text + '\n', position });
    else process.stdout.write(text + '\n');
  }

  /** Turns every check on for good, without stopping: only the instrumented versions of code run. */
  checkEverywhere(): void {
    this.call('checkEverywhere');
  }

  requestPause(): void {
    // A pause asked for before the script's first statement is the entry stop (SPEC §6.1).
    this.call(this.loading ? 'armEntry' : 'requestPause');
  }

  /**
   * Mixed mode (runtime/agent/api.ts HostStops): while the host can stop inside the guest's host
   * calls, functions that call run their instrumented copies (level 1), so a step out of the host
   * function stops at the caller's next statement.
   */
  setHostStops(on: boolean): void {
    this.call('setHostStops', on);
  }

  /** Withdraws a pause not yet taken (another context of the same app took it). */
  cancelPause(): void {
    this.call('cancelPause');
  }

  // ---- several contexts of one runtime on one stack (embed/contexts.ts) ----------------------------

  get runtime(): ProducerSession['runtime'] {
    return this.session.runtime;
  }

  /**
   * Goes on with a step another context of the runtime started: 'into' stops at the next statement
   * here; 'return' at the next statement of this context's innermost frame on the stack now (or
   * of one under it), where the stepping context's frames return to.
   */
  continueStep(kind: 'into' | 'return'): void {
    this.call('continueStep', kind);
  }

  /** Ends a step under way here (a stop elsewhere ended it). */
  cancelStep(): void {
    this.call('cancelStep');
  }

  /** While another context holds breakpoints, functions here run their instrumented copies, so steps out of it land here. */
  instrumentCallers(on: boolean): void {
    if (on === this.callersInstrumented) return;
    this.callersInstrumented = on;
    this.call('instrumentCallers', on);
  }

  /** Whether a handle of the current stop is this producer's. */
  ownsHandle(handle: number): boolean {
    return this.handles.get(handle) !== undefined;
  }

  /** Each frame's place in the runtime's stack, counted from the outermost frame, by frame id. */
  framePlaces(): number[] {
    return this.stopped().map((f) => f.fromBottom);
  }

  frames(): FrameInfo[] {
    return this.stopped().map((f) => ({
      id: f.id, name: f.name, position: this.scripts.position(this.scripts.get(f.scriptId)!, f.line, f.column), inspectable: !!f.scopes,
      ...(f.nativeFrame !== undefined ? { nativeFrame: f.nativeFrame } : {}),
    }));
  }

  scopes(frameId: number): ScopeInfo[] {
    return this.inspection.scopes(frameId);
  }

  variables(container: number, filter: ChildrenFilter, start: number, count: number): VariableInfo[] {
    return this.inspection.variables(container, filter, start, count);
  }

  evaluate(frameId: number | undefined, expression: string, context: EvalContext): ValueInfo {
    return this.inspection.evaluate(frameId, expression, context);
  }

  setVariable(container: number, name: string, expression: string): ValueInfo {
    return this.inspection.setVariable(container, name, expression);
  }

  // ---- inside a host call (HostCallInspection) ---------------------------------------------------

  /**
   * V8 paused in a host function this context's guest called (mixed mode): the guest is at a safe
   * point (inside a host call), so its frames become inspectable as at a stop until leaveHostCall.
   * False when this context's guest is not in a call (or is stopped already).
   */
  enterHostCall(): boolean {
    if (this.frameRecords) return false;
    const text = stackFrames(this.scripts, this.call<string>('hostCallEnter'));
    const frames = this.memoryFrames ? this.memoryFrames.ownFrames(text) : text;
    if (frames.length === 0) {
      this.call('hostCallLeave');
      return false;
    }
    this.frameRecords = frames;
    this.memoryFrames?.attach(frames);
    return true;
  }

  leaveHostCall(): void {
    if (!this.frameRecords) return;
    this.frameRecords = undefined;
    this.memoryFrames?.clear();
    this.handles.clear();
    this.call('hostCallLeave');
  }

  // ---- stops -------------------------------------------------------------------------------------

  private onStop(reason: StopReason, siteId: number, stack: string, exceptionKind = -1): string {
    const host = this.host;
    if (!host) return 'run';
    try {
      const at = this.scripts.site(siteId);
      if (!at) return 'run';
      const frames = buildFrames(this.scripts, at.script, at.site.line, at.site.column, at.site.scope, stack, exceptionKind === 2);
      this.frameRecords = this.memoryFrames ? this.memoryFrames.ownFrames(frames) : frames;
      let description: string | undefined;
      if (reason === 'exception') {
        const d = this.exceptionInfo();
        description = d.id && d.description ? `${d.id}: ${d.description}` : d.description || d.id;
        if (exceptionKind === 2) raisedAt(this.scripts, this.frameRecords, d.stackTrace);
      }
      this.memoryFrames?.attach(this.frameRecords);
      const top = this.frameRecords[0];
      const position = top ? this.scripts.position(this.scripts.get(top.scriptId)!, top.line, top.column)
        : this.scripts.position(at.script, at.site.line, at.site.column);
      const action = host.stopped({ reason, position, description });
      if (action.tag !== 'step') return 'run';
      // A step over a return to a builtin goes on into the next function the builtin calls (V8).
      const intoBuiltin = action.val === 'over' && at.site.returns && exceptionKind === -1 && calledByBuiltin(stack, this.scripts);
      return intoBuiltin ? 'into' : action.val;
    } catch (e) {
      process.stderr.write(`nestdbg: stop failed: ${(e as Error).stack ?? e}\n`);
      return 'run';
    } finally {
      this.frameRecords = undefined;
      this.memoryFrames?.clear();
      this.handles.clear();
    }
  }

  private stopped(): FrameRecord[] {
    if (!this.frameRecords) throw new AbiError({ message: 'the guest is not stopped' });
    return this.frameRecords;
  }

  /** Calls the guest's control dispatcher (control.ts). */
  private call<T = unknown>(name: string, ...args: unknown[]): T {
    return this.control.call<T>(name, args);
  }
}
