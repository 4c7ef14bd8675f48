// The nestdbg debug adapter as a child process, exposed to VS Code as an inline DebugAdapter.
//
// Why not a plain DebugAdapterExecutable: VS Code then owns the process and tells us only an exit
// code, so an adapter that dies (a missing file in the VSIX, a crash) would show as "terminated
// unexpectedly" with nothing to go on. Spawning it here keeps the isolation of a separate process
// (an adapter bug cannot take the extension host down, and the adapter is exactly the program the
// DAP end-to-end tests drive) and lets us keep its stderr, log it, and put it in the notification.
import { spawn, type ChildProcess } from 'node:child_process';
import * as vscode from 'vscode';

export interface AdapterProcessOptions {
  /** The node-compatible executable (the extension host's own: process.execPath). */
  runtime: string;
  /** dist/adapters/dap/main.js inside the extension. */
  adapterPath: string;
  nodeArgs: string[];
  cwd: string;
  log: vscode.OutputChannel;
  /** Shows an error notification (with stderr) when the adapter ends unexpectedly. */
  onCrash(message: string): void;
}

interface DapMessage {
  seq: number;
  type: 'request' | 'response' | 'event';
  command?: string;
  event?: string;
  request_seq?: number;
  success?: boolean;
}

const HEADER_END = Buffer.from('\r\n\r\n');
/** Marks responses made up here for requests a dead adapter never answered. */
export const SYNTHESIZED = '__nestdbgSynthesized';
const STDERR_LINES = 30;

export class AdapterProcess implements vscode.DebugAdapter {
  private readonly emitter = new vscode.EventEmitter<vscode.DebugProtocolMessage>();
  readonly onDidSendMessage = this.emitter.event;
  private readonly child: ChildProcess;
  private buffer: Buffer = Buffer.alloc(0);
  private stderrTail: string[] = [];
  /** Requests sent to the adapter and not yet answered: seq -> command. */
  private readonly pending = new Map<number, string>();
  private disconnecting = false;
  private disposed = false;
  private exited = false;
  private seq = 1_000_000;

  constructor(private readonly options: AdapterProcessOptions) {
    const { runtime, adapterPath, nodeArgs, cwd, log } = options;
    log.appendLine(`[${new Date().toISOString()}] starting ${runtime} ${[...nodeArgs, adapterPath].join(' ')}`);
    this.child = spawn(runtime, [...nodeArgs, adapterPath], {
      cwd,
      // In desktop VS Code process.execPath is Electron; this makes it behave as node (and the
      // debuggee the adapter spawns with its own execPath inherits it). Harmless under node.
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
      windowsHide: true,
    });
    this.child.stdout!.on('data', (chunk: Buffer) => this.receive(chunk));
    this.child.stderr!.setEncoding('utf8').on('data', (text: string) => {
      log.append(text);
      this.stderrTail.push(...text.split(/\r?\n/).filter((line) => line.trim() !== ''));
      if (this.stderrTail.length > STDERR_LINES) this.stderrTail = this.stderrTail.slice(-STDERR_LINES);
    });
    this.child.stdin!.on('error', () => {}); // EPIPE after a crash: reported through 'close'
    this.child.on('error', (error) => this.ended(`could not start the debug adapter (${runtime}): ${error.message}`));
    // 'close' (not 'exit'): stdout and stderr are drained by then, so the notification has all of stderr.
    this.child.on('close', (code, signal) => {
      log.appendLine(`[${new Date().toISOString()}] debug adapter exited (code ${code}, signal ${signal})`);
      const clean = code === 0 && this.disconnecting;
      if (!clean && !this.disposed) this.ended(`the debug adapter exited unexpectedly (${signal ? `signal ${signal}` : `exit code ${code}`})`);
      this.exited = true;
    });
  }

  handleMessage(message: vscode.DebugProtocolMessage): void {
    const m = message as DapMessage;
    if (m.type === 'request') {
      this.pending.set(m.seq, m.command ?? '?');
      if (m.command === 'disconnect' || m.command === 'terminate') this.disconnecting = true;
    }
    if (this.exited || !this.child.stdin!.writable) {
      // Nobody will answer: let VS Code finish (a disconnect after a crash) instead of waiting.
      if (m.type === 'request') {
        this.pending.delete(m.seq);
        const ok = m.command === 'disconnect' || m.command === 'terminate';
        this.emitter.fire({
          seq: this.seq++, type: 'response', request_seq: m.seq, command: m.command, success: ok,
          ...(ok ? {} : { message: 'nestdbg: the debug adapter is not running' }), [SYNTHESIZED]: true,
        } as vscode.DebugProtocolMessage);
      }
      return;
    }
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.child.stdin!.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]));
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    // The adapter exits when its stdin closes; make sure it does.
    this.child.stdin!.end();
    const timer = setTimeout(() => { if (!this.exited) this.child.kill('SIGKILL'); }, 3000);
    timer.unref();
    this.emitter.dispose();
  }

  /** Splits the adapter's stdout into Content-Length framed messages. */
  private receive(chunk: Buffer): void {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    for (;;) {
      const headerEnd = this.buffer.indexOf(HEADER_END);
      if (headerEnd < 0) return;
      const header = this.buffer.subarray(0, headerEnd).toString('ascii');
      const match = /Content-Length:\s*(\d+)/i.exec(header);
      if (!match) {
        this.options.log.appendLine(`nestdbg: dropping malformed adapter output: ${JSON.stringify(header.slice(0, 200))}`);
        this.buffer = this.buffer.subarray(headerEnd + HEADER_END.length);
        continue;
      }
      const start = headerEnd + HEADER_END.length;
      const end = start + Number(match[1]);
      if (this.buffer.length < end) return;
      const text = this.buffer.subarray(start, end).toString('utf8');
      this.buffer = this.buffer.subarray(end);
      let message: DapMessage;
      try {
        message = JSON.parse(text) as DapMessage;
      } catch {
        this.options.log.appendLine(`nestdbg: dropping unparsable adapter message: ${text.slice(0, 200)}`);
        continue;
      }
      if (message.type === 'response' && message.request_seq !== undefined) this.pending.delete(message.request_seq);
      this.emitter.fire(message as vscode.DebugProtocolMessage);
    }
  }

  /** The adapter is gone without a clean disconnect: tell the user, answer what is pending, end the session. */
  private ended(reason: string): void {
    if (this.exited) return;
    this.exited = true;
    this.options.onCrash(`nestdbg: ${reason}.${stderrSummary(this.stderrTail)}`);
    if (this.disposed) return;
    for (const [requestSeq, command] of this.pending) {
      this.emitter.fire({
        seq: this.seq++, type: 'response', request_seq: requestSeq, command, success: false,
        message: `nestdbg: ${reason}`,
        [SYNTHESIZED]: true, // the notification above already said it
      } as vscode.DebugProtocolMessage);
    }
    this.pending.clear();
    this.emitter.fire({ seq: this.seq++, type: 'event', event: 'terminated' } as vscode.DebugProtocolMessage);
  }
}

/** The error line of the adapter's stderr (a stack trace's head) and its last lines, for a notification. */
export function stderrSummary(lines: readonly string[]): string {
  if (lines.length === 0) return '';
  const errorLine = lines.find((line) => /^\s*(\w*Error|Uncaught)\b/.test(line));
  const last = lines.filter((line) => !/^\s*(at |Node\.js v)/.test(line)).slice(-6);
  const picked = [...new Set([errorLine, ...last].filter((line): line is string => !!line))];
  const text = picked.join('\n');
  return `\n${text.length > 1000 ? `${text.slice(0, 1000)}…` : text}`;
}
