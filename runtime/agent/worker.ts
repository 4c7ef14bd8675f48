// The agent's worker thread: owns the socket to the adapter, so messages move while the
// debuggee's main thread is blocked at a stop or busy running the guest. Logs with fs.writeSync:
// worker stderr is relayed by the main thread, which may be blocked.
import { connect } from 'node:net';
import { writeSync } from 'node:fs';
import { workerData } from 'node:worker_threads';
import { encode, readNdjson } from '../channel/ndjson.js';
import type { AdapterMessage, AgentMessage, MainToWorker } from '../channel/messages.js';
import { FLUSHED, INTERRUPTIBLE, PAUSE, PENDING, SIGNAL } from './flags.js';
import { MainThreadInterrupt } from './interrupt.js';
import type { WorkerInit } from './preload.js';
import { WasmService } from './wasm-service.js';

const { port, flags, agentPort, token, exposeHost } = workerData as WorkerInit;

let unwritten = 0; // writes the socket has not yet handed to the kernel
let flushRequested = false;

const socket = connect({ host: '127.0.0.1', port: agentPort });
socket.setNoDelay(true);
send({ t: 'hello', pid: process.pid, token }); // buffered by the socket until connected

// True from a scriptLoaded/stopped announcement until the resume that ends it is passed on: the
// main thread then waits in a host call and takes every message itself, so no interrupt is needed.
// Wrong only towards interrupting (a nested stop, a mixed one): an extra poll is harmless.
let mainWaiting = false;
const interrupt = new MainThreadInterrupt(log);

// Mixed mode (the Wasm API over CDP) and mixed stops are served here, not by the main thread.
const wasm = new WasmService(flags, send, toMain, log, exposeHost);

readNdjson(
  socket,
  (message) => {
    if (!wasm.fromAdapter(message as AdapterMessage)) toMain(message as AdapterMessage);
  },
  (error) => log(`bad message from adapter: ${error.message}`),
);
// No adapter means nobody can ever resume or kill this debuggee: end it rather than orphan it.
socket.on('error', (error) => die(`adapter connection failed: ${error.message}`));
socket.on('close', () => die('adapter connection closed'));

port.on('message', (message: MainToWorker) => {
  if (message.t === 'flush') {
    flushRequested = true;
    confirmFlushIfDone();
  } else if (message.t !== 'mixedStop' && message.t !== 'mixedMissed') {
    if (message.t === 'stopped' || message.t === 'scriptLoaded') mainWaiting = true;
    send(message);
  } else {
    wasm.fromMain(message);
  }
});

function toMain(message: AdapterMessage): void {
  if (message.t === 'pause') Atomics.store(flags, PAUSE, 1); // seen by pollPause even mid-guest
  port.postMessage(message);
  Atomics.store(flags, PENDING, 1);
  Atomics.add(flags, SIGNAL, 1);
  Atomics.notify(flags, SIGNAL);
  if (message.t === 'resume') mainWaiting = false;
  // A producer that polls only when interrupted (SPEC §8.6) must hear of a pause or a call that
  // comes while its guest runs; the interrupt is sent after the post, so its poll finds the message.
  else if ((message.t === 'pause' || message.t === 'call') && !mainWaiting && Atomics.load(flags, INTERRUPTIBLE) === 1) interrupt.request();
}

function send(message: AgentMessage): void {
  let line: string;
  try {
    line = encode(message);
  } catch (error) {
    // e.g. a BigInt in a producer's result: answer the call rather than crash the worker
    if (message.t !== 'reply') return log(`unsendable ${message.t}: ${(error as Error).message}`);
    line = encode({ t: 'reply', id: message.id, ok: false, error: { message: `unsendable result: ${(error as Error).message}` } });
  }
  unwritten++;
  socket.write(line, () => {
    unwritten--;
    confirmFlushIfDone();
  });
}

function confirmFlushIfDone(): void {
  if (!flushRequested || unwritten > 0) return;
  flushRequested = false;
  Atomics.store(flags, FLUSHED, 1);
  Atomics.notify(flags, FLUSHED);
}

function die(reason: string): void {
  log(`${reason}; killing debuggee ${process.pid}`);
  process.kill(process.pid, 'SIGKILL');
}

function log(text: string): void {
  try {
    writeSync(2, `nestdbg agent: ${text}\n`);
  } catch {
    // stderr closed: nothing to report to
  }
}
