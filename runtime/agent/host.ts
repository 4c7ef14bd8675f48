// The debuggee main thread's half of the agent: the Host a producer calls. Host calls that wait
// (scriptLoaded, stopped) block the main thread and pull adapter requests synchronously with
// receiveMessageOnPort, so the guest stays frozen at a safe point while it is inspected. The
// producer is never called back from inside them: each request becomes a `call` command the host
// call returns, and the producer's `reply` returns the next one (SPEC §2.6). Requests that arrive
// while the main thread is idle, and those of a mixed-mode stop (V8 paused inside `stopped`, see
// mixed.ts), are served by calling the producer directly.
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { writeSync } from 'node:fs';
import {
  callOf, PRODUCER_METHODS, replyResult, RESUME_RUN, type ErrorInfo, type Host, type HostCommand, type Producer, type ProducerMethod,
  type ResumeAction,
} from '../../abi/index.js';
import type { AdapterMessage, MainToWorker } from '../channel/messages.js';
import { INTERRUPTIBLE, MIXED, PAUSE, PENDING, SIGNAL } from './flags.js';
import { inspectsHostCalls, knowsHostCallsUnderStop, knowsHostStops, type AttachOptions } from './api.js';
import { mixedStop } from './mixed.js';

const ALLOWED = new Set<string>(PRODUCER_METHODS);

/** A host call the producer is blocked in: `wait` blocks for the adapter, `poll` only drains what is queued. */
interface Context {
  kind: 'wait' | 'poll';
  stop: boolean;
}

const PAUSE_CALL: HostCommand = { tag: 'call', val: { tag: 'request-pause' } };

export class MainThreadAgent {
  private producer: Producer | undefined;
  /** How many stopped waits are on the stack (a request may re-enter the producer and stop again). */
  private stoppedDepth = 0;
  /** The host calls in progress, innermost last; the command loop answers for the innermost. */
  private readonly contexts: Context[] = [];
  /** The adapter request id of the `call` command in progress (none for an internal request-pause). */
  private pendingCall: number | undefined;

  /** A step in from a host line (hostStep): armed, or stale once the step ended in the host. */
  private hostStepIn: 'armed' | 'stale' | undefined;
  /** A step in from a guest line ended in a host function (hostStep): the guest's step stop is dropped. */
  private guestStepLanded = false;

  /** Whether V8 can stop inside the guest's host calls (HostStops); told to a producer that attaches later too. */
  private hostStops = false;

  /** The producer's interrupt (AttachOptions): arms a poll, from any instant. */
  private producerInterrupt: (() => void) | undefined;

  constructor(private readonly port: MessagePort, private readonly flags: Int32Array) {}

  /** Run by the worker's interrupt (interrupt.ts), at an arbitrary instant on this thread. */
  interrupt(): void {
    try {
      this.producerInterrupt?.();
    } catch (error) {
      log(`interrupt threw: ${errorInfo(error).message}`);
    }
  }

  /** See AgentApi.hostStep. */
  hostStep(phase: 'arm' | 'landed' | 'guest-landed'): boolean {
    if (phase === 'guest-landed') {
      this.guestStepLanded = true;
      return true;
    }
    if (phase === 'landed') {
      if (this.hostStepIn === 'armed') this.hostStepIn = 'stale';
      return true;
    }
    if (this.stoppedDepth > 0) return false;
    this.guestStepLanded = false;
    this.hostStepIn = 'armed';
    // No producer yet (an embedding app's first script): its scriptLoaded arms it.
    this.producer?.requestPause();
    return true;
  }

  /** See AgentApi.hostCall. */
  hostCall(phase: 'enter' | 'leave' | 'serve' | 'under', argument?: string | readonly object[]): boolean {
    const producer = this.producer;
    if (!producer || !inspectsHostCalls(producer)) return false;
    if (phase === 'serve') {
      // Only producer calls: a resume or pause of this pause is the worker's (V8's) business.
      const parsed = JSON.parse(typeof argument === 'string' ? argument : '{}') as AdapterMessage;
      if (parsed.t !== 'call') return false;
      this.handle(parsed);
      return true;
    }
    if (phase === 'under') {
      // Only at a stop of the guest's own (a mixed stop), before it is inspected.
      if (this.stoppedDepth === 0 || !knowsHostCallsUnderStop(producer) || !Array.isArray(argument)) return false;
      producer.hostCallsUnderStop(argument);
      return true;
    }
    if (phase === 'leave') {
      producer.leaveHostCall();
      return true;
    }
    // Not while a stop of the guest's own is on the stack: that stop is what gets inspected.
    return this.stoppedDepth === 0 && producer.enterHostCall(Array.isArray(argument) ? argument : []);
  }

  attach(producer: Producer, options: AttachOptions = {}): Host {
    if (this.producer) throw new Error('nestdbg: a producer is already attached to this process');
    this.producer = producer;
    if (this.hostStops) this.tellHostStops();
    if (options.interrupt) {
      this.producerInterrupt = options.interrupt;
      Atomics.store(this.flags, INTERRUPTIBLE, 1);
    }
    return {
      scriptLoaded: (info) => {
        this.post({ t: 'scriptLoaded', info });
        // A step in from the host armed the contexts there were; this script may be a new one's.
        if (this.hostStepIn === 'armed') {
          this.contexts.push({ kind: 'wait', stop: false });
          return PAUSE_CALL;
        }
        return this.enter({ kind: 'wait', stop: false });
      },
      stopped: (event) => {
        const hostStep = this.hostStepIn;
        this.hostStepIn = undefined;
        const guestLanded = this.guestStepLanded;
        this.guestStepLanded = false;
        if (guestLanded && event.reason === 'step') return RESUME_RUN;
        // Armed by a step in from the host (a pause, or a new script's entry stop): a step, or
        // dropped when that step ended in the host.
        const armed = event.reason === 'pause' || event.reason === 'entry';
        if (armed && hostStep === 'stale') return RESUME_RUN;
        if (armed && hostStep === 'armed') event = { ...event, reason: 'step' };
        this.stoppedDepth++;
        // Mixed mode: the stop becomes a V8 pause (see mixed.ts). Not when nested: V8 does not
        // pause inside an evaluateOnCallFrame, so a nested stop waits the ordinary way.
        if (this.stoppedDepth === 1 && Atomics.load(this.flags, MIXED) === 1) {
          const action = mixedStop(this, event);
          if (action) {
            this.stoppedDepth--;
            return { tag: 'resume', val: action };
          }
        } else {
          this.post({ t: 'stopped', event });
        }
        return this.enter({ kind: 'wait', stop: true });
      },
      output: (event) => this.post({ t: 'output', event }),
      pollPause: () => {
        // Two atomic loads when nothing is going on: this runs every few ms in the guest's poll.
        if (Atomics.load(this.flags, PENDING) === 0 && Atomics.load(this.flags, PAUSE) === 0) return RESUME_RUN;
        Atomics.store(this.flags, PENDING, 0); // clear before draining so no arrival is missed
        return this.enter({ kind: 'poll', stop: false });
      },
      reply: (answer) => {
        if (this.pendingCall !== undefined) {
          const id = this.pendingCall;
          this.pendingCall = undefined;
          const r = replyResult(answer);
          this.postReply(id, r.ok ? { ok: true, result: r.result } : { ok: false, error: r.error });
        }
        return this.next();
      },
    };
  }

  private enter(context: Context): HostCommand {
    this.contexts.push(context);
    return this.next();
  }

  /** The next command for the innermost host call; a `resume` ends that call. */
  private next(): HostCommand {
    const context = this.contexts.at(-1);
    if (!context) return RESUME_RUN; // a reply outside any host call: nothing more to do
    if (context.kind === 'poll') {
      for (let m = receiveMessageOnPort(this.port); m !== undefined; m = receiveMessageOnPort(this.port)) {
        const command = this.command(m.message as AdapterMessage, context);
        if (command) return command;
      }
      if (Atomics.load(this.flags, PAUSE) !== 0 && Atomics.exchange(this.flags, PAUSE, 0) === 1) return PAUSE_CALL;
      return this.leave(RESUME_RUN);
    }
    for (;;) {
      const seen = Atomics.load(this.flags, SIGNAL);
      for (let m = receiveMessageOnPort(this.port); m !== undefined; m = receiveMessageOnPort(this.port)) {
        const command = this.command(m.message as AdapterMessage, context);
        if (command) return command.tag === 'resume' ? this.leave(command) : command;
      }
      Atomics.wait(this.flags, SIGNAL, seen); // returns at once if a post came after `seen`
    }
  }

  /**
   * Holds the program before its first line until the adapter sends `start` (it binds breakpoints
   * in the host's own code first). CDP commands reach this thread while it waits: the worker wakes
   * it for each (SIGNAL) and V8 runs them when this loop runs JS.
   */
  holdUntilStarted(): void {
    for (;;) {
      const seen = Atomics.load(this.flags, SIGNAL);
      for (let m = receiveMessageOnPort(this.port); m !== undefined; m = receiveMessageOnPort(this.port)) {
        const message = m.message as AdapterMessage;
        if (message.t === 'start') return;
        this.handle(message);
      }
      Atomics.wait(this.flags, SIGNAL, seen);
    }
  }


  private leave(command: HostCommand): HostCommand {
    if (this.contexts.pop()?.stop) this.stoppedDepth--;
    return command;
  }

  /** One adapter message as a command of the command loop; undefined when it needs none. */
  private command(message: AdapterMessage, context: Context): HostCommand | undefined {
    switch (message.t) {
      case 'start':
        return undefined; // not held (or no longer): nothing to start
      case 'hostStops':
        this.setHostStops(message.on);
        return undefined;
      case 'resume':
        // A poll has no wait to end: the resume is dropped, as when the guest is running.
        return context.kind === 'wait' ? { tag: 'resume', val: message.action ?? { tag: 'run' } } : undefined;
      case 'pause':
        this.hostStepIn = undefined; // the user's own pause is not dropped
        // While stopped a pause means nothing: cleared, so the guest does not stop right after continuing.
        if (this.stoppedDepth > 0) {
          Atomics.store(this.flags, PAUSE, 0);
          return undefined;
        }
        // One request per pause: the flag the worker set is consumed here, not reported again.
        Atomics.store(this.flags, PAUSE, 0);
        return PAUSE_CALL;
      case 'call':
        try {
          if (!ALLOWED.has(message.method)) throw new Error(`unknown producer method ${JSON.stringify(message.method)}`);
          const call = callOf(message.method as ProducerMethod, (message.args ?? []).map((a) => (a === null ? undefined : a)));
          this.pendingCall = message.id;
          return { tag: 'call', val: call };
        } catch (error) {
          this.post({ t: 'reply', id: message.id, ok: false, error: errorInfo(error) });
          return undefined;
        }
    }
  }

  /** Serves one message while idle or in a mixed-mode stop: calls go straight to the producer. */
  handle(message: AdapterMessage): ResumeAction | undefined {
    switch (message.t) {
      case 'start':
        return undefined; // not held (or no longer): nothing to start
      case 'hostStops':
        this.setHostStops(message.on);
        return undefined;
      case 'resume':
        return message.action ?? { tag: 'run' };
      case 'pause':
        this.hostStepIn = undefined; // the user's own pause is not dropped
        this.pause();
        return undefined;
      case 'call':
        this.call(message.id, message.method, message.args);
        return undefined;
    }
  }

  // Told at a safe point (idle, a poll, a stop): the producer changes what its guest runs. An
  // in-process producer may be called directly inside a host call (HostStops, like HostCallInspection).
  private setHostStops(on: boolean): void {
    this.hostStops = on;
    this.tellHostStops();
  }

  private tellHostStops(): void {
    const producer = this.producer;
    if (!producer || !knowsHostStops(producer)) return;
    try {
      producer.setHostStops(this.hostStops);
    } catch (error) {
      log(`setHostStops threw: ${errorInfo(error).message}`);
    }
  }

  // Pause policy: the worker already set the PAUSE flag, which pollPause reports once. The
  // producer's requestPause is called too, so a producer that does not poll (or that is idle
  // between host events) still arms its stop. While stopped, a pause means nothing: the flag is
  // cleared so the guest does not stop again right after the user continues.
  private pause(): void {
    if (this.stoppedDepth > 0) {
      Atomics.store(this.flags, PAUSE, 0);
      return;
    }
    if (!this.producer) return; // the flag stays set; the producer sees it at its first poll
    try {
      this.producer.requestPause();
    } catch (error) {
      log(`requestPause threw: ${errorInfo(error).message}`);
    }
  }

  private call(id: number, method: string, args: unknown[]): void {
    let result: unknown;
    try {
      if (!ALLOWED.has(method)) throw new Error(`unknown producer method ${JSON.stringify(method)}`);
      if (!this.producer) throw new Error('no producer is attached yet');
      const fn = (this.producer as unknown as Record<string, unknown>)[method];
      if (typeof fn !== 'function') throw new Error(`the producer does not implement ${method}`);
      // JSON turned undefined arguments (absent options) into null; the ABI has no null.
      result = fn.apply(this.producer, (args ?? []).map((a) => (a === null ? undefined : a)));
    } catch (error) {
      this.post({ t: 'reply', id, ok: false, error: errorInfo(error) });
      return;
    }
    this.postReply(id, { ok: true, result });
  }

  private postReply(id: number, reply: { ok: true; result: unknown } | { ok: false; error: ErrorInfo }): void {
    try {
      this.post({ t: 'reply', id, ...reply });
    } catch (error) {
      this.post({ t: 'reply', id, ok: false, error: { message: `unsendable result: ${errorInfo(error).message}` } });
    }
  }

  post(message: MainToWorker): void {
    this.port.postMessage(message);
  }
}

/** A thrown AbiError (or jco ComponentError) carries its payload; anything else becomes its message. */
export function errorInfo(error: unknown): ErrorInfo {
  const payload = (error as { payload?: { message?: unknown } } | null)?.payload;
  if (payload && typeof payload.message === 'string') return { message: payload.message };
  if (error instanceof Error) return { message: error.message };
  return { message: String(error) };
}

/** The main thread's stderr may be a pipe another thread relays: write straight to fd 2. */
export function log(text: string): void {
  try {
    writeSync(2, `nestdbg agent: ${text}\n`);
  } catch {
    // stderr closed: nothing to report to
  }
}
