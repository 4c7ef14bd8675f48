// The worker's half of inspecting the guest inside a host function it called (mixed mode): when V8
// pauses in host JS that a guest's call reached (a host breakpoint, a step), the guest is at a safe
// point, inside a host call, so its frames can be read there as at a stop. The main thread's agent
// asks the producer (AgentApi.hostCall, evaluated on the paused thread); producer calls of that
// pause are served the same way; the inspection ends before V8 resumes.
import type { Cdp } from '../wasm/cdp.js';
import type { Pause } from '../wasm/debuggee.js';
import { AGENT_KEY } from './api.js';
import type { GlueDispatch } from './glue-dispatch.js';

const agent = `globalThis[Symbol.for(${JSON.stringify(AGENT_KEY.description)})]`;

async function agentHostCall(cdp: Cdp, phase: 'enter' | 'leave' | 'serve', message?: string): Promise<boolean> {
  const args = [JSON.stringify(phase), ...(message === undefined ? [] : [JSON.stringify(message)])].join(', ');
  const r = await cdp.post<{ result: { value?: unknown }; exceptionDetails?: { text: string; exception?: { description?: string } } }>(
    'Runtime.evaluate', { expression: `${agent}?.hostCall(${args}) === true`, returnByValue: true, silent: true },
  );
  if (r.exceptionDetails) throw new Error(r.exceptionDetails.exception?.description ?? r.exceptionDetails.text);
  return r.result.value === true;
}

export class HostCallInspection {
  /** Whether the guest's frames are readable in the current pause. */
  private inside = false;

  constructor(private readonly glue: () => GlueDispatch, private readonly cdp: () => Cdp) {}

  get active(): boolean {
    return this.inside;
  }

  /** A V8 pause to report: true when it is inside a host function a guest called and the guest's frames are now readable. */
  async enter(pause: Pause): Promise<boolean> {
    await this.leave();
    if (pause.frames[0]?.kind !== 'js') return false;
    const caller = await this.glue().callerFrame(pause);
    // Only host JS between the pause and the glue's call: in Wasm the interpreter may be mid-update.
    if (caller < 0 || pause.frames.slice(0, caller).some((f) => f.kind !== 'js')) return false;
    this.inside = await agentHostCall(this.cdp(), 'enter');
    return this.inside;
  }

  /** One producer call of this pause; its reply comes from the main thread. */
  async serve(message: object): Promise<void> {
    if (!await agentHostCall(this.cdp(), 'serve', JSON.stringify(message))) throw new Error('the guest cannot be inspected here');
  }

  /** Before V8 resumes: the guest's frames, handles and values of this pause are let go. */
  async leave(): Promise<void> {
    if (!this.inside) return;
    this.inside = false;
    await agentHostCall(this.cdp(), 'leave');
  }
}
