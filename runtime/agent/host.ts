// The debuggee main thread's half of the agent: the Host a producer calls. Host calls that wait
// (scriptLoaded, stopped) block the main thread and serve adapter requests synchronously, pulled
// with receiveMessageOnPort, so the guest stays frozen at a safe point while it is inspected.
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { writeSync } from 'node:fs';
import { PRODUCER_METHODS, type ErrorInfo, type Host, type Producer, type ResumeAction } from '../../abi/index.js';
import type { AdapterMessage, MainToWorker } from '../channel/messages.js';
import { MIXED, PAUSE, PENDING, SIGNAL } from './flags.js';
import { mixedStop } from './mixed.js';

const ALLOWED = new Set<string>(PRODUCER_METHODS);

export class MainThreadAgent {
  private producer: Producer | undefined;
  /** How many stopped waits are on the stack (a request may re-enter the producer and stop again). */
  private stoppedDepth = 0;

  constructor(private readonly port: MessagePort, private readonly flags: Int32Array) {}

  attach(producer: Producer): Host {
    if (this.producer) throw new Error('nestdbg: a producer is already attached to this process');
    this.producer = producer;
    return {
      scriptLoaded: (info) => {
        this.post({ t: 'scriptLoaded', info });
        this.serveUntilResume();
      },
      stopped: (event) => {
        this.stoppedDepth++;
        try {
          // Mixed mode: the stop becomes a V8 pause (see mixed.ts). Not when nested: V8 does not
          // pause inside an evaluateOnCallFrame, so a nested stop waits the ordinary way.
          if (this.stoppedDepth === 1 && Atomics.load(this.flags, MIXED) === 1) {
            const action = mixedStop(this, event);
            if (action) return action;
          } else {
            this.post({ t: 'stopped', event });
          }
          return this.serveUntilResume();
        } finally {
          this.stoppedDepth--;
        }
      },
      output: (event) => this.post({ t: 'output', event }),
      pollPause: () => {
        // Two atomic loads when nothing is going on: this runs every few ms in the guest's poll.
        if (Atomics.load(this.flags, PENDING) !== 0) {
          Atomics.store(this.flags, PENDING, 0); // clear before draining so no arrival is missed
          this.drain();
        }
        return Atomics.load(this.flags, PAUSE) !== 0 && Atomics.exchange(this.flags, PAUSE, 0) === 1;
      },
    };
  }

  /** Serves everything queued; a resume here has no wait to end and is dropped. */
  drain(): void {
    for (let m = receiveMessageOnPort(this.port); m !== undefined; m = receiveMessageOnPort(this.port)) {
      this.handle(m.message as AdapterMessage);
    }
  }

  /** Serves requests until the adapter resumes; the worker bumps SIGNAL after each post. */
  private serveUntilResume(): ResumeAction {
    for (;;) {
      const seen = Atomics.load(this.flags, SIGNAL);
      for (let m = receiveMessageOnPort(this.port); m !== undefined; m = receiveMessageOnPort(this.port)) {
        const action = this.handle(m.message as AdapterMessage);
        if (action) return action;
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

  /** Serves one adapter message; returns the action if it is a resume. */
  handle(message: AdapterMessage): ResumeAction | undefined {
    switch (message.t) {
      case 'start':
        return undefined; // not held (or no longer): nothing to start
      case 'resume':
        return message.action ?? { tag: 'run' };
      case 'pause':
        this.pause();
        return undefined;
      case 'call':
        this.call(message.id, message.method, message.args);
        return undefined;
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
    try {
      this.post({ t: 'reply', id, ok: true, result });
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
