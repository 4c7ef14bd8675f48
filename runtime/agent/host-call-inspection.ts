// The worker's half of inspecting the guest inside a host function it called (mixed mode): when V8
// pauses in host JS that a guest's call reached (a host breakpoint, a step), the guest is at a safe
// point, inside a host call, so its frames can be read there as at a stop. The main thread's agent
// asks the producer (AgentApi.hostCall, evaluated on the paused thread); producer calls of that
// pause are served the same way; the inspection ends before V8 resumes. The producer is told who
// dispatched each host call on V8's stack, innermost first (host calls nest, through several
// contexts of the guest), so it inspects the guest whose call V8 is in. At a script stop (mixed
// mode) it is told the same of the host calls under the stop: contexts of other runtimes among
// them have frames there that the stopped runtime's chain does not hold.
import type { Cdp } from '../wasm/cdp.js';
import type { Pause } from '../wasm/debuggee.js';
import { AGENT_KEY, globalExpression } from './api.js';
import type { GlueDispatch } from './glue-dispatch.js';

const agent = globalExpression(AGENT_KEY);
const OBJECT_GROUP = 'nestdbg-host-call';

type Evaluated = { result: { value?: unknown }; exceptionDetails?: { text: string; exception?: { description?: string } } };

function answer(r: Evaluated): boolean {
  if (r.exceptionDetails) throw new Error(r.exceptionDetails.exception?.description ?? r.exceptionDetails.text);
  return r.result.value === true;
}

async function agentHostCall(cdp: Cdp, phase: 'enter' | 'leave' | 'serve', message?: string): Promise<boolean> {
  const args = [JSON.stringify(phase), ...(message === undefined ? [] : [JSON.stringify(message)])].join(', ');
  return answer(await cdp.post<Evaluated>('Runtime.evaluate', { expression: `${agent}?.hostCall(${args}) === true`, returnByValue: true, silent: true }));
}

/** hostCall(phase, dispatchers): the dispatchers are remote objects, passed as arguments of a call on the first. */
async function agentWithDispatchers(cdp: Cdp, phase: 'enter' | 'under', dispatchers: readonly string[]): Promise<boolean> {
  if (dispatchers.length === 0) return agentHostCall(cdp, 'enter');
  return answer(await cdp.post<Evaluated>('Runtime.callFunctionOn', {
    objectId: dispatchers[0],
    functionDeclaration: `function (...dispatchers) { return ${agent}?.hostCall(${JSON.stringify(phase)}, dispatchers) === true; }`,
    arguments: dispatchers.map((objectId) => ({ objectId })),
    returnByValue: true, silent: true,
  }));
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
    const callers = await this.glue().callerFrames(pause);
    // Only host JS between the pause and the glue's call: in Wasm the interpreter may be mid-update.
    if (callers.length === 0 || pause.frames.slice(0, callers[0]).some((f) => f.kind !== 'js')) return false;
    try {
      this.inside = await agentWithDispatchers(this.cdp(), 'enter', await this.glue().dispatchers(pause, callers, OBJECT_GROUP));
    } finally {
      await this.cdp().post('Runtime.releaseObjectGroup', { objectGroup: OBJECT_GROUP }).catch(() => undefined);
    }
    return this.inside;
  }

  /**
   * A mixed stop (V8 paused in the trampoline), before it is inspected: the producer is told who
   * dispatched the host calls under the stop, innermost first (HostCallsUnderStop).
   */
  async underStop(pause: Pause): Promise<void> {
    const callers = await this.glue().callerFrames(pause);
    // The innermost is the stop's own: the guest's check called the debugger. Only nested host calls need telling.
    if (callers.length < 2) return;
    try {
      const dispatchers = await this.glue().dispatchers(pause, callers, OBJECT_GROUP);
      if (dispatchers.length > 0) await agentWithDispatchers(this.cdp(), 'under', dispatchers);
    } finally {
      await this.cdp().post('Runtime.releaseObjectGroup', { objectGroup: OBJECT_GROUP }).catch(() => undefined);
    }
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
