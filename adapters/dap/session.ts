// The DAP session: translates DAP requests into producer (ABI) calls and runtime calls, and
// debuggee events into DAP events. It holds no debugging logic of its own.
import path from 'node:path';
import {
  BreakpointEvent, ExitedEvent, InitializedEvent, LoggingDebugSession, OutputEvent, Scope, Source, StackFrame,
  StoppedEvent, TerminatedEvent, Thread,
} from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { EvalContext, OutputEvent as AbiOutput, ScriptInfo, StopEvent, ValueInfo } from '../../abi/index.js';
import { launchDebuggee, type DebuggeeConnection } from '../../runtime/launcher.js';
import { LUA_DEBUGGEE, LUA_EXTENSIONS } from '../lua/index.js';
import { QUICKJS_CAPABILITIES, QUICKJS_DEBUGGEE } from '../quickjs/index.js';
import { BreakpointStore } from './breakpoints.js';
import { dapCapabilities } from './capabilities.js';
import { validateLaunch, type LaunchArguments } from './launch-arguments.js';

const THREAD_ID = 1;
const STOP_REASONS: Record<StopEvent['reason'], string> = {
  entry: 'entry', breakpoint: 'breakpoint', step: 'step', pause: 'pause', exception: 'exception', 'debugger-statement': 'breakpoint',
};

export class NestDebugSession extends LoggingDebugSession {
  private debuggee: DebuggeeConnection | undefined;
  private readonly breakpoints = new BreakpointStore();
  private readonly scriptIds = new Map<string, number>();
  private readonly scriptPaths = new Map<number, string>();
  private markConfigured!: () => void;
  private readonly configured = new Promise<void>((resolve) => { this.markConfigured = resolve; });
  /** DAP frame id -> producer frame id, for the current stop only; ids are never reused. */
  private frames = new Map<number, number>();
  private nextFrameId = 1;
  private terminatedSent = false;

  constructor() {
    super();
    this.setDebuggerLinesStartAt1(true);
    this.setDebuggerColumnsStartAt1(true);
  }

  protected initializeRequest(response: DebugProtocol.InitializeResponse): void {
    response.body = dapCapabilities(QUICKJS_CAPABILITIES);
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
      const launch = validateLaunch(args);
      if (typeof launch === 'string') throw new Error(launch);
      // The producer is chosen by the program's language.
      const lua = LUA_EXTENSIONS.includes(path.extname(launch.program).toLowerCase());
      const entry = lua ? LUA_DEBUGGEE : QUICKJS_DEBUGGEE;
      const flags = [...(lua ? [] : ['--engine', launch.engine]), ...(launch.stopOnEntry ? ['--stop-on-entry'] : [])];
      const debuggee = await launchDebuggee({
        entry, args: [...flags, launch.program, ...launch.args], cwd: launch.cwd, env: launch.env,
      });
      this.debuggee = debuggee;
      debuggee.on('scriptLoaded', (info) => void this.onScriptLoaded(info));
      debuggee.on('stopped', (event) => this.onStopped(event));
      debuggee.on('output', (event) => this.onOutput(event));
      debuggee.on('stdout', (text) => this.sendEvent(new OutputEvent(text, 'stdout')));
      debuggee.on('stderr', (text) => this.sendEvent(new OutputEvent(text, 'stderr')));
      debuggee.on('exit', (code) => this.onExit(code));
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
      response.body = { breakpoints: entries.map((e) => this.clientBreakpoint(file, e)) };
    });
  }

  protected threadsRequest(response: DebugProtocol.ThreadsResponse): void {
    response.body = { threads: [new Thread(THREAD_ID, 'QuickJS main thread')] };
    this.sendResponse(response);
  }

  protected stackTraceRequest(response: DebugProtocol.StackTraceResponse, args: DebugProtocol.StackTraceArguments): void {
    this.handle(response, async () => {
      const frames = await this.running().call('frames');
      const start = args.startFrame ?? 0;
      const end = args.levels ? start + args.levels : frames.length;
      const stackFrames = frames.slice(start, end).map((f) => {
        const id = this.nextFrameId++;
        this.frames.set(id, f.id);
        const file = this.scriptPaths.get(f.position.script);
        const source = file ? new Source(path.basename(file), this.convertDebuggerPathToClient(file)) : undefined;
        const frame = new StackFrame(id, f.name, source, this.convertDebuggerLineToClient(f.position.line), this.convertDebuggerColumnToClient(f.position.column));
        if (!f.inspectable) (frame as DebugProtocol.StackFrame).presentationHint = 'subtle';
        return frame;
      });
      response.body = { stackFrames, totalFrames: frames.length };
    });
  }

  protected scopesRequest(response: DebugProtocol.ScopesResponse, args: DebugProtocol.ScopesArguments): void {
    this.handle(response, async () => {
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
      const vars = await this.running().call('variables', args.variablesReference, args.filter ?? 'all', args.start ?? 0, args.count ?? 0);
      response.body = { variables: vars.map((v) => ({ name: v.name, ...this.clientValue(v.value, 'value') })) };
    });
  }

  protected evaluateRequest(response: DebugProtocol.EvaluateResponse, args: DebugProtocol.EvaluateArguments): void {
    this.handle(response, async () => {
      const frame = args.frameId === undefined ? undefined : this.producerFrame(args.frameId);
      const context: EvalContext = args.context === 'watch' || args.context === 'hover' ? args.context : 'repl';
      const v = await this.running().call('evaluate', frame, args.expression, context);
      const { value, ...rest } = this.clientValue(v, 'value');
      response.body = { result: value, ...rest };
    });
  }

  protected setVariableRequest(response: DebugProtocol.SetVariableResponse, args: DebugProtocol.SetVariableArguments): void {
    this.handle(response, async () => {
      const v = await this.running().call('setVariable', args.variablesReference, args.name, args.value);
      response.body = this.clientValue(v, 'value');
    });
  }

  protected continueRequest(response: DebugProtocol.ContinueResponse): void {
    this.resume(response, { tag: 'run' });
    response.body = { allThreadsContinued: true };
  }

  protected nextRequest(response: DebugProtocol.NextResponse): void {
    this.resume(response, { tag: 'step', val: 'over' });
  }

  protected stepInRequest(response: DebugProtocol.StepInResponse): void {
    this.resume(response, { tag: 'step', val: 'into' });
  }

  protected stepOutRequest(response: DebugProtocol.StepOutResponse): void {
    this.resume(response, { tag: 'step', val: 'out' });
  }

  protected pauseRequest(response: DebugProtocol.PauseResponse): void {
    this.handle(response, async () => { this.running().pause(); });
  }

  protected disconnectRequest(response: DebugProtocol.DisconnectResponse, args: DebugProtocol.DisconnectArguments): void {
    // We launched the debuggee, so it ends with the session (js-debug does the same for launch).
    this.sendResponse(response);
    if (args?.terminateDebuggee !== false) this.debuggee?.kill();
    else this.debuggee?.resume({ tag: 'run' });
  }

  protected terminateRequest(response: DebugProtocol.TerminateResponse): void {
    this.sendResponse(response);
    if (this.debuggee) this.debuggee.kill();
    else this.sendTerminated();
  }

  /** Ends the debuggee when the client connection goes away. */
  shutdown(): void {
    this.debuggee?.kill();
  }

  // ---- debuggee events -------------------------------------------------------------------------

  private async onScriptLoaded(info: ScriptInfo) {
    const file = path.resolve(info.url);
    this.scriptIds.set(file, info.id);
    this.scriptPaths.set(info.id, file);
    await this.configured;
    try {
      await this.bindBreakpoints(file, info.id);
      for (const e of this.breakpoints.entries(file)) {
        this.sendEvent(new BreakpointEvent('changed', this.clientBreakpoint(file, e) as DebugProtocol.Breakpoint));
      }
    } catch (e) {
      this.sendEvent(new OutputEvent(`nestdbg: could not set breakpoints in ${file}: ${(e as Error).message}\n`, 'console'));
    }
    this.debuggee?.resume();
  }

  private onStopped(event: StopEvent) {
    this.frames = new Map();
    const reason = STOP_REASONS[event.reason] ?? 'pause';
    const stopped = new StoppedEvent(reason, THREAD_ID) as DebugProtocol.StoppedEvent;
    if (event.description) stopped.body.description = event.description;
    const file = this.scriptPaths.get(event.position.script);
    if (event.reason === 'breakpoint' && file) stopped.body.hitBreakpointIds = this.breakpoints.idsAt(file, event.position.line);
    this.sendEvent(stopped);
  }

  private onOutput(event: AbiOutput) {
    const out = new OutputEvent(event.text, event.category) as DebugProtocol.OutputEvent;
    const file = event.position && this.scriptPaths.get(event.position.script);
    if (event.position && file) {
      out.body.source = new Source(path.basename(file), this.convertDebuggerPathToClient(file));
      out.body.line = this.convertDebuggerLineToClient(event.position.line);
      out.body.column = this.convertDebuggerColumnToClient(event.position.column);
    }
    this.sendEvent(out);
  }

  private onExit(code: number | null) {
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
    const results = await this.running().call('setBreakpoints', scriptId, entries.map((e) => ({ line: e.line, column: e.column })));
    this.breakpoints.bind(file, results);
  }

  private clientBreakpoint(file: string, entry: Parameters<typeof BreakpointStore.toDap>[1]): DebugProtocol.Breakpoint {
    const bp = BreakpointStore.toDap(this.convertDebuggerPathToClient(file), entry);
    if (bp.line !== undefined) bp.line = this.convertDebuggerLineToClient(bp.line);
    if (bp.column !== undefined) bp.column = this.convertDebuggerColumnToClient(bp.column);
    return bp;
  }

  private clientValue(v: ValueInfo, _for: 'value') {
    return {
      value: v.display,
      type: v.typeName,
      variablesReference: v.handle,
      namedVariables: v.namedCount,
      indexedVariables: v.indexedCount,
    };
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
