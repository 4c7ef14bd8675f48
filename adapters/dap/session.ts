// The DAP session: translates DAP requests into producer (ABI) calls and runtime calls, and
// debuggee events into DAP events. It holds no debugging logic of its own.
import path from 'node:path';
import {
  BreakpointEvent, ExitedEvent, InitializedEvent, LoadedSourceEvent, LoggingDebugSession, OutputEvent, Scope, Source, StackFrame,
  StoppedEvent, TerminatedEvent, Thread,
} from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { EvalContext, OutputEvent as AbiOutput, ScriptInfo, StopEvent, ValueInfo } from '../../abi/index.js';
import { launchDebuggee, type DebuggeeConnection } from '../../runtime/launcher.js';
import { LUA_DEBUGGEE } from '../lua/index.js';
import { MINI_DEBUGGEE } from '../mini/index.js';
import { QUICKJS_CAPABILITIES, QUICKJS_DEBUGGEE } from '../quickjs/index.js';
import { EMBED_HOOK, isEmbeddingApp } from '../quickjs/embed/index.js';
import { LoadedSources } from './sources/loaded-sources.js';
import { BreakpointStore } from './breakpoints.js';
import { completions } from './completions.js';
import { MixedMode } from './mixed/mixed-mode.js';
import { MIXED_CAPABILITIES } from './mixed/translate.js';
import { isHostCandidate } from './mixed/host-breakpoints.js';
import { dapCapabilities } from './capabilities.js';
import { abiBreakpointRequest } from './breakpoints/source-requests.js';
import { FunctionBreakpointStore } from './breakpoints/function-breakpoints.js';
import { abiExceptionFilters, dapExceptionInfo } from './breakpoints/exceptions.js';
import type { Capability, ExceptionFilter } from '../../abi/index.js';
import { validateLaunch, type LaunchArguments } from './launch-arguments.js';
import { GUEST_ONLY_CAPABILITIES, GUEST_ONLY_REFUSAL, redactHost } from './guest-only.js';

const THREAD_ID = 1;
const STOP_REASONS: Record<StopEvent['reason'], string> = {
  entry: 'entry', breakpoint: 'breakpoint', step: 'step', pause: 'pause', exception: 'exception', 'debugger-statement': 'breakpoint',
  'function-breakpoint': 'function breakpoint',
};

export class NestDebugSession extends LoggingDebugSession {
  private debuggee: DebuggeeConnection | undefined;
  private mixed: MixedMode | undefined;
  /** Mixed mode requested at launch: turned on once the first script is loaded. */
  private wantMixed = false;
  private readonly breakpoints = new BreakpointStore();
  private readonly scriptIds = new Map<string, number>();
  private readonly scriptPaths = new Map<number, string>();
  private markConfigured!: () => void;
  private readonly configured = new Promise<void>((resolve) => { this.markConfigured = resolve; });
  /** DAP frame id -> producer frame id, for the current stop only; ids are never reused. */
  private frames = new Map<number, number>();
  private nextFrameId = 1;
  private terminatedSent = false;
  /** What the producer declared (SPEC §12); QuickJS's until the debuggee answers. */
  private declared: readonly Capability[] = QUICKJS_CAPABILITIES;
  private readonly functionBreakpoints = new FunctionBreakpointStore();
  private exceptionFilters: ExceptionFilter[] = [];
  /** Every script (or original source) the debuggee announced: loadedSources, frames, output. */
  private readonly sources = new LoadedSources();
  /** The launch configuration, for `restart`. */
  private launchArgs: LaunchArguments | undefined;
  /** After `disconnect` with terminateDebuggee: false: the debuggee runs on, unhindered, to its end. */
  private detached = false;
  private detachedEnd: (() => void) | undefined;
  /** Guest-only mode for this run (see guest-only.ts): no host frames, values, paths or memory. */
  private hostHidden: boolean;
  private stderrWithheld = false;

  /** `guestOnly`: the operator's policy, every launch is guest-only whatever its arguments say. */
  constructor(private readonly policy: { guestOnly?: boolean } = {}) {
    super();
    this.hostHidden = policy.guestOnly === true;
    this.setDebuggerLinesStartAt1(true);
    this.setDebuggerColumnsStartAt1(true);
  }

  protected initializeRequest(response: DebugProtocol.InitializeResponse): void {
    // Mixed stacks come from the runtime (V8's view of the interpreter's Wasm), not the producer.
    response.body = { ...dapCapabilities(QUICKJS_CAPABILITIES), ...(this.policy.guestOnly ? GUEST_ONLY_CAPABILITIES : MIXED_CAPABILITIES) };
    this.sendResponse(response);
    this.sendEvent(new InitializedEvent());
  }

  protected configurationDoneRequest(response: DebugProtocol.ConfigurationDoneResponse): void {
    this.markConfigured();
    this.sendResponse(response);
  }

  protected launchRequest(response: DebugProtocol.LaunchResponse, args: LaunchArguments): void {
    this.handle(response, async () => {
      if (this.debuggee) throw new Error('Already launched.');
      await this.startDebuggee(args);
    });
  }

  /** Launches the debuggee of a launch configuration (launch and restart). */
  private async startDebuggee(args: LaunchArguments) {
    const launch = validateLaunch(args);
    if (typeof launch === 'string') throw new Error(launch);
    if (this.policy.guestOnly && (args.exposeHost === true || launch.mixedStack)) {
      throw new Error('This debug adapter serves guest-only sessions: "exposeHost" and "mixedStack" cannot be turned on.');
    }
    const hidden = this.policy.guestOnly === true || !launch.exposeHost;
    // Capabilities went out with `initialize`, before the launch arguments: withdraw them now.
    if (hidden && !this.policy.guestOnly) this.sendEvent({ seq: 0, type: 'event', event: 'capabilities', body: { capabilities: GUEST_ONLY_CAPABILITIES } } as DebugProtocol.CapabilitiesEvent);
    this.hostHidden = hidden;
    this.stderrWithheld = false;
    this.launchArgs = args;
    // The producer is chosen by the program's language (or "engine"). A Node app that embeds QuickJS
    // runs under node with the embed hook, which debugs every script it evaluates in QuickJS.
    const quickjs = launch.producer === 'quickjs';
    const embed = quickjs && isEmbeddingApp(launch.program);
    const entry = launch.producer === 'lua' ? LUA_DEBUGGEE : launch.producer === 'mini' ? MINI_DEBUGGEE : embed ? launch.program : QUICKJS_DEBUGGEE;
    const flags = embed ? [] : [
      ...(quickjs ? ['--engine', launch.engine] : []), ...(launch.stopOnEntry ? ['--stop-on-entry'] : []),
      ...(quickjs && !launch.sourceMaps ? ['--no-source-maps'] : []),
    ];
    const debuggee = await launchDebuggee({
      entry, args: [...flags, ...(embed ? [] : [launch.program]), ...launch.args], cwd: launch.cwd,
      env: { ...launch.env, ...(embed && !launch.sourceMaps ? { NESTDBG_SOURCE_MAPS: '0' } : {}), ...(hidden ? { NESTDBG_EXPOSE_HOST: '0' } : {}) },
      nodeArgs: embed ? ['--import', EMBED_HOOK] : undefined,
    });
    this.debuggee = debuggee;
    void this.readCapabilities(debuggee);
    debuggee.on('scriptLoaded', (info) => void this.onScriptLoaded(info));
    // Guest-only: no mixed mode at all, so nothing below the guest's frames can be reached.
    this.mixed = hidden ? undefined : new MixedMode(debuggee, {
      scriptSource: (id) => this.sources.source(id, (p) => this.convertDebuggerPathToClient(p)),
      newFrameId: (ref) => {
        const id = this.nextFrameId++;
        if (ref.kind === 'script') this.frames.set(id, ref.frame);
        return id;
      },
      clientLine: (l) => this.convertDebuggerLineToClient(l),
      clientColumn: (c) => this.convertDebuggerColumnToClient(c),
    });
    this.wantMixed = launch.mixedStack;
    debuggee.on('stopped', (event, mixed) => {
      this.mixed?.onStop(mixed ? 'mixed' : 'script');
      this.onStopped(event);
    });
    debuggee.on('wasmStopped', (event) => {
      this.mixed?.onStop('wasm');
      this.frames = new Map();
      if (event.reason === 'host-breakpoint') {
        // A line breakpoint in the host's own JS: V8 is paused in the host.
        const stopped = new StoppedEvent('breakpoint', THREAD_ID) as DebugProtocol.StoppedEvent;
        stopped.body.hitBreakpointIds = this.mixed?.hostBreakpoints.clientIdsOf(event.hostBreakpoints ?? []);
        return this.sendEvent(stopped);
      }
      const reason = event.reason === 'breakpoint' ? 'instruction breakpoint' : event.reason === 'step' ? 'step' : 'pause';
      this.sendEvent(new StoppedEvent(reason, THREAD_ID));
    });
    debuggee.on('output', (event) => this.onOutput(event));
    debuggee.on('stdout', (text) => this.sendEvent(new OutputEvent(this.hostText(text), 'stdout')));
    debuggee.on('stderr', (text) => this.onStderr(text));
    debuggee.on('exit', (code) => this.onExit(code));
  }

  protected restartRequest(response: DebugProtocol.RestartResponse, args: DebugProtocol.RestartArguments): void {
    this.handle(response, async () => {
      const config = (args?.arguments as LaunchArguments | undefined) ?? this.launchArgs;
      if (!config) throw new Error('Nothing to restart: no program was launched.');
      // End the current run quietly (no exited/terminated), then launch the same configuration.
      const old = this.debuggee;
      this.debuggee = undefined;
      if (old) {
        old.removeAllListeners();
        // The old run may have ended already: its exit event is then long gone.
        await old.killAndWait();
      }
      this.frames = new Map();
      this.sources.clear();
      this.scriptIds.clear();
      this.scriptPaths.clear();
      await this.startDebuggee(config);
    });
  }

  protected loadedSourcesRequest(response: DebugProtocol.LoadedSourcesResponse): void {
    response.body = { sources: this.sources.all((p) => this.convertDebuggerPathToClient(p)) };
    this.sendResponse(response);
  }

  protected sourceRequest(response: DebugProtocol.SourceResponse, args: DebugProtocol.SourceArguments): void {
    this.handle(response, async () => {
      const id = args.source?.sourceReference || args.sourceReference;
      const content = id ? this.sources.text(id) : undefined;
      if (content === undefined) throw new Error('No source text for this reference.');
      response.body = { content };
    });
  }

  protected setBreakPointsRequest(response: DebugProtocol.SetBreakpointsResponse, args: DebugProtocol.SetBreakpointsArguments): void {
    this.handle(response, async () => {
      if (!args.source?.path) throw new Error('setBreakpoints needs source.path');
      const file = path.resolve(this.convertClientPathToDebugger(args.source.path));
      const requested = args.breakpoints ?? (args.lines ?? []).map((line) => ({ line }));
      const entries = this.breakpoints.replace(file, requested.map((b) => ({ ...b, line: this.convertClientLineToDebugger(b.line) })));
      const scriptId = this.scriptIds.get(file);
      if (scriptId !== undefined && this.debuggee) await this.bindBreakpoints(file, scriptId);
      else await this.bindHostBreakpoints(file, false);
      response.body = { breakpoints: entries.map((e) => this.clientBreakpoint(file, e)) };
    });
  }

  protected threadsRequest(response: DebugProtocol.ThreadsResponse): void {
    response.body = { threads: [new Thread(THREAD_ID, 'QuickJS main thread')] };
    this.sendResponse(response);
  }

  protected stackTraceRequest(response: DebugProtocol.StackTraceResponse, args: DebugProtocol.StackTraceArguments): void {
    this.handle(response, async () => {
      if (this.mixed?.ownsStack()) {
        const scriptFrames = this.mixed.stopKind === 'wasm' ? [] : await this.running().call('frames');
        const all = await this.mixed.stackTrace(scriptFrames);
        const first = args.startFrame ?? 0;
        response.body = { stackFrames: all.slice(first, args.levels ? first + args.levels : undefined), totalFrames: all.length };
        return;
      }
      const frames = await this.running().call('frames');
      const start = args.startFrame ?? 0;
      const end = args.levels ? start + args.levels : frames.length;
      const stackFrames = frames.slice(start, end).map((f) => {
        const id = this.nextFrameId++;
        this.frames.set(id, f.id);
        // The frame's own source: with source maps, the original file it maps to.
        const source = this.sources.source(f.position.script, (p) => this.convertDebuggerPathToClient(p)) as Source | undefined;
        const frame = new StackFrame(id, f.name, source, this.convertDebuggerLineToClient(f.position.line), this.convertDebuggerColumnToClient(f.position.column));
        if (!f.inspectable) (frame as DebugProtocol.StackFrame).presentationHint = 'subtle';
        return frame;
      });
      response.body = { stackFrames, totalFrames: frames.length };
    });
  }

  protected scopesRequest(response: DebugProtocol.ScopesResponse, args: DebugProtocol.ScopesArguments): void {
    this.handle(response, async () => {
      const wasmScopes = this.mixed?.scopes(args.frameId);
      if (wasmScopes) {
        response.body = { scopes: wasmScopes };
        return;
      }
      const scopes = await this.running().call('scopes', this.producerFrame(args.frameId));
      response.body = {
        scopes: scopes.map((s) => {
          const scope = new Scope(s.name, s.handle, s.expensive) as DebugProtocol.Scope;
          if (s.kind === 'local') scope.presentationHint = 'locals';
          if (s.namedCount !== undefined) scope.namedVariables = s.namedCount;
          return scope;
        }),
      };
    });
  }

  protected variablesRequest(response: DebugProtocol.VariablesResponse, args: DebugProtocol.VariablesArguments): void {
    this.handle(response, async () => {
      const wasmVars = await this.mixed?.variables(args.variablesReference);
      if (wasmVars) {
        response.body = { variables: wasmVars };
        return;
      }
      const vars = await this.running().call('variables', args.variablesReference, args.filter ?? 'all', args.start ?? 0, args.count ?? 0);
      response.body = { variables: vars.map((v) => ({ name: v.name, ...this.clientValue(v.value) })) };
    });
  }

  protected evaluateRequest(response: DebugProtocol.EvaluateResponse, args: DebugProtocol.EvaluateArguments): void {
    this.handle(response, async () => {
      const frame = args.frameId === undefined ? undefined : this.producerFrame(args.frameId);
      const context: EvalContext = args.context === 'watch' || args.context === 'hover' ? args.context : 'repl';
      const v = await this.running().call('evaluate', frame, args.expression, context);
      const { value, ...rest } = this.clientValue(v);
      response.body = { result: value, ...rest };
    });
  }

  protected completionsRequest(response: DebugProtocol.CompletionsResponse, args: DebugProtocol.CompletionsArguments): void {
    this.handle(response, async () => {
      const frame = args.frameId === undefined ? undefined : this.producerFrame(args.frameId);
      response.body = { targets: await completions(this.running(), frame, args.text, args.column) };
    });
  }

  protected setVariableRequest(response: DebugProtocol.SetVariableResponse, args: DebugProtocol.SetVariableArguments): void {
    this.handle(response, async () => {
      const v = await this.running().call('setVariable', args.variablesReference, args.name, args.value);
      response.body = this.clientValue(v);
    });
  }

  protected continueRequest(response: DebugProtocol.ContinueResponse): void {
    response.body = { allThreadsContinued: true };
    if (this.mixed?.stopKind === 'wasm') return this.wasmResume(response, () => this.mixed!.continueWasm());
    this.resume(response, { tag: 'run' });
  }

  protected nextRequest(response: DebugProtocol.NextResponse, args: DebugProtocol.NextArguments): void {
    this.step(response, 'over', args.granularity);
  }

  protected stepInRequest(response: DebugProtocol.StepInResponse, args: DebugProtocol.StepInArguments): void {
    this.step(response, 'into', args.granularity);
  }

  protected stepOutRequest(response: DebugProtocol.StepOutResponse, args: DebugProtocol.StepOutArguments): void {
    this.step(response, 'out', args.granularity);
  }

  /** Statement steps go to the producer; instruction steps (mixed mode) to the Wasm level. */
  private step(response: DebugProtocol.Response, kind: 'into' | 'over' | 'out', granularity?: DebugProtocol.SteppingGranularity) {
    const mixed = this.mixed;
    if (mixed && mixed.stopKind !== 'script' && (granularity === 'instruction' || mixed.stopKind === 'wasm')) {
      return this.wasmResume(response, () => mixed.step(kind));
    }
    this.resume(response, { tag: 'step', val: kind });
  }

  private wasmResume(response: DebugProtocol.Response, go: () => Promise<void>) {
    this.frames = new Map();
    this.handle(response, go);
  }

  // ---- mixed mode: Wasm frames, disassembly, memory, instruction breakpoints ------------------

  protected disassembleRequest(response: DebugProtocol.DisassembleResponse, args: DebugProtocol.DisassembleArguments): void {
    this.handle(response, async () => { response.body = { instructions: await this.mixedMode().disassemble(args) }; });
  }

  protected readMemoryRequest(response: DebugProtocol.ReadMemoryResponse, args: DebugProtocol.ReadMemoryArguments): void {
    this.handle(response, async () => { response.body = await this.mixedMode().readMemory(args); });
  }

  protected writeMemoryRequest(response: DebugProtocol.WriteMemoryResponse, args: DebugProtocol.WriteMemoryArguments): void {
    this.handle(response, async () => { response.body = await this.mixedMode().writeMemory(args); });
  }

  protected setInstructionBreakpointsRequest(response: DebugProtocol.SetInstructionBreakpointsResponse, args: DebugProtocol.SetInstructionBreakpointsArguments): void {
    this.handle(response, async () => { response.body = { breakpoints: await this.mixedMode().setInstructionBreakpoints(args) }; });
  }

  /** `nestdbg/mixedStack` {enabled}: turns mixed mode on or off at run time. */
  protected customRequest(command: string, response: DebugProtocol.Response, args: { enabled?: unknown }): void {
    if (command !== 'nestdbg/mixedStack') return super.customRequest(command, response, args);
    this.handle(response, async () => {
      if (this.hostHidden) throw new Error(GUEST_ONLY_REFUSAL);
      if (!this.mixed) throw new Error('No program is running.');
      await this.mixed.setEnabled(args?.enabled !== false);
      await this.mixedToggled();
      response.body = { enabled: this.mixed.enabled };
    });
  }

  private mixedMode(): MixedMode {
    if (this.hostHidden) throw new Error(GUEST_ONLY_REFUSAL);
    if (!this.mixed?.enabled) throw new Error('Mixed mode is off: launch with "mixedStack": true or send nestdbg/mixedStack.');
    return this.mixed;
  }

  protected pauseRequest(response: DebugProtocol.PauseResponse): void {
    this.handle(response, async () => { this.running().pause(); });
  }

  protected disconnectRequest(response: DebugProtocol.DisconnectResponse, args: DebugProtocol.DisconnectArguments): void {
    // We launched the debuggee, so it ends with the session (js-debug does the same for launch),
    // unless terminateDebuggee is false: then it runs on to completion, unhindered (detach).
    if (args?.terminateDebuggee !== false || !this.debuggee) {
      this.sendResponse(response);
      this.debuggee?.kill();
      return;
    }
    void this.detach().finally(() => this.sendResponse(response));
  }

  /** Clears every breakpoint and resumes; from now on every stop or load is resumed at once. */
  private async detach() {
    const debuggee = this.debuggee!;
    this.detached = true;
    await Promise.all([...this.scriptPaths.keys()].map((id) => debuggee.call('setBreakpoints', id, []).catch(() => undefined)));
    debuggee.resume({ tag: 'run' });
  }

  /** Resolves when the session has nothing left to do: at once, or when a detached debuggee ends. */
  whenDone(): Promise<void> {
    if (!this.detached || !this.debuggee) return Promise.resolve();
    return new Promise((resolve) => { this.detachedEnd = resolve; });
  }

  protected terminateRequest(response: DebugProtocol.TerminateResponse): void {
    this.sendResponse(response);
    if (this.debuggee) this.debuggee.kill();
    else this.sendTerminated();
  }

  /** Ends the debuggee when the client connection goes away. */
  shutdown(): void {
    if (!this.detached) this.debuggee?.kill();
  }

  // ---- debuggee events -------------------------------------------------------------------------

  private async onScriptLoaded(info: ScriptInfo) {
    if (this.detached) return this.debuggee?.resume();
    const file = this.sources.add(info);
    this.scriptIds.set(file, info.id);
    this.scriptPaths.set(info.id, file);
    const source = this.sources.source(info.id, (p) => this.convertDebuggerPathToClient(p));
    if (source) this.sendEvent(new LoadedSourceEvent('new', source as Source));
    await this.configured;
    try {
      await this.bindBreakpoints(file, info.id);
      for (const e of this.breakpoints.entries(file)) {
        this.sendEvent(new BreakpointEvent('changed', this.clientBreakpoint(file, e) as DebugProtocol.Breakpoint));
      }
      await this.bindFunctionBreakpoints(true);
      if (this.scriptIds.size === 1) await this.applyExceptionFilters();
    } catch (e) {
      this.sendEvent(new OutputEvent(`nestdbg: could not set breakpoints in ${file}: ${(e as Error).message}\n`, 'console'));
    }
    if (this.wantMixed && this.mixed && !this.mixed.enabled) {
      this.wantMixed = false;
      await this.mixed.setEnabled(true).then(() => this.mixedToggled())
        .catch((e: Error) => this.sendEvent(new OutputEvent(`nestdbg: mixed mode unavailable: ${e.message}\n`, 'console')));
    }
    this.debuggee?.resume();
  }

  private onStopped(event: StopEvent) {
    if (this.detached) return this.debuggee?.resume({ tag: 'run' });
    this.frames = new Map();
    const reason = STOP_REASONS[event.reason] ?? 'pause';
    const stopped = new StoppedEvent(reason, THREAD_ID) as DebugProtocol.StoppedEvent;
    if (event.description) stopped.body.description = this.hostText(event.description);
    const file = this.scriptPaths.get(event.position.script);
    if (event.reason === 'breakpoint' && file) stopped.body.hitBreakpointIds = this.breakpoints.idsAt(file, event.position.line);
    if (event.reason === 'function-breakpoint') stopped.body.hitBreakpointIds = this.functionBreakpoints.idsAt(event.position.script, event.position.line);
    if (event.reason === 'debugger-statement' && !event.description) stopped.body.description = 'Paused on debugger statement';
    if (event.reason === 'exception' && event.description) stopped.body.text = this.hostText(event.description);
    this.sendEvent(stopped);
  }

  private onOutput(event: AbiOutput) {
    const out = new OutputEvent(this.hostText(event.text), event.category) as DebugProtocol.OutputEvent;
    const source = event.position && this.sources.source(event.position.script, (p) => this.convertDebuggerPathToClient(p));
    if (event.position && source) {
      out.body.source = source;
      out.body.line = this.convertDebuggerLineToClient(event.position.line);
      out.body.column = this.convertDebuggerColumnToClient(event.position.column);
    }
    this.sendEvent(out);
  }

  /**
   * The debuggee process's own stderr is the host's (the guest's console goes through the
   * producer): guest-only mode withholds it, since a host crash prints host code and paths.
   */
  private onStderr(text: string) {
    if (!this.hostHidden) return this.sendEvent(new OutputEvent(text, 'stderr'));
    if (this.stderrWithheld) return;
    this.stderrWithheld = true;
    this.sendEvent(new OutputEvent('nestdbg: the host process wrote to stderr; that output is hidden in guest-only mode.\n', 'console'));
  }

  private onExit(code: number | null) {
    this.detachedEnd?.();
    this.sendEvent(new ExitedEvent(code ?? 1));
    this.sendTerminated();
  }

  private sendTerminated() {
    if (this.terminatedSent) return;
    this.terminatedSent = true;
    this.sendEvent(new TerminatedEvent());
  }

  // ---- helpers -----------------------------------------------------------------------------------

  private async bindBreakpoints(file: string, scriptId: number) {
    const entries = this.breakpoints.entries(file);
    // Conditions, hit counts and log messages go to the producer only if it declared them.
    const prepared = entries.map((e) => abiBreakpointRequest({ ...e.source, line: e.line, column: e.column }, this.declared));
    const requests = prepared.flatMap((p) => ('request' in p ? [p.request] : []));
    const sent = await this.running().call('setBreakpoints', scriptId, requests);
    let i = 0;
    this.breakpoints.bind(file, prepared.map((p) => ('request' in p ? sent[i++] : { verified: false, message: p.error })));
  }

  /**
   * Mixed mode: a file no guest script has loaded may be the host app's own, so its breakpoints
   * are bound in V8 as well; the ones V8 binds are verified, the rest keep waiting for a script.
   */
  private async bindHostBreakpoints(file: string, announce: boolean) {
    const mixed = this.mixed;
    if (!mixed?.enabled || !isHostCandidate(file) || this.scriptIds.has(file)) return;
    const entries = this.breakpoints.entries(file);
    this.breakpoints.bind(file, await mixed.hostBreakpoints.bind(file, entries));
    if (announce) for (const e of entries) this.sendEvent(new BreakpointEvent('changed', this.clientBreakpoint(file, e) as DebugProtocol.Breakpoint));
  }

  /** Mixed mode went on (bind host breakpoints) or off (they went with V8's Debugger domain). */
  private async mixedToggled() {
    if (this.mixed?.enabled) {
      for (const file of this.breakpoints.paths()) await this.bindHostBreakpoints(file, true);
      return;
    }
    for (const file of this.breakpoints.paths()) {
      if (this.scriptIds.has(file) || !isHostCandidate(file)) continue;
      const entries = this.breakpoints.entries(file);
      this.breakpoints.bind(file, entries.map(() => undefined));
      for (const e of entries) this.sendEvent(new BreakpointEvent('changed', this.clientBreakpoint(file, e) as DebugProtocol.Breakpoint));
    }
  }

  private async readCapabilities(debuggee: DebuggeeConnection) {
    try {
      const declared = await debuggee.call('capabilities');
      const changed = JSON.stringify([...declared].sort()) !== JSON.stringify([...this.declared].sort());
      this.declared = declared;
      if (changed) this.sendEvent({ seq: 0, type: 'event', event: 'capabilities', body: { capabilities: dapCapabilities(declared) } } as DebugProtocol.CapabilitiesEvent);
    } catch { /* keep the defaults */ }
  }

  /** Sends the function breakpoints; with `announce`, reports changed bindings as `breakpoint` events. */
  private async bindFunctionBreakpoints(announce: boolean) {
    if (!this.declared.includes('function-breakpoints') || !this.debuggee) return;
    const results = await this.debuggee.call('setFunctionBreakpoints', this.functionBreakpoints.requests());
    const changed = this.functionBreakpoints.bind(results);
    if (announce) for (const e of changed) this.sendEvent(new BreakpointEvent('changed', this.functionBreakpoint(e) as DebugProtocol.Breakpoint));
  }

  private functionBreakpoint(e: ReturnType<FunctionBreakpointStore['all']>[number]): DebugProtocol.Breakpoint {
    const bp = FunctionBreakpointStore.toDap(e, (script) => this.sources.source(script, (p) => this.convertDebuggerPathToClient(p)) as DebugProtocol.Source | undefined);
    if (bp.line !== undefined) bp.line = this.convertDebuggerLineToClient(bp.line);
    if (bp.column !== undefined) bp.column = this.convertDebuggerColumnToClient(bp.column);
    return bp;
  }

  private async applyExceptionFilters() {
    if (!this.declared.includes('exception-breakpoints') || !this.debuggee) return;
    await this.debuggee.call('setExceptionBreakpoints', this.exceptionFilters);
  }

  protected setFunctionBreakPointsRequest(response: DebugProtocol.SetFunctionBreakpointsResponse, args: DebugProtocol.SetFunctionBreakpointsArguments): void {
    this.handle(response, async () => {
      this.functionBreakpoints.replace(args.breakpoints ?? []);
      if (this.scriptIds.size > 0) await this.bindFunctionBreakpoints(false);
      response.body = { breakpoints: this.functionBreakpoints.all().map((e) => this.functionBreakpoint(e)) };
    });
  }

  protected setExceptionBreakPointsRequest(response: DebugProtocol.SetExceptionBreakpointsResponse, args: DebugProtocol.SetExceptionBreakpointsArguments): void {
    this.handle(response, async () => {
      this.exceptionFilters = this.declared.includes('exception-breakpoints') ? abiExceptionFilters(args) : [];
      if (this.scriptIds.size > 0) await this.applyExceptionFilters();
      response.body = { breakpoints: this.exceptionFilters.map(() => ({ verified: true })) };
    });
  }

  protected exceptionInfoRequest(response: DebugProtocol.ExceptionInfoResponse): void {
    this.handle(response, async () => {
      const info = dapExceptionInfo(await this.running().call('exceptionInfo'));
      if (info.description) info.description = this.hostText(info.description);
      if (info.details?.message) info.details.message = this.hostText(info.details.message);
      if (info.details?.stackTrace) info.details.stackTrace = this.hostText(info.details.stackTrace);
      response.body = info;
    });
  }

  protected breakpointLocationsRequest(response: DebugProtocol.BreakpointLocationsResponse, args: DebugProtocol.BreakpointLocationsArguments): void {
    this.handle(response, async () => {
      const file = args.source?.path && path.resolve(this.convertClientPathToDebugger(args.source.path));
      const scriptId = file ? this.scriptIds.get(file) : undefined;
      if (scriptId === undefined || !this.debuggee || !this.declared.includes('breakpoint-locations')) {
        response.body = { breakpoints: [] };
        return;
      }
      const line = this.convertClientLineToDebugger(args.line);
      const endLine = args.endLine === undefined ? line : this.convertClientLineToDebugger(args.endLine);
      const positions = await this.debuggee.call('breakpointLocations', scriptId, line, endLine);
      const from = args.column === undefined ? 0 : this.convertClientColumnToDebugger(args.column);
      const to = args.endColumn === undefined ? Infinity : this.convertClientColumnToDebugger(args.endColumn);
      response.body = {
        breakpoints: positions
          .filter((p) => !(p.line === line && p.column < from) && !(p.line === endLine && p.column > to))
          .map((p) => ({ line: this.convertDebuggerLineToClient(p.line), column: this.convertDebuggerColumnToClient(p.column) })),
      };
    });
  }

  private clientBreakpoint(file: string, entry: Parameters<typeof BreakpointStore.toDap>[1]): DebugProtocol.Breakpoint {
    const bp = BreakpointStore.toDap(this.convertDebuggerPathToClient(file), entry);
    if (bp.line !== undefined) bp.line = this.convertDebuggerLineToClient(bp.line);
    if (bp.column !== undefined) bp.column = this.convertDebuggerColumnToClient(bp.column);
    return bp;
  }

  private clientValue(v: ValueInfo) {
    return {
      value: v.display,
      type: v.typeName,
      variablesReference: v.handle,
      namedVariables: v.namedCount,
      indexedVariables: v.indexedCount,
      // A getter not yet run: the client expands it on demand (js-debug's GetterVariable).
      presentationHint: v.lazy ? { lazy: true } : undefined,
    };
  }

  /** Text from the debuggee process; in guest-only mode without host paths or host stack frames. */
  private hostText(text: string): string {
    if (!this.hostHidden) return text;
    const guest = new Set(this.sources.all((p) => p).flatMap((s) => (s.path ? [s.path] : [])));
    return redactHost(text, (file) => guest.has(file));
  }

  private producerFrame(dapFrameId: number): number {
    const id = this.frames.get(dapFrameId);
    if (id === undefined) throw new Error(`Unknown or stale frame ${dapFrameId}`);
    return id;
  }

  private running(): DebuggeeConnection {
    if (!this.debuggee) throw new Error('No program is running.');
    return this.debuggee;
  }

  private resume(response: DebugProtocol.Response, action: Parameters<DebuggeeConnection['resume']>[0]) {
    this.frames = new Map();
    this.debuggee?.resume(action);
    this.sendResponse(response);
  }

  /** Runs a request handler; any failure becomes an error response, never a crash. */
  private handle(response: DebugProtocol.Response, body: () => Promise<void>): void {
    body().then(
      () => this.sendResponse(response),
      (e: unknown) => {
        response.success = false;
        response.message = e instanceof Error ? e.message : String(e);
        this.sendResponse(response);
      },
    );
  }
}
