// Wire messages between the adapter (launcher) and the debuggee's agent. The agent's worker
// relays them unchanged to and from the debuggee's main thread, which runs the producer.
import type { ErrorInfo, OutputEvent, ProducerMethod, ResumeAction, ScriptInfo, StopEvent } from '../../abi/index.js';

/** Adapter → agent. */
export type AdapterMessage =
  /** Call a producer method. Answered with a `reply` carrying the same id. */
  | { t: 'call'; id: number; method: ProducerMethod; args: unknown[] }
  /** End the current scriptLoaded/stopped wait. Ignored when the main thread is not waiting. */
  | { t: 'resume'; action: ResumeAction }
  /** Pause a running guest: sets the shared pause flag and calls the producer's requestPause. */
  | { t: 'pause' };

/** Agent → adapter. */
export type AgentMessage =
  /** First message on the socket: proves the connection comes from the debuggee we spawned. */
  | { t: 'hello'; pid: number; token: string }
  | { t: 'reply'; id: number; ok: true; result?: unknown }
  | { t: 'reply'; id: number; ok: false; error: ErrorInfo }
  | { t: 'scriptLoaded'; info: ScriptInfo }
  | { t: 'stopped'; event: StopEvent }
  | { t: 'output'; event: OutputEvent };

/** Debuggee main thread → agent worker: agent messages, plus the exit-time flush handshake. */
export type MainToWorker = AgentMessage | { t: 'flush' };
