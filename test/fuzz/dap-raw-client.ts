// The DAP fuzzer's client: raw DAP framing over the adapter's stdio (not DebugClient), so it can
// send wrong types, unknown commands, bursts of concurrent requests and garbage frames.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { ADAPTER } from '../e2e/dap-client.js';

export interface Msg { type: string; seq: number; request_seq?: number; command?: string; event?: string; success?: boolean; body?: any; message?: string }

export class RawClient {
  readonly proc: ChildProcess;
  private buf = Buffer.alloc(0);
  private seq = 1;
  readonly pending = new Map<number, string>();
  readonly sentAt = new Map<number, number>();
  readonly responses = new Map<number, Msg>();
  readonly events: Msg[] = [];
  stderr = '';
  exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private waiters: Array<() => void> = [];

  constructor() {
    this.proc = spawn(process.execPath, [ADAPTER], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stdout!.on('data', (d: Buffer) => this.onData(d));
    this.proc.stderr!.setEncoding('utf8').on('data', (d: string) => (this.stderr += d));
    this.proc.stdin!.on('error', () => undefined); // writes after the adapter died
    this.proc.on('exit', (code, signal) => { this.exited = { code, signal }; this.wake(); });
  }

  private wake() {
    const ws = this.waiters;
    this.waiters = [];
    for (const w of ws) w();
  }

  private onData(d: Buffer) {
    this.buf = Buffer.concat([this.buf, d]);
    for (;;) {
      const head = this.buf.indexOf('\r\n\r\n');
      if (head < 0) return;
      const m = /Content-Length: (\d+)/i.exec(this.buf.subarray(0, head).toString());
      if (!m) { this.buf = this.buf.subarray(head + 4); continue; }
      const len = Number(m[1]);
      if (this.buf.length < head + 4 + len) return;
      const body = this.buf.subarray(head + 4, head + 4 + len).toString('utf8');
      this.buf = this.buf.subarray(head + 4 + len);
      const msg = JSON.parse(body) as Msg;
      if (msg.type === 'response') {
        this.pending.delete(msg.request_seq!);
        this.responses.set(msg.request_seq!, msg);
      } else this.events.push(msg);
      this.wake();
    }
  }

  writeRaw(text: string) {
    if (this.proc.stdin!.writable) this.proc.stdin!.write(`Content-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`);
  }

  /** Sends a request; returns its seq. `extra` may override fields (to malform them). */
  send(command: unknown, args: unknown, extra: Record<string, unknown> = {}): number {
    const seq = this.seq++;
    const msg: Record<string, unknown> = { seq, type: 'request', command, ...extra };
    if (args !== undefined) msg.arguments = args;
    this.pending.set(seq, String(command));
    this.sentAt.set(seq, Date.now());
    this.writeRaw(JSON.stringify(msg));
    return seq;
  }

  async until(pred: () => boolean, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!pred()) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => { clearTimeout(t); resolve(); });
      });
    }
    return true;
  }

  async request(command: unknown, args: unknown, timeoutMs = 10_000): Promise<Msg | undefined> {
    const seq = this.send(command, args);
    await this.until(() => this.responses.has(seq) || !!this.exited, timeoutMs);
    return this.responses.get(seq);
  }
}

/** Processes (pid, args) whose command line mentions `marker`, excluding `except`. */
export function processesMentioning(marker: string, except: number[] = []): string[] {
  let out = '';
  try {
    out = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  } catch {
    return [];
  }
  return out.split('\n').filter((l) => l.includes(marker) && !except.includes(Number(l.trim().split(/\s+/)[0])) && !l.includes('ps -eo'));
}
