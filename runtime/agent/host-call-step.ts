// A source-level step in from a guest line, in mixed mode, that lands in a host function the line
// calls (a function the app exposed with ctx.newFunction), as js-debug would step into a callee.
// The guest's own step is armed as usual (the producer stops at its next statement); meanwhile a
// V8 breakpoint sits at the glue's host-call dispatch (glue-dispatch.ts). When it is hit for a host
// function of the app (not nestdbg's own, not the glue's), V8 steps into it and the step ends
// there; the agent then drops the guest's step stop when it comes. When the guest's next
// statement comes first, the breakpoint goes and the step ends there, as before.
import type { Cdp } from '../wasm/cdp.js';
import type { Pause, WasmDebuggee } from '../wasm/debuggee.js';
import { GlueDispatch, type GlueBreakpoint } from './glue-dispatch.js';
import { agentHostStep } from './host-step.js';

export class HostCallStepIn {
  private breakpoints: GlueBreakpoint[] = [];
  /** watching: the guest runs towards its next statement; entering: V8 steps into the host function. */
  private phase: 'watching' | 'entering' | undefined;

  constructor(
    private readonly glue: () => GlueDispatch,
    private readonly debuggee: () => WasmDebuggee,
    private readonly cdp: () => Cdp,
    /** Code that is not the app's: nestdbg's own and the interpreter's glue (their host functions are skipped). */
    private readonly notApp: (url: string) => boolean,
  ) {}

  /** Before the guest resumes with a step in from a mixed stop. */
  async start(): Promise<void> {
    await this.end();
    this.breakpoints = await this.glue().setBreakpoints('call');
    if (this.breakpoints.length > 0) this.phase = 'watching';
  }

  /**
   * Another V8 pause during the step: `handled` when it was the step's own business (not
   * reported); `landed` when the step ended in the host function: report it once landed() is done.
   */
  onPause(pause: Pause): 'handled' | 'landed' | undefined {
    if (!this.phase) return undefined;
    if (this.phase === 'watching' && GlueDispatch.at(pause, this.breakpoints)) {
      void this.atCall(pause);
      return 'handled';
    }
    // In the host function (the step in's pause), or anything else: the step is over.
    const landed = this.phase === 'entering' && pause.event.tag === 'step';
    void this.end();
    return landed ? 'landed' : undefined;
  }

  /** The agent drops the guest's own step stop: done before the stop is reported, or a quick continue could meet it. */
  async landed(): Promise<void> {
    await agentHostStep(this.cdp(), 'guest-landed').catch(() => undefined);
  }

  /** The guest's step ended at its next statement, or mixed mode went off. */
  async end(): Promise<void> {
    this.phase = undefined;
    await this.glue().removeBreakpoints(this.breakpoints);
  }

  private async atCall(pause: Pause): Promise<void> {
    try {
      const url = await this.calleeUrl(pause);
      if (url !== undefined && this.notApp(url)) return void (await this.debuggee().resume());
      this.phase = 'entering';
      await this.glue().removeBreakpoints(this.breakpoints);
      await this.debuggee().singleStep('into');
    } catch {
      await this.end();
      await this.debuggee().resume().catch(() => undefined);
    }
  }

  /** The URL of the host function about to be called (`fn` in the dispatch frame); undefined if V8 does not say. */
  private async calleeUrl(pause: Pause): Promise<string | undefined> {
    const fn = await this.cdp().post<{ result: { objectId?: string } }>('Debugger.evaluateOnCallFrame', {
      callFrameId: pause.frames[0].callFrameId, expression: 'fn', silent: true, objectGroup: 'nestdbg-step',
    });
    if (!fn.result.objectId) return undefined;
    const props = await this.cdp().post<{ internalProperties?: Array<{ name: string; value?: { value?: { scriptId?: string } } }> }>(
      'Runtime.getProperties', { objectId: fn.result.objectId, ownProperties: true },
    );
    await this.cdp().post('Runtime.releaseObjectGroup', { objectGroup: 'nestdbg-step' }).catch(() => undefined);
    const scriptId = props.internalProperties?.find((p) => p.name === '[[FunctionLocation]]')?.value?.value?.scriptId;
    return scriptId === undefined ? undefined : this.debuggee().scriptUrl(scriptId);
  }
}
