// A source-level step over or out from a host function the guest called (mixed mode), that
// leaves it, by returning or by throwing: it lands on the guest's next statement (after a throw,
// the guest's catch, or its exception stop if exception breakpoints take it), not in the
// interpreter's Wasm. V8 steps as usual; a V8 breakpoint waits in the glue right after the host
// call returned or in the glue's catch of what it threw (glue-dispatch.ts),
// in the activation that called this host function. Hit there, the step has left the host: the
// guest is asked to stop at its next statement (safe: the guest is still inside its host call)
// and V8 runs on to it. A step that lands on a host line first (a next line, a host caller) ends
// there, as before.
import type { Cdp } from '../wasm/cdp.js';
import type { Pause, StepKind, WasmDebuggee } from '../wasm/debuggee.js';
import { GlueDispatch, type GlueBreakpoint } from './glue-dispatch.js';
import { agentHostStep } from './host-step.js';

export class HostReturnStep {
  private breakpoints: GlueBreakpoint[] = [];
  /**
   * How many Wasm frames the stack has when the host call being left has returned into the glue
   * (the glue's own JS frames differ: its generator is resumed by another frame than called it).
   */
  private depth = 0;
  private active = false;
  /**
   * Resumed towards the guest's next statement: V8 still breaks once in the Wasm the step out of
   * the host function was heading for (its Wasm step-out target outlives the glue breakpoint's
   * pause); that break is passed over.
   */
  private leaving = false;

  constructor(private readonly glue: () => GlueDispatch, private readonly debuggee: () => WasmDebuggee, private readonly cdp: () => Cdp) {}

  /** From a pause whose top frame is host JS: false when that frame is not inside a guest's host call (step as usual). */
  async start(pause: Pause, kind: Exclude<StepKind, 'into'>): Promise<boolean> {
    await this.end();
    const caller = await this.glue().callerFrame(pause);
    if (caller < 0) return false;
    // Returned, or threw: then the guest's next statement is where its exception goes (a catch).
    this.breakpoints = [...await this.glue().setBreakpoints('returned'), ...await this.glue().setBreakpoints('threw')];
    if (this.breakpoints.length === 0) return false;
    this.depth = pause.wasmFrames().length;
    this.active = true;
    await this.debuggee().singleStep(kind);
    return true;
  }

  /** Another V8 pause during the step: true when it was the step's own business (not reported). */
  onPause(pause: Pause): boolean {
    if (this.leaving) {
      this.leaving = false;
      const stale = pause.frames[0]?.kind === 'wasm' && pause.event.tag !== 'breakpoint' && pause.wasmFrames().length === this.depth;
      if (stale) {
        void this.debuggee().resume();
        return true;
      }
    }
    if (!this.active) return false;
    if (GlueDispatch.at(pause, this.breakpoints)) {
      // A host call nested deeper returning (the host function called back into the guest): on.
      if (pause.wasmFrames().length !== this.depth) void this.debuggee().resume();
      else void this.returned();
      return true;
    }
    void this.end();
    return false;
  }

  async end(): Promise<void> {
    this.active = false;
    this.leaving = false;
    await this.glue().removeBreakpoints(this.breakpoints);
  }

  private async returned(): Promise<void> {
    await this.end();
    try {
      await agentHostStep(this.cdp(), 'arm');
    } finally {
      this.leaving = true;
      await this.debuggee().resume();
    }
  }
}
