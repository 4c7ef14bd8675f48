// The in-process agent's API, as a producer inside the debuggee sees it. The preload installs it
// on a global symbol, so producers need no import path to the runtime: only this type.
import type { Host, Producer } from '../../abi/index.js';

/** How a producer that does not poll periodically is told to poll (SPEC §8.6). */
export interface AttachOptions {
  /**
   * Called on the main thread at an arbitrary instant, even in the middle of the guest's Wasm
   * (from a V8 interrupt), whenever the adapter queued something for the producer while the
   * guest runs: it must only arm a `pollPause` at the guest's next safe point, and return.
   */
  interrupt?: () => void;
}

export interface AgentApi {
  /**
   * Connect a producer to the debug adapter. Returns the Host the producer calls.
   * One producer per process: a second attach throws.
   */
  attach(producer: Producer, options?: AttachOptions): Host;
  /**
   * A source-level step in from a host JS line (mixed mode; the agent's worker calls this by
   * evaluating on the paused host frame): `arm` asks the producer to stop at the next guest
   * statement, reported as a step; `landed`: the step ended in the host, so that stop, if it still
   * comes, is dropped. `guest-landed`: a step in from a guest line ended in a host function the
   * guest called, so the guest's own step stop, when it comes, is dropped. Returns whether a
   * producer took the request.
   */
  hostStep(phase: 'arm' | 'landed' | 'guest-landed'): boolean;
  /**
   * Mixed mode, V8 paused in a host function the guest called (the agent's worker calls this by
   * evaluating on the paused main thread): `enter` makes the guest's frames inspectable there, if
   * the producer can (HostCallInspection), and answers whether it did; `dispatchers` are the
   * objects that dispatched the host calls on V8's stack, innermost first (HostCallInspection).
   * `serve` runs one adapter message (a producer call; its reply is posted as usual); `leave` ends
   * it before V8 resumes. `under`, at a mixed stop: the objects that dispatched the host calls
   * under the stop, innermost first (HostCallsUnderStop); answers whether a producer took them.
   */
  hostCall(phase: 'enter', dispatchers?: readonly object[]): boolean;
  hostCall(phase: 'under', dispatchers: readonly object[]): boolean;
  hostCall(phase: 'leave'): boolean;
  hostCall(phase: 'serve', message: string): boolean;
}

/**
 * What an in-process producer (not a component: its exports may be called while the guest is inside
 * a call to the embedding) may add to the ABI: inspection of the guest inside a call to a host
 * function, where V8 paused (mixed mode). Not in the WIT: a component cannot be entered there.
 */
export interface HostCallInspection {
  /**
   * The guest's frames (and scopes, variables, evaluate) become readable as at a stop; false if the
   * guest is in no call. `dispatchers`: the glue's objects that dispatched the host calls on V8's
   * stack, innermost first (quickjs-emscripten: the QuickJSContext whose guest made the call);
   * empty when V8 did not tell them.
   */
  enterHostCall(dispatchers: readonly object[]): boolean;
  /** Ends it: handles and frames of that inspection are gone. */
  leaveHostCall(): void;
}

export function inspectsHostCalls(producer: object): producer is HostCallInspection {
  return typeof (producer as Partial<HostCallInspection>).enterHostCall === 'function'
    && typeof (producer as Partial<HostCallInspection>).leaveHostCall === 'function';
}

/**
 * What an in-process producer may add to HostCallInspection: at a mixed stop, told who dispatched
 * the host calls V8's stack holds under the stop, innermost first, before the stop is inspected.
 * quickjs-emscripten: QuickJSContexts, which may belong to other runtimes than the stopped one
 * (their frames are in no chain the stopped runtime walks; this is how they find their place).
 */
export interface HostCallsUnderStop {
  hostCallsUnderStop(dispatchers: readonly object[]): void;
}

export function knowsHostCallsUnderStop(producer: object): producer is HostCallsUnderStop {
  return typeof (producer as Partial<HostCallsUnderStop>).hostCallsUnderStop === 'function';
}

/**
 * What an in-process producer may add too: told whether the host can stop inside the guest's host
 * calls (mixed mode with host breakpoints set). A step out of such a stop goes back to the guest
 * function that made the call, so while `on` the producer keeps the guest's callers ready to stop
 * at their next statement; while off, idle guest code stays as fast as without mixed mode.
 */
export interface HostStops {
  setHostStops(on: boolean): void;
}

export function knowsHostStops(producer: object): producer is HostStops {
  return typeof (producer as Partial<HostStops>).setHostStops === 'function';
}

// The main thread's globals the preload installs: registered symbols (Symbol.for), so the worker
// reaches them by name in the expressions it evaluates there (globalExpression).

/** The main thread's interrupt entry (interrupt.ts, preload.ts). */
export const INTERRUPT_KEY = Symbol.for('nestdbg.interrupt');

/** The global the preload installs the agent on. */
export const AGENT_KEY = Symbol.for('nestdbg.agent');

/** A JS expression for one of these globals, to evaluate on the main thread over CDP. */
export function globalExpression(key: symbol): string {
  return `globalThis[Symbol.for(${JSON.stringify(key.description)})]`;
}

/** The agent, when this process runs under nestdbg; undefined otherwise. */
export function getAgent(): AgentApi | undefined {
  return (globalThis as Record<symbol, unknown>)[AGENT_KEY] as AgentApi | undefined;
}
