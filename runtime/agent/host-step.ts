// A source-level step in from a host JS line, in mixed mode: it lands where js-debug would, at the
// next source position of either level. The producer is asked (through the agent's hostStep, on
// the paused main thread) to stop at the next guest statement; V8 steps into the line. If V8
// enters the interpreter's Wasm, it steps out of it again (repeatedly: the interpreter may be deep)
// and the guest's stop, a `debugger;` in the trampoline, pauses V8 on the way: the step ends at
// the guest's first statement. If V8 lands in host JS (a host function, the next line), the
// guest's armed stop is withdrawn (the agent drops it when it comes).
import type { Cdp } from '../wasm/cdp.js';
import type { Pause, WasmDebuggee } from '../wasm/debuggee.js';
import { AGENT_KEY, globalExpression, type AgentApi } from './api.js';

type Phase = Parameters<AgentApi['hostStep']>[0];
const agent = (phase: Phase) => `${globalExpression(AGENT_KEY)}?.hostStep(${JSON.stringify(phase)}) === true`;

/** Calls the agent's hostStep on the paused main thread (it only sets flags, or arms the producer's pause). */
export async function agentHostStep(cdp: Cdp, phase: Phase): Promise<boolean> {
  const r = await cdp.post<{ result: { value?: unknown }; exceptionDetails?: { text: string } }>(
    'Runtime.evaluate', { expression: agent(phase), returnByValue: true, silent: true },
  );
  if (r.exceptionDetails) throw new Error(r.exceptionDetails.text);
  return r.result.value === true;
}

export class HostStepIn {
  /** into: until V8's first pause; out: stepping out of the Wasm it stepped into. */
  private phase: 'into' | 'out' | undefined;
  private withdrawal: Promise<void> | undefined;

  constructor(private readonly debuggee: () => WasmDebuggee, private readonly cdp: () => Cdp) {}

  get active(): boolean {
    return this.phase !== undefined;
  }

  /** From a pause whose top frame is host JS: arms the guest's stop, then V8 steps in. */
  async start(pause: Pause): Promise<void> {
    const top = pause.frames[0];
    if (top?.kind !== 'js') throw new Error('a source step in starts at a host JavaScript frame');
    await this.evaluate('arm');
    this.phase = 'into';
    await this.debuggee().singleStep('into');
  }

  /** The guest stopped (the trampoline paused V8): the step ended there. */
  guestStopped(): void {
    this.phase = undefined;
  }

  /** Another V8 pause during the step: true when it was the step's own business (not reported). */
  onPause(pause: Pause): boolean {
    if (!this.phase) return false;
    if (pause.event.tag === 'step' && pause.frames[0]?.kind === 'wasm') {
      this.phase = 'out';
      void this.debuggee().singleStep('out');
      return true;
    }
    // Landed in host JS (or stopped at a breakpoint on the way): the guest's stop is withdrawn.
    this.phase = undefined;
    this.withdrawal = this.evaluate('landed').then(() => undefined, () => undefined);
    return false;
  }

  /** The withdrawal onPause started, if any: report the stop once it is done, or a quick continue could meet the guest's stop. */
  takeWithdrawal(): Promise<void> | undefined {
    const w = this.withdrawal;
    this.withdrawal = undefined;
    return w;
  }

  /** Mixed mode went off, or the step was abandoned. */
  reset(): void {
    this.phase = undefined;
  }

  private evaluate(phase: 'arm' | 'landed'): Promise<boolean> {
    return agentHostStep(this.cdp(), phase);
  }
}
