// Adapter side of the runtime: spawns a debuggee with the agent preloaded and talks to it over a
// loopback socket (TCP_NODELAY, newline-delimited JSON). Knows nothing about scripts or DAP.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server, type Socket } from 'node:net';
import { EventEmitter } from 'node:events';
import { randomBytes } from 'node:crypto';
import type { Writable } from 'node:stream';
import { AbiError, type OutputEvent, type Producer, type ProducerMethod, type ResumeAction, type ScriptInfo, type StopEvent } from '../abi/index.js';
import type { AdapterMessage, AgentMessage } from './channel/messages.js';
import { encode, readNdjson } from './channel/ndjson.js';
import type { HostBreakpointResolution, WasmMethod, WasmProtocol, WasmStopEvent } from './agent/wasm-protocol.js';

export interface LaunchOptions {
  /** The script node runs (path, resolved against cwd by node). */
  entry: string;
  args?: string[];
  cwd?: string;
  /** Added to (and overriding) the adapter's own environment. */
  env?: Record<string, string>;
  /** Node flags, placed before the agent's --import. */
  nodeArgs?: string[];
  /** Hold the program before its first line until start() (to set breakpoints in the host's code first). */
  hold?: boolean;
}

export interface DebuggeeEvents {
  scriptLoaded: [info: ScriptInfo];
  /** `mixed`: the stop is also a V8 pause, so the Wasm API (wasm('frames'), ...) works during it. */
  stopped: [event: StopEvent, mixed: boolean];
  /** V8 paused outside a script stop (a Wasm breakpoint, instruction step or interrupt): only the Wasm API works. */
  wasmStopped: [event: WasmStopEvent];
  wasmResumed: [];
  /** A host breakpoint bound once V8 loaded its file. */
  hostBreakpointResolved: [resolution: HostBreakpointResolution];
  output: [event: OutputEvent];
  /** The child's own stdout / stderr. */
  stdout: [text: string];
  stderr: [text: string];
  /** After the process ended and its stdio and agent socket closed: nothing follows. */
  exit: [code: number | null, signal: NodeJS.Signals | null];
}

const PRELOAD = new URL('./agent/preload.js', import.meta.url).href;
const live = new Set<ChildProcess>();
// The debuggee also kills itself when our socket closes; this covers a clean adapter exit early.
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/** Spawns `node --import <agent> entry ...args`; resolves once the agent has connected. */
export function launchDebuggee(options: LaunchOptions): Promise<DebuggeeConnection> {
  const token = randomBytes(16).toString('hex');
  const server = createServer();
  return new Promise<DebuggeeConnection>((resolve, reject) => {
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      const argv = [...(options.nodeArgs ?? []), '--import', PRELOAD, options.entry, ...(options.args ?? [])];
      const child = spawn(process.execPath, argv, {
        cwd: options.cwd,
        env: { ...process.env, ...options.env, NESTDBG_AGENT_PORT: String(port), NESTDBG_AGENT_TOKEN: token, ...(options.hold ? { NESTDBG_HOLD: '1' } : {}) },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      live.add(child);
      child.on('exit', () => live.delete(child));
      const connection = new DebuggeeConnection(child);
      // Until the agent connects, a dying child rejects the launch with what it printed.
      let stderr = '';
      const collect = (text: string) => (stderr += text);
      const early = (code: number | null, signal: NodeJS.Signals | null) => {
        server.close();
        reject(new Error(`debuggee exited (code ${code}, signal ${signal}) before its agent connected:\n${stderr}`));
      };
      child.stderr!.on('data', collect);
      child.once('close', early);
      child.once('error', (error) => {
        server.close();
        reject(error);
      });
      acceptAgent(server, token, (socket) => {
        server.close();
        child.stderr!.off('data', collect);
        child.off('close', early);
        connection.connect(socket);
        resolve(connection);
      });
    });
  });
}

/** Takes the first connection whose hello line carries our token; anything else is dropped. */
function acceptAgent(server: Server, token: string, onAgent: (socket: Socket) => void): void {
  server.on('connection', (socket) => {
    socket.setNoDelay(true);
    socket.on('error', () => socket.destroy());
    let buffered = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      const newline = buffered.indexOf(10);
      if (newline < 0) {
        if (buffered.length > 4096) socket.destroy();
        return;
      }
      socket.off('data', onData);
      socket.pause(); // hold what follows hello for the connection's reader
      let hello: AgentMessage | undefined;
      try {
        hello = JSON.parse(buffered.subarray(0, newline).toString('utf8'));
      } catch {
        // not ours
      }
      if (hello?.t !== 'hello' || hello.token !== token) return void socket.destroy();
      socket.removeAllListeners('error');
      const rest = buffered.subarray(newline + 1);
      if (rest.length > 0) socket.unshift(rest);
      onAgent(socket);
    };
    socket.on('data', onData);
  });
}

/** A launched debuggee. Emits DebuggeeEvents; calls the producer inside it. */
export class DebuggeeConnection extends EventEmitter<DebuggeeEvents> {
  readonly pid: number;
  /** The debuggee's stdin. */
  readonly stdin: Writable;
  private socket: Socket | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  private closedReason: string | undefined;
  private exited: [number | null, NodeJS.Signals | null] | undefined;
  private socketOpen = false;
  private exitDelivered = false;
  // Events wait here until the caller of launchDebuggee has had a turn to add listeners.
  private held: Array<() => void> | undefined = [];

  constructor(private readonly child: ChildProcess) {
    super();
    this.pid = child.pid ?? -1;
    this.stdin = child.stdin!;
    this.stdin.on('error', () => {}); // EPIPE once the child is gone is not our business
    child.stdout!.setEncoding('utf8').on('data', (text: string) => this.deliver('stdout', text));
    child.stderr!.setEncoding('utf8').on('data', (text: string) => this.deliver('stderr', text));
    child.on('close', (code, signal) => {
      this.exited = [code, signal];
      this.fail('the debuggee exited');
      this.maybeExit();
    });
  }

  /** Calls a producer method while the debuggee's main thread serves (stopped, in scriptLoaded,
   *  polling, or idle). Rejects with AbiError when the producer reports an error. */
  call<M extends ProducerMethod>(method: M, ...args: Parameters<Producer[M]>): Promise<ReturnType<Producer[M]>> {
    if (this.closedReason) return Promise.reject(new Error(this.closedReason));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.send({ t: 'call', id, method, args });
    });
  }

  /** Calls the Wasm-level API, served by the agent's worker over CDP (see runtime/agent/wasm-protocol.ts). */
  wasm<M extends WasmMethod>(method: M, ...args: Parameters<WasmProtocol[M]>): Promise<Awaited<ReturnType<WasmProtocol[M]>>> {
    if (this.closedReason) return Promise.reject(new Error(this.closedReason));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.send({ t: 'wasm', id, method, args });
    });
  }

  /** Ends the current scriptLoaded or stopped wait. */
  resume(action: ResumeAction = { tag: 'run' }): void {
    this.send({ t: 'resume', action });
  }

  /** Lets a debuggee launched with `hold` run its program. */
  start(): void {
    this.send({ t: 'start' });
  }

  /** Asks the running guest to pause; a `stopped` event with reason "pause" follows. */
  pause(): void {
    this.send({ t: 'pause' });
  }

  /** SIGKILLs the debuggee. */
  kill(): void {
    this.child.kill('SIGKILL');
  }

  /** SIGKILLs the debuggee and resolves once it is gone (at once if it already exited). */
  killAndWait(): Promise<void> {
    const gone = this.exitDelivered ? Promise.resolve() : new Promise<void>((resolve) => this.once('exit', () => resolve()));
    this.kill();
    return gone;
  }

  /** Closes the agent socket; the debuggee then kills itself. */
  disconnect(): void {
    this.socket?.destroy();
  }

  /** @internal Called by launchDebuggee once the agent is authenticated. */
  connect(socket: Socket): void {
    this.socket = socket;
    this.socketOpen = true;
    readNdjson(socket, (message) => this.receive(message as AgentMessage), (error) => this.deliver('stderr', `nestdbg: bad agent message: ${error.message}\n`));
    socket.on('error', () => {}); // 'close' follows and says all we need
    socket.on('close', () => {
      this.socketOpen = false;
      this.fail('the debuggee disconnected');
      this.maybeExit();
    });
    socket.resume(); // acceptAgent paused it after the hello
    setImmediate(() => this.release());
  }

  private receive(message: AgentMessage): void {
    switch (message.t) {
      case 'reply': {
        const call = this.pending.get(message.id);
        if (!call) return;
        this.pending.delete(message.id);
        if (message.ok) call.resolve(message.result);
        else call.reject(new AbiError(message.error));
        return;
      }
      case 'scriptLoaded':
        return this.deliver('scriptLoaded', message.info);
      case 'stopped':
        return this.deliver('stopped', message.event, message.mixed === true);
      case 'wasmStopped':
        return this.deliver('wasmStopped', message.event);
      case 'wasmResumed':
        return this.deliver('wasmResumed');
      case 'hostBreakpointResolved':
        return this.deliver('hostBreakpointResolved', message.resolution);
      case 'output':
        return this.deliver('output', message.event);
    }
  }

  private send(message: AdapterMessage): void {
    if (this.closedReason || !this.socket) return;
    this.socket.write(encode(message));
  }

  /** No more replies can come: reject every call in flight. */
  private fail(reason: string): void {
    this.closedReason ??= reason;
    for (const call of this.pending.values()) call.reject(new Error(this.closedReason));
    this.pending.clear();
  }

  private deliver<K extends keyof DebuggeeEvents>(event: K, ...args: DebuggeeEvents[K]): void {
    const emit = () => (this.emit as (event: K, ...args: DebuggeeEvents[K]) => boolean)(event, ...args);
    if (this.held) this.held.push(emit);
    else emit();
  }

  /** exit comes last: after the child closed its stdio and the agent's last messages were read. */
  private maybeExit(): void {
    if (this.exited && !this.socketOpen && !this.exitDelivered) {
      this.exitDelivered = true;
      this.deliver('exit', ...this.exited);
    }
  }

  private release(): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const emit of held) emit();
  }
}
