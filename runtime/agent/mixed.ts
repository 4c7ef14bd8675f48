// The main thread's half of a mixed-mode stop. Instead of blocking in Atomics.wait, the stop runs
// `debugger;` in a trampoline (the pattern Mono/Blazor uses for its Wasm interpreter), so V8
// pauses with the whole stack: the hook frames, the interpreter's Wasm frames, the host's JS.
// While V8 is paused this thread runs only inspector messages, so the agent's worker serves the
// adapter's producer calls by evaluating `nestdbgServe(json)` on the trampoline's frame; the
// resume message sets the action the trampoline returns.
import type { ResumeAction, StopEvent } from '../../abi/index.js';
import type { AdapterMessage, MainToWorker } from '../channel/messages.js';

export interface MixedAgent {
  handle(message: AdapterMessage): ResumeAction | undefined;
  post(message: MainToWorker): void;
}

/** Returns the resume action, or undefined when V8 did not pause (the Debugger domain was off). */
export function mixedStop(agent: MixedAgent, event: StopEvent): ResumeAction | undefined {
  let action: ResumeAction | undefined;
  const serve = (json: string): string => {
    const found = agent.handle(JSON.parse(json) as AdapterMessage);
    if (found) action = found;
    return found ? 'resume' : 'ok';
  };
  agent.post({ t: 'mixedStop', event });
  nestdbgMixedStop(serve);
  if (!action) agent.post({ t: 'mixedMissed' });
  return action;
}

// The worker finds this frame by name (TRAMPOLINE_NAME) and evaluates `nestdbgServe(...)` on it:
// the parameter stays live because it is returned.
function nestdbgMixedStop(nestdbgServe: (json: string) => string): unknown {
  debugger; // eslint-disable-line no-debugger
  return nestdbgServe;
}
