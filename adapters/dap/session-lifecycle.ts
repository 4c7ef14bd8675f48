// The debugging session's run of the debuggee: launch, restart, disconnect and terminate, and the
// debuggee's events (scripts loaded, stops, output, exit) as DAP events. The state the request
// translations share lives here too (session.ts adds the requests on top).
import {
  BreakpointEvent, ExitedEvent, LoadedSourceEvent, LoggingDebugSession, OutputEvent, Source, TerminatedEvent,
} from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { Capability, ScriptInfo, StopEvent } from '../../abi/index.js';
import { launchDebuggee, type DebuggeeConnection } from '../../runtime/launcher.js';
import { QUICKJS_CAPABILITIES } from '../quickjs/index.js';
import { isEmbeddingApp } from '../quickjs/embed/index.js';
import { LoadedSources } from './sources/loaded-sources.js';
import { BreakpointBinding } from './breakpoints/binding.js';
import { MixedMode } from './mixed/mixed-mode.js';
import { capabilitiesEvent, dapCapabilities } from './capabilities.js';
import { debuggeeProcess } from './debuggee-process.js';
import { validateLaunch, type LaunchArguments } from './launch-arguments.js';
import { GUEST_ONLY_CAPABILITIES, HostView, hidesHost } from './guest-only.js';
import { dapOutputEvent } from './output.js';
import { FrameIds, scriptStoppedEvent, wasmStoppedEvent } from './stack.js';
import { StepInTargets } from './step-in-targets.js';

export abstract class SessionLifecycle extends LoggingDebugSession {
  protected debuggee: DebuggeeConnection | undefined;
  protected mixed: MixedMode | undefined;
  protected markConfigured!: () => void;
  protected readonly configured = new Promise<void>((resolve) => { this.markConfigured = resolve; });
  protected readonly frames = new FrameIds();
  protected terminatedSent = false;
  /** What the producer declared (SPEC §12); QuickJS's until the debuggee answers. */
  protected declared: readonly Capability[] = QUICKJS_CAPABILITIES;
  /** Settles when the running debuggee's `capabilities` answer is in `declared`: true, or false if the call failed. */
  private capabilitiesRead: Promise<boolean> = Promise.resolve(true);
  /** Whether `declared` holds the running debuggee's answer (or, before a launch, the defaults). */
  private capabilitiesKnown = true;
  /** Every script (or original source) the debuggee announced: loadedSources, frames, output. */
  protected readonly sources = new LoadedSources();
  /** The launch configuration, for `restart`. */
  protected launchArgs: LaunchArguments | undefined;
  /** After `disconnect` with terminateDebuggee: false: the debuggee runs on, unhindered, to its end. */
  protected detached = false;
  protected detachedEnd: (() => void) | undefined;
  /** The launched program when it is an embedding app (its own files are host code). */
  protected hostApp: string | undefined;
  /** Guest-only mode for this run (see guest-only.ts): no host frames, values, paths or memory. */
  protected readonly host: HostView;
  /** The session as the translations beside it see it: the current run, the client's coordinates. */
  protected readonly view = {
    debuggee: () => this.debuggee,
    running: () => this.running(),
    mixed: () => this.mixed,
    declared: () => this.producerCapabilities(),
    declaredKnown: () => (this.capabilitiesKnown ? this.declared : undefined),
    declaredNow: () => this.declared,
    frames: this.frames,
    sourceOf: (script: number) => this.sources.source(script, (p) => this.convertDebuggerPathToClient(p)),
    redact: (text: string) => this.host.redact(text),
    changed: (bp: DebugProtocol.Breakpoint) => this.sendEvent(new BreakpointEvent('changed', bp)),
    hostApp: () => this.hostApp,
    // DebugSession's converters (the client's line/column base is set by `initialize`).
    at: {
      clientLine: (l: number) => this.convertDebuggerLineToClient(l),
      clientColumn: (c: number) => this.convertDebuggerColumnToClient(c),
      clientPath: (p: string) => this.convertDebuggerPathToClient(p),
      debuggerLine: (l: number) => this.convertClientLineToDebugger(l),
      debuggerColumn: (c: number) => this.convertClientColumnToDebugger(c),
      debuggerPath: (p: string) => this.convertClientPathToDebugger(p),
    },
  };
  protected readonly breakpoints = new BreakpointBinding(this.view);
  protected readonly stepTargets = new StepInTargets({
    ...this.view, text: (script) => this.sources.text(script), temporaryFunctionBreakpoint: (name) => this.breakpoints.temporaryFunctionBreakpoint(name),
  });

  /** `guestOnly`: the operator's policy, every launch is guest-only whatever its arguments say. */
  constructor(protected readonly policy: { guestOnly?: boolean } = {}) {
    super();
    this.host = new HostView(policy.guestOnly === true, () => this.sources.all((p) => p).flatMap((s) => (s.path ? [s.path] : [])));
    this.setDebuggerLinesStartAt1(true);
    this.setDebuggerColumnsStartAt1(true);
  }

  protected configurationDoneRequest(response: DebugProtocol.ConfigurationDoneResponse): void {
    this.markConfigured();
    this.sendResponse(response);
  }

  // ---- launch lifecycle --------------------------------------------------------------------------

  protected launchRequest(response: DebugProtocol.LaunchResponse, args: LaunchArguments): void {
    this.handle(response, async () => {
      if (this.debuggee) throw new Error('Already launched.');
      await this.startDebuggee(args);
    });
  }

  /** Launches the debuggee of a launch configuration (launch and restart) and listens to it. */
  private async startDebuggee(args: LaunchArguments) {
    const launch = validateLaunch(args);
    if (typeof launch === 'string') throw new Error(launch);
    const hidden = hidesHost(this.policy.guestOnly === true, args, launch);
    // Capabilities went out with `initialize`, before the launch arguments: withdraw them now.
    if (hidden && !this.policy.guestOnly) this.sendEvent(capabilitiesEvent(GUEST_ONLY_CAPABILITIES));
    this.host.restart(hidden);
    this.launchArgs = args;
    this.hostApp = launch.producer === 'quickjs' && isEmbeddingApp(launch.program) ? launch.program : undefined;
    const process = debuggeeProcess(launch, hidden);
    const debuggee = await launchDebuggee(process);
    this.debuggee = debuggee;
    this.capabilitiesKnown = false;
    this.capabilitiesRead = this.readCapabilities(debuggee);
    debuggee.on('scriptLoaded', (info) => void this.onScriptLoaded(info));
    // Guest-only: no mixed mode at all, so nothing below the guest's frames can be reached.
    this.mixed = hidden ? undefined : new MixedMode(debuggee, {
      scriptSource: this.view.sourceOf,
      scriptFrames: () => debuggee.call('frames'),
      newFrameId: (ref) => this.frames.add(ref.kind === 'script' ? ref.frame : undefined),
      clientLine: this.view.at.clientLine,
      clientColumn: this.view.at.clientColumn,
    }, launch.mixedStack);
    debuggee.on('stopped', (event, mixed) => {
      this.mixed?.onStop(mixed ? 'mixed' : 'script');
      this.onStopped(event);
    });
    debuggee.on('wasmStopped', (event) => {
      this.mixed?.onStop('wasm', event.guestFrames === true);
      this.frames.clear();
      this.sendEvent(wasmStoppedEvent(event, (ids) => this.mixed?.hostBreakpoints.clientIdsOf(ids)));
    });
    debuggee.on('output', (event) => this.sendEvent(dapOutputEvent(event, this.view.redact, this.view.sourceOf, this.view.at)));
    debuggee.on('stdout', (text) => this.sendEvent(new OutputEvent(this.host.redact(text), 'stdout')));
    debuggee.on('stderr', (text) => {
      const shown = this.host.stderr(text);
      if (shown) this.sendEvent(new OutputEvent(shown.text, shown.category));
    });
    debuggee.on('hostBreakpointResolved', (resolution) => this.breakpoints.hostResolved(resolution));
    debuggee.on('exit', (code) => this.onExit(code));
    if (process.hold) void this.startHeld(debuggee);
  }

  /**
   * Mixed mode from the launch: the program waits before its first line while mixed mode goes on
   * and the host's breakpoints are bound in V8 (as js-debug binds them before the program runs).
   */
  private async startHeld(debuggee: DebuggeeConnection) {
    await this.configured;
    try {
      await this.mixed?.enableIfRequested();
      await this.breakpoints.mixedToggled();
    } catch (e) {
      this.sendEvent(new OutputEvent(`nestdbg: mixed mode unavailable: ${(e as Error).message}\n`, 'console'));
    }
    debuggee.start();
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
      this.frames.clear();
      this.sources.clear();
      this.breakpoints.forgetScripts();
      await this.startDebuggee(config);
    });
  }

  protected disconnectRequest(response: DebugProtocol.DisconnectResponse, args: DebugProtocol.DisconnectArguments): void {
    // We launched the debuggee, so it ends with the session (js-debug does the same for launch),
    // unless terminateDebuggee is false: then it runs on to completion, unhindered (detach).
    if (args?.terminateDebuggee !== false || !this.debuggee) {
      this.sendResponse(response);
      this.debuggee?.kill();
      return;
    }
    // Clear every breakpoint and resume; from now on every stop or load is resumed at once.
    const debuggee = this.debuggee;
    this.detached = true;
    void this.breakpoints.unbindAll(debuggee).then(() => debuggee.resume({ tag: 'run' })).finally(() => this.sendResponse(response));
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

  // ---- debuggee events ---------------------------------------------------------------------------

  private async onScriptLoaded(info: ScriptInfo) {
    if (this.detached) return this.debuggee?.resume();
    const file = this.sources.add(info);
    this.breakpoints.addScript(file, info.id);
    const source = this.view.sourceOf(info.id);
    if (source) this.sendEvent(new LoadedSourceEvent('new', source as Source));
    await this.configured;
    try {
      await this.breakpoints.bindScript(file, info.id);
    } catch (e) {
      this.sendEvent(new OutputEvent(`nestdbg: could not set breakpoints in ${file}: ${(e as Error).message}\n`, 'console'));
    }
    const enabling = this.mixed?.enableIfRequested();
    if (enabling) {
      await enabling.then(() => this.breakpoints.mixedToggled())
        .catch((e: Error) => this.sendEvent(new OutputEvent(`nestdbg: mixed mode unavailable: ${e.message}\n`, 'console')));
    }
    this.debuggee?.resume();
  }

  private onStopped(event: StopEvent) {
    if (this.detached) return this.debuggee?.resume({ tag: 'run' });
    this.frames.clear();
    const hit = this.breakpoints.hitBy(event);
    this.stepTargets.stopped(event, !!hit?.length, (shown) =>
      this.sendEvent(scriptStoppedEvent(shown, shown.reason === 'step' ? undefined : hit, (text) => this.host.redact(text))));
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

  private async readCapabilities(debuggee: DebuggeeConnection): Promise<boolean> {
    try {
      const declared = await debuggee.call('capabilities');
      const changed = JSON.stringify([...declared].sort()) !== JSON.stringify([...this.declared].sort());
      this.declared = declared;
      this.capabilitiesKnown = debuggee === this.debuggee;
      if (changed) this.sendEvent(capabilitiesEvent(dapCapabilities(declared)));
      return true;
    } catch {
      return false; // keep the defaults
    }
  }

  /**
   * What the producer declared, for a caller about to call it (a script has loaded, so a producer
   * is attached). The launch's `capabilities` call may still be under way, or have failed because it
   * came before the producer attached (a Lua debuggee loads wasmoon first): then it asks again.
   * With QuickJS's defaults a Lua producer would be sent function breakpoints it refuses.
   */
  private async producerCapabilities(): Promise<readonly Capability[]> {
    const debuggee = this.debuggee;
    if (!(await this.capabilitiesRead) && debuggee && debuggee === this.debuggee) this.capabilitiesRead = this.readCapabilities(debuggee);
    await this.capabilitiesRead;
    return this.declared;
  }

  // ---- helpers -----------------------------------------------------------------------------------

  protected running(): DebuggeeConnection {
    if (!this.debuggee) throw new Error('No program is running.');
    return this.debuggee;
  }

  /** Runs a request handler; any failure becomes an error response, never a crash. */
  protected handle(response: DebugProtocol.Response, body: () => Promise<void>): void {
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
