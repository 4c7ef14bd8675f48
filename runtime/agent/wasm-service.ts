// The agent worker's half of mixed mode: owns the CDP session to the main thread (created on the
// first Wasm call; main-thread-cdp.ts), serves the adapter's {t:'wasm'} calls with runtime/wasm
// (reading a pause: pause-inspection.ts; breakpoints, steps and resumes: here), and, during a
// mixed stop (V8 paused in the main thread's trampoline), serves producer calls and the resume by
// evaluating on the trampoline frame, since the paused main thread cannot run its Atomics loop.
// A V8 pause anywhere else (Wasm breakpoint, instruction step, interrupt) is a Wasm pause: only
// the Wasm API is served then; producer calls are refused, because guest state may be mid-update.
import type { Cdp } from '../wasm/cdp.js';
import { GLUE_PATTERNS, isGlueUrl, WasmDebuggee, type Pause, type WasmModule } from '../wasm/debuggee.js';
import { HostBreakpoints } from '../wasm/host-breakpoints.js';
import { HostSourceMaps } from '../wasm/host-source-maps.js';
import { releaseGroup } from '../wasm/js-values.js';
import type { AdapterMessage, AgentMessage, MainToWorker } from '../channel/messages.js';
import { MIXED } from './flags.js';
import { connectMainThread } from './main-thread-cdp.js';
import { HostStepIn } from './host-step.js';
import { blackboxTrampolineFile, isOwnCode, OWN_CODE_PATTERNS } from './own-code.js';
import { GlueDispatch } from './glue-dispatch.js';
import { HostCallStepIn } from './host-call-step.js';
import { HostReturnStep } from './host-return-step.js';
import { HostCallInspection } from './host-call-inspection.js';
import { inDebuggersHostCall } from './debugger-host-call.js';
import { InstructionIndexes } from './instruction-index.js';
import { MixedInstructionStep } from './mixed-instruction-step.js';
import { PauseInspection, type WasmHandlers } from './pause-inspection.js';
import { stopEvent } from './v8-frames.js';
import { TRAMPOLINE_NAME, WASM_METHODS, type WasmProtocol, type WasmStopEvent } from './wasm-protocol.js';

/** Host functions that are not the app's: a step in from the guest does not stop in them. */
const notApp = (url: string) => isOwnCode(url) || isGlueUrl(url);

type Queued = Extract<AdapterMessage, { t: 'call' } | { t: 'resume' } | { t: 'pause' } | { t: 'hostStops' }>;

export class WasmService {
  private dbg: WasmDebuggee | undefined;
  private hostBreakpoints: HostBreakpoints | undefined;
  /** Source maps of the host app's own scripts (TS hosts): host frames and breakpoints in the original files. */
  private maps = new HostSourceMaps();
  private cdp: Cdp | undefined;
  /** none | pending (main announced a mixed stop, V8 has not paused yet) | at the trampoline | a Wasm pause. */
  private state: { tag: 'none' } | { tag: 'pending' } | { tag: 'mixed'; pause: Pause; hook: string } | { tag: 'wasm'; pause: Pause } = { tag: 'none' };
  private queue: Queued[] = [];
  private stateWaiters: Array<() => void> = [];
  private readonly instructionIndexes = new InstructionIndexes();
  /** The Wasm API's reading of the current pause. */
  private readonly inspection = new PauseInspection({
    pause: () => this.pause(),
    atMixedStop: () => this.state.tag === 'mixed',
    debuggee: () => this.debuggee(),
    cdp: () => this.cdp!,
    maps: () => this.maps,
    instructionIndexes: this.instructionIndexes,
  });
  /** A source-level step in from a host line, in progress. */
  private readonly hostStep = new HostStepIn(() => this.debuggee(), () => this.cdp!);
  /** The glue's host-call dispatch, where steps cross between guest and host lines. */
  private glue = new GlueDispatch(() => this.cdp!, (text) => this.log(text));
  /** A step in from a guest line, which may land in a host function the line calls. */
  private readonly hostCallStep = new HostCallStepIn(() => this.glue, () => this.debuggee(), () => this.cdp!, notApp);
  /** A step over / out of a host function the guest called, back to the guest's next statement. */
  private readonly hostReturnStep = new HostReturnStep(() => this.glue, () => this.debuggee(), () => this.cdp!);
  /** A pause in a host function the guest called: the guest's frames are read there too. */
  private readonly hostCall = new HostCallInspection(() => this.glue, () => this.cdp!);
  private instructionBreakpoints: Array<{ module: WasmModule; pc: number }> = [];
  /** What the main thread was last told: V8 can stop inside the guest's host calls (host or instruction breakpoints set). */
  private hostStops = false;
  /** An instruction step from a mixed stop, under way. */
  private readonly instructionStep = new MixedInstructionStep();
  // The main thread's mixedStop message and V8's paused event come over different channels, and
  // the previous stop's resumed event may come after the next mixedStop: count both to pair them.
  private announced = 0;
  private pausedAtHook = 0;
  /** Producer calls of a mixed stop wait for this: the producer told of the host calls under the stop. */
  private mixedReady: Promise<void> = Promise.resolve();

  constructor(
    private readonly flags: Int32Array,
    private readonly send: (message: AgentMessage) => void,
    private readonly toMain: (message: AdapterMessage) => void,
    private readonly log: (text: string) => void,
    /** false: the launch hid the host; nothing here may reach V8 (a second line behind the adapter). */
    private readonly exposeHost = true,
  ) {}

  /** Takes the adapter messages that are ours (or that the paused main thread cannot take). */
  fromAdapter(message: AdapterMessage): boolean {
    if (message.t === 'wasm') {
      void this.call(message.id, message.method, message.args ?? []);
      return true;
    }
    if (message.t === 'start') return false; // the main thread's, always
    switch (this.state.tag) {
      case 'none':
        return false;
      case 'pending':
        this.queue.push(message);
        return true;
      case 'mixed':
        void this.serveMixed(message);
        return true;
      case 'wasm':
        if (message.t === 'call' && this.hostCall.active) {
          void this.hostCall.serve(message).catch((error: Error) => this.send({ t: 'reply', id: message.id, ok: false, error: { message: error.message } }));
        } else if (message.t === 'call') {
          const where = this.state.pause.frames[0]?.kind === 'js' ? "in the host's JavaScript" : 'inside WebAssembly';
          this.send({ t: 'reply', id: message.id, ok: false, error: { message: `the program is paused ${where}, not at a script position` } });
        } else if (message.t === 'resume') {
          void this.hostCall.leave().finally(() => this.dbg?.resume());
        }
        return true;
    }
  }

  /** Takes the main thread's mixed-stop handshake messages. */
  fromMain(message: MainToWorker): boolean {
    if (message.t === 'mixedStop') {
      this.announced++;
      if (this.pausedAtHook < this.announced) this.state = { tag: 'pending' };
      this.send({ t: 'stopped', event: message.event, mixed: true });
      return true;
    }
    if (message.t === 'mixedMissed') {
      // V8 did not pause (the domain went off): the main thread serves the ordinary way now.
      this.pausedAtHook = this.announced;
      if (this.state.tag === 'pending') this.state = { tag: 'none' };
      this.settled();
      for (const queued of this.queue.splice(0)) this.toMain(queued);
      return true;
    }
    return false;
  }

  // ---- CDP -------------------------------------------------------------------------------------

  private debuggee(): WasmDebuggee {
    if (!this.dbg) {
      this.cdp = connectMainThread(this.flags);
      const dbg = new WasmDebuggee(this.cdp, { blackbox: [...GLUE_PATTERNS, ...OWN_CODE_PATTERNS] });
      this.dbg = dbg;
      this.maps = new HostSourceMaps();
      const glue = this.glue = new GlueDispatch(() => this.cdp!, (text) => this.log(text));
      dbg.onScriptParsed((script) => {
        glue.onScript(script);
        void blackboxTrampolineFile(this.cdp!, script).catch((e) => this.log(`blackboxing ${script.url}: ${(e as Error).message}`));
        if (script.sourceMapURL) this.maps.add({ ...script, sourceMapURL: script.sourceMapURL });
      });
      dbg.beforeMappedScript = (script) => this.hostBreakpointTable(dbg).scriptWithSourceMap(script);
      dbg.onPause((pause) => this.onPause(pause));
      dbg.onResume(() => this.onResume());
    }
    return this.dbg;
  }

  private settled(): void {
    for (const w of this.stateWaiters.splice(0)) w();
  }

  private onPause(pause: Pause): void {
    if (pause.debuggee !== this.dbg) return; // a debuggee that mixed mode going off has dropped
    queueMicrotask(() => this.settled());
    // A step crossing between guest and host lines, on its way (not a stop to report).
    const crossing = this.hostCallStep.onPause(pause);
    if (crossing === 'handled' || this.hostReturnStep.onPause(pause)) return;
    const hook = pause.frames.find((f) => f.kind === 'js' && f.functionName === TRAMPOLINE_NAME);
    // The trampoline's `debugger;` (during a V8 step, V8 calls it the step's end).
    const atHook = hook && (pause.event.tag === 'debugger-statement' || (pause.event.tag === 'step' && pause.frames[0] === hook));
    if (atHook && this.state.tag !== 'wasm') {
      this.hostStep.guestStopped();
      this.instructionStep.end(); // a script stop (a breakpoint) came before the instruction step's end
      this.pausedAtHook++;
      this.state = { tag: 'mixed', pause, hook: hook.callFrameId };
      this.mixedReady = this.hostCall.underStop(pause).catch((error: Error) => this.log(`host calls under the stop: ${error.message}`));
      for (const queued of this.queue.splice(0)) void this.serveMixed(queued);
      return;
    }
    this.state = { tag: 'wasm', pause };
    if (this.hostStep.onPause(pause)) return;
    const stepped = this.instructionStep.onPause(pause);
    if (stepped === 'run-on') return void this.debuggee().resume(); // a recursive activation: not ours
    if (stepped === 'arrived') return void this.send({ t: 'wasmStopped', event: { reason: 'step' } });
    const event = stopEvent(pause.event);
    if (event.hostBreakpoints) event.hostBreakpoints = this.hostBreakpoints?.idsOf(event.hostBreakpoints) ?? [];
    // A step that ended in the host withdraws the guest's stop first.
    const withdrawing = crossing === 'landed' ? this.hostCallStep.landed() : this.hostStep.takeWithdrawal();
    if (withdrawing) return void withdrawing.finally(() => this.report(pause, event));
    void this.report(pause, event);
  }

  /** Sends a Wasm-level stop; in a host function the guest called, with the guest's frames readable. */
  private async report(pause: Pause, event: WasmStopEvent): Promise<void> {
    // An instruction breakpoint in Wasm the debugger's own host functions run: not the program's.
    if (pause.event.tag === 'breakpoint' && await inDebuggersHostCall(pause, this.glue).catch(() => false)) return void this.dbg?.resume();
    let guest = false;
    if (this.exposeHost) {
      guest = await this.hostCall.enter(pause).catch((error: Error) => {
        this.log(`reading the guest inside its host call: ${error.message}`);
        return false;
      });
    }
    this.send({ t: 'wasmStopped', event: guest ? { ...event, guestFrames: true } : event });
  }

  private hostBreakpointTable(dbg: WasmDebuggee): HostBreakpoints {
    this.hostBreakpoints ??= new HostBreakpoints(dbg, this.maps, (resolution) => this.send({ t: 'hostBreakpointResolved', resolution }));
    return this.hostBreakpoints;
  }

  private onResume(): void {
    if (this.cdp) void releaseGroup(this.cdp); // host values evaluation made during the pause
    const was = this.state.tag;
    if (was === 'pending') return; // the next stop was announced before this resumed event came
    this.state = this.pausedAtHook < this.announced ? { tag: 'pending' } : { tag: 'none' };
    if (was === 'wasm') this.send({ t: 'wasmResumed' });
  }

  /** A producer call, pause or resume during a mixed stop: evaluated on the trampoline frame. */
  private async serveMixed(message: Queued): Promise<void> {
    await this.mixedReady;
    if (this.state.tag !== 'mixed') return void this.queue.push(message);
    if (message.t === 'pause') return; // already stopped
    const { pause, hook } = this.state;
    try {
      // The main thread posts the reply itself (port → this worker → socket).
      await pause.evaluate(hook, `nestdbgServe(${JSON.stringify(JSON.stringify(message))})`);
      // A step in from a guest line may land in a host function the line calls.
      if (message.t === 'resume' && message.action.tag === 'step' && message.action.val === 'into' && this.exposeHost) await this.hostCallStep.start();
      if (message.t === 'resume') await this.dbg!.resume();
    } catch (error) {
      this.log(`mixed stop: ${(error as Error).message}`);
      if (message.t === 'call') this.send({ t: 'reply', id: message.id, ok: false, error: { message: (error as Error).message } });
    }
  }

  /**
   * Tells the producer (through the main thread, at its next safe point) whether host or
   * instruction breakpoints exist: while they do, V8 can stop inside a host call of the guest (an
   * instruction breakpoint: in the Wasm a host function runs, then steps lead out through the host
   * function), so its guest keeps its callers ready for a step out of a host function.
   */
  private updateHostStops(): void {
    const on = (this.hostBreakpoints?.count ?? 0) > 0 || this.instructionBreakpoints.length > 0;
    if (on === this.hostStops) return;
    this.hostStops = on;
    const message: Queued = { t: 'hostStops', on };
    // At a mixed stop the main thread is paused in V8: served on the trampoline, at once.
    if (this.state.tag === 'mixed') void this.serveMixed(message);
    else if (this.state.tag === 'pending') this.queue.push(message);
    else this.toMain(message);
  }

  // ---- the Wasm API ----------------------------------------------------------------------------

  private async call(id: number, method: string, args: unknown[]): Promise<void> {
    try {
      if (!(WASM_METHODS as readonly string[]).includes(method)) throw new Error(`unknown Wasm method ${JSON.stringify(method)}`);
      if (!this.exposeHost) throw new Error('the host is hidden in this session (guest-only mode)');
      const fn = (this.methods as unknown as Record<string, (...a: unknown[]) => unknown>)[method];
      const result = await fn(...args.map((a) => (a === null ? undefined : a)));
      this.send({ t: 'reply', id, ok: true, result });
    } catch (error) {
      this.send({ t: 'reply', id, ok: false, error: { message: (error as Error).message ?? String(error) } });
    }
  }

  /** The current V8 pause; while a mixed stop is announced but V8 has not paused yet, waits for it. */
  private async pause(): Promise<Pause> {
    for (let waits = 0; this.state.tag === 'pending' && waits < 100; waits++) {
      await new Promise<void>((resolve) => this.stateWaiters.push(resolve));
    }
    if (this.state.tag === 'mixed' || this.state.tag === 'wasm') return this.state.pause;
    throw new Error('not paused in V8 (no mixed stop or Wasm pause)');
  }

  private readonly methods: WasmHandlers<keyof WasmProtocol> = {
    ...this.inspection.methods,
    setMixed: async (on) => {
      const dbg = this.debuggee();
      if (on) {
        await dbg.enable();
        Atomics.store(this.flags, MIXED, 1);
      } else {
        await this.hostCall.leave();
        Atomics.store(this.flags, MIXED, 0);
        this.instructionStep.end();
        this.instructionBreakpoints = [];
        this.instructionIndexes.clear();
        this.hostStep.reset();
        await this.hostCallStep.end();
        await this.hostReturnStep.end();
        await dbg.disable();
        // Drop the session too: a connected session makes Node print "Waiting for the debugger
        // to disconnect..." when the debuggee exits.
        this.cdp?.disconnect();
        this.cdp = undefined;
        this.dbg = undefined;
        this.hostBreakpoints = undefined;
        this.updateHostStops();
      }
      return { enabled: dbg.enabled };
    },
    setInstructionBreakpoints: async (requests) => {
      for (const b of this.instructionBreakpoints) await b.module.removeBreakpoint(b.pc);
      this.instructionBreakpoints = [];
      const results = [];
      for (const r of requests) {
        try {
          const module = this.inspection.module(r.module);
          const pc = await module.addBreakpoint(r.pc);
          this.instructionBreakpoints.push({ module, pc });
          results.push({ verified: true, pc });
        } catch (error) {
          results.push({ verified: false, message: (error as Error).message });
        }
      }
      this.updateHostStops();
      return results;
    },
    setHostBreakpoints: async (file, requests) => {
      const dbg = this.debuggee();
      if (!dbg.enabled) throw new Error('mixed mode is off: host breakpoints need the Debugger domain');
      const results = await this.hostBreakpointTable(dbg).set(file, requests);
      this.updateHostStops();
      return results;
    },
    step: async (kind, level = 'instruction', fromFrame) => {
      await this.pause();
      await this.hostCall.leave();
      const state = this.state;
      // A source step in at a host line: to the next source position, host or guest (host-step.ts).
      if (state.tag === 'wasm' && kind === 'into' && level === 'source' && state.pause.frames[0]?.kind === 'js') return this.hostStep.start(state.pause);
      // A source step over / out of a host function the guest called: to the guest's next statement.
      if (state.tag === 'wasm' && kind !== 'into' && level === 'source' && state.pause.frames[0]?.kind === 'js' && await this.hostReturnStep.start(state.pause, kind)) return;
      if (state.tag === 'mixed') {
        // End the script stop (run), then let V8 step from the trampoline into the Wasm.
        // End the script stop (run); the main thread returns to the guest when V8 resumes.
        await state.pause.evaluate(state.hook, `nestdbgServe(${JSON.stringify(JSON.stringify({ t: 'resume', action: { tag: 'run' } }))})`);
      } else if (state.tag !== 'wasm') throw new Error('not paused in V8');
      if (state.tag === 'wasm') return void this.debuggee().singleStep(kind);
      // From a mixed stop: to a breakpoint after the call in progress (mixed-instruction-step.ts).
      await this.instructionStep.start(state.pause, kind, fromFrame, (module) => this.instructionIndexes.of(module, this.cdp!),
        (module, pc) => this.instructionBreakpoints.some((b) => b.module === module && b.pc === pc));
      await this.debuggee().resume();
    },
    continue: async () => {
      await this.pause();
      if (this.state.tag !== 'wasm') throw new Error('not in a Wasm pause (a mixed stop ends with resume)');
      await this.hostCall.leave();
      await this.debuggee().resume();
    },
    interrupt: async () => {
      void this.debuggee().interrupt();
    },
  };
}

