// Loaded into the debuggee with `node --import`. Starts the agent: a worker that owns the
// adapter's socket, and the AgentApi on a global symbol for the producer to attach to.
// Without NESTDBG_AGENT_PORT (not launched by nestdbg) it does nothing.
import { isMainThread, MessageChannel, Worker } from 'node:worker_threads';
import { AGENT_KEY, INTERRUPT_KEY, type AgentApi } from './api.js';
import { FLAG_COUNT, FLUSHED } from './flags.js';
import { MainThreadAgent, log } from './host.js';

/** What the worker gets in workerData. */
export interface WorkerInit {
  port: import('node:worker_threads').MessagePort;
  flags: Int32Array;
  agentPort: number;
  token: string;
  /** false (NESTDBG_EXPOSE_HOST=0): the Wasm/V8-level API is refused, so the host stays hidden. */
  exposeHost: boolean;
}

// A preload runs in worker threads too (the debuggee's own, and ours): only the main thread starts one.
if (isMainThread && process.env.NESTDBG_AGENT_PORT) start();

function start(): void {
  const agentPort = Number(process.env.NESTDBG_AGENT_PORT);
  const token = process.env.NESTDBG_AGENT_TOKEN ?? '';
  const exposeHost = process.env.NESTDBG_EXPOSE_HOST !== '0';
  const hold = process.env.NESTDBG_HOLD === '1';
  // Child processes of the debuggee must not connect to (or be killed with) our adapter.
  delete process.env.NESTDBG_AGENT_PORT;
  delete process.env.NESTDBG_AGENT_TOKEN;
  delete process.env.NESTDBG_EXPOSE_HOST;
  delete process.env.NESTDBG_HOLD;

  const flags = new Int32Array(new SharedArrayBuffer(FLAG_COUNT * Int32Array.BYTES_PER_ELEMENT));
  const { port1, port2 } = new MessageChannel();
  const init: WorkerInit = { port: port2, flags, agentPort, token, exposeHost };
  const worker = new Worker(new URL('./worker.js', import.meta.url), {
    workerData: init,
    transferList: [port2],
    execArgv: [], // no preload, no debuggee flags: the worker is ours
  });
  worker.on('error', (error) => log(`worker failed: ${error.stack ?? error}`));
  worker.unref(); // the agent never keeps the debuggee alive

  const agent = new MainThreadAgent(port1, flags);
  // Requests that arrive while the event loop is free (the guest idle) are served here; the
  // blocking waits and pollPause take theirs with receiveMessageOnPort from the same queue.
  port1.on('message', (message) => agent.handle(message));
  port1.unref();

  // Output posted just before exit must reach the adapter: wait (bounded) until the worker has
  // handed every earlier message to the socket.
  process.on('exit', () => {
    Atomics.store(flags, FLUSHED, 0);
    agent.post({ t: 'flush' });
    Atomics.wait(flags, FLUSHED, 0, 2000);
  });

  const api: AgentApi = Object.freeze<AgentApi>({
    attach: (producer, options) => agent.attach(producer, options),
    hostStep: (phase) => agent.hostStep(phase),
    hostCall: (phase: 'enter' | 'leave' | 'serve' | 'under', argument?: string | readonly object[]) => agent.hostCall(phase, argument),
  });
  // The worker's interrupt (interrupt.ts) calls this on the main thread; the producer's, if any.
  Object.defineProperty(globalThis, INTERRUPT_KEY, { value: () => agent.interrupt(), enumerable: false, writable: false, configurable: false });
  Object.defineProperty(globalThis, AGENT_KEY, { value: api, enumerable: false, writable: false, configurable: false });
  // Launched with `hold`: the program's first line waits for the adapter (host breakpoints first).
  if (hold) agent.holdUntilStarted();
}
