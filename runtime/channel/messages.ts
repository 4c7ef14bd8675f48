// Wire messages between the adapter (launcher) and the debuggee's agent. The agent's worker
// relays them unchanged to and from the debuggee's main thread, which runs the producer.
import type { ErrorInfo, OutputEvent, ProducerMethod, ResumeAction, ScriptInfo, StopEvent } from '../../abi/index.js';
import type { HostBreakpointResolution, WasmMethod, WasmStopEvent } from '../agent/wasm-protocol.js';

/** Adapter → agent. */
export type AdapterMessage =
  /** Call a producer method. Answered with a `reply` carrying the same id. */
  | { t: 'call'; id: number; method: ProducerMethod; args: unknown[] }
  /** End the current scriptLoaded/stopped wait. Ignored when the main thread is not waiting. */
  | { t: 'resume'; action: ResumeAction }
  /** Pause a running guest: sets the shared pause flag and calls the producer's requestPause. */
  | { t: 'pause' }
  /** Lets a debuggee launched with `hold` run its program (the adapter has configured it). */
  | { t: 'start' }
  /** Call the Wasm-level API (served by the agent's worker over CDP, not by the producer). Answered with a `reply`. */
  | { t: 'wasm'; id: number; method: WasmMethod; args: unknown[] }
  /** From the agent's worker to the main thread: whether V8 can stop inside the guest's host calls (host breakpoints are set; api.ts HostStops). */
  | { t: 'hostStops'; on: boolean };

/** Agent → adapter. */
export type AgentMessage =
  /** First message on the socket: proves the connection comes from the debuggee we spawned. */
  | { t: 'hello'; pid: number; token: string }
  | { t: 'reply'; id: number; ok: true; result?: unknown }
  | { t: 'reply'; id: number; ok: false; error: ErrorInfo }
  | { t: 'scriptLoaded'; info: ScriptInfo }
  /** `mixed`: the stop is also a V8 pause; the Wasm API can list its JS and Wasm frames. */
  | { t: 'stopped'; event: StopEvent; mixed?: boolean }
  | { t: 'output'; event: OutputEvent }
  /** V8 paused outside a script stop (a Wasm breakpoint, an instruction step, an interrupt). */
  | { t: 'wasmStopped'; event: WasmStopEvent }
  /** A wasmStopped pause ended. */
  | { t: 'wasmResumed' }
  /** A host breakpoint bound after it was set: V8 loaded its file. */
  | { t: 'hostBreakpointResolved'; resolution: HostBreakpointResolution };

/** Debuggee main thread → agent worker: agent messages, plus the exit-time flush handshake and
 *  the mixed-stop handshake (`mixedStop` before the trampoline's `debugger;`, `mixedMissed` when
 *  V8 did not pause there). */
export type MainToWorker = AgentMessage | { t: 'flush' } | { t: 'mixedStop'; event: StopEvent } | { t: 'mixedMissed' };
