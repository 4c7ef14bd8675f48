// DAP robustness fuzzer: random and malformed request sequences against the real adapter process
// (stdio). Invariants: every request gets a response (success or error) while the adapter is
// meant to be alive, the adapter never crashes or hangs, it exits once the client is gone, and no
// debuggee process outlives the session.
//
// It speaks raw DAP framing (not DebugClient) so it can send wrong types, unknown commands,
// bursts of concurrent requests, and garbage frames.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { ADAPTER } from '../e2e/dap-client.js';
import { generateProgram, rng } from './generator.js';
import { writeProgram } from './runners.js';

export interface DapFuzzResult {
  seed: number;
  faults: string[];
  requests: number;
  /** The actions taken, for reproducing a fault. */
  log: string[];
}

interface Msg { type: string; seq: number; request_seq?: number; command?: string; event?: string; success?: boolean; body?: any; message?: string }

class RawClient {
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

const SLOW_PROGRAM = (n: number) => `let total = 0;
for (let i = 0; i < ${n}; i++) {
  total = (total + i) % 1000;
}
console.log("total", total);
function never() {
  console.log("never");
}
`;

const COMMANDS = [
  'threads', 'stackTrace', 'scopes', 'variables', 'evaluate', 'setVariable', 'continue', 'next', 'stepIn', 'stepOut',
  'pause', 'setBreakpoints', 'setExceptionBreakpoints', 'configurationDone', 'source', 'loadedSources',
  'setFunctionBreakpoints', 'breakpointLocations', 'exceptionInfo', 'completions', 'restart', 'goto', 'launch',
  'initialize', 'attach', 'terminate', 'fooBar', '', 'readMemory', 'stepBack', 'setExpression', 'dataBreakpointInfo',
];

/** One fuzzed session. `dir` holds the programs; its path marks our debuggees in `ps`. */
export async function fuzzDapSession(seed: number, dir: string): Promise<DapFuzzResult> {
  const r = rng(seed ^ 0x5eed);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const chance = (p: number) => r() < p;
  const log: string[] = [];
  const faults: string[] = [];

  const slow = chance(0.35);
  const program = slow
    ? writeProgram(dir, `dap-${seed}.js`, SLOW_PROGRAM(int(50_000, 400_000)))
    : writeProgram(dir, `dap-${seed}.js`, generateProgram(seed, { functions: 3, statements: 5 }).source);
  const lineCount = 40;

  const c = new RawClient();
  const knownFrames: number[] = [];
  const knownRefs: number[] = [];
  const garbage = (): unknown => pick([null, 'x', -1, 0, 1.5, 2 ** 31, -(2 ** 40), true, [], [1, 2], {}, { a: 1 }, '1', NaN, 1e308]);
  const ref = (pool: number[]) => (pool.length && chance(0.6) ? pick(pool) : chance(0.5) ? int(0, 2000) : garbage());
  const argsFor = (cmd: string): unknown => {
    if (chance(0.15)) return garbage();
    if (chance(0.1)) return undefined;
    switch (cmd) {
      case 'stackTrace': return { threadId: chance(0.8) ? 1 : garbage(), startFrame: chance(0.3) ? garbage() : undefined, levels: chance(0.3) ? garbage() : undefined };
      case 'scopes': return { frameId: ref(knownFrames) };
      case 'variables': return { variablesReference: ref(knownRefs), filter: chance(0.2) ? pick(['indexed', 'named', 'bogus', 3]) : undefined, start: chance(0.2) ? garbage() : undefined, count: chance(0.2) ? garbage() : undefined };
      case 'evaluate': return { expression: chance(0.8) ? pick(['1+1', 'total', 'i', 'nope', 'throw 1', '(', 'while(true){}'.slice(0, 8), 'console.log("ev")', '[1,2,3]', '({a:{b:1}})']) : garbage(), frameId: chance(0.5) ? ref(knownFrames) : undefined, context: pick(['repl', 'watch', 'hover', 'clipboard', undefined, 7]) };
      case 'setVariable': return { variablesReference: ref(knownRefs), name: chance(0.8) ? pick(['total', 'i', 'x', 'a0', '']) : garbage(), value: chance(0.8) ? pick(['1', '"s"', '(', 'undefined']) : garbage() };
      case 'setBreakpoints': return { source: chance(0.85) ? { path: chance(0.85) ? program : pick(['/nonexistent.js', 'relative.js', '']) } : garbage(), breakpoints: chance(0.85) ? Array.from({ length: int(0, 4) }, () => ({ line: chance(0.85) ? int(-2, lineCount + 5) : garbage(), column: chance(0.2) ? garbage() : undefined, condition: chance(0.1) ? pick(['i > 3', '(', 'total']) : undefined })) : garbage() };
      case 'continue': case 'next': case 'stepIn': case 'stepOut': case 'pause': case 'stepBack': return { threadId: chance(0.85) ? 1 : garbage() };
      case 'launch': return { program: chance(0.7) ? program : garbage(), engine: chance(0.2) ? pick(['quickjs-ng', 'v8', 3]) : undefined, stopOnEntry: chance(0.3) ? pick([true, false, 'yes']) : undefined, args: chance(0.2) ? garbage() : undefined };
      case 'initialize': return { adapterID: 'nestdbg', linesStartAt1: chance(0.9), columnsStartAt1: chance(0.9) };
      case 'disconnect': return { terminateDebuggee: chance(0.8) ? undefined : garbage() };
      default: return chance(0.5) ? {} : garbage();
    }
  };

  const observe = (m: Msg | undefined) => {
    if (!m?.success || !m.body) return;
    for (const f of m.body.stackFrames ?? []) if (typeof f.id === 'number') knownFrames.push(f.id);
    for (const s of m.body.scopes ?? []) if (s.variablesReference) knownRefs.push(s.variablesReference);
    for (const v of m.body.variables ?? []) if (v.variablesReference) knownRefs.push(v.variablesReference);
    if (m.body.variablesReference) knownRefs.push(m.body.variablesReference);
  };

  let disconnectedAt = Infinity; // seq of the disconnect request, once sent
  // How the session ends: a disconnect request (after everything was answered, or right in the
  // middle of a burst of requests), terminate then disconnect, the client vanishing (stdin closed),
  // or the adapter being killed (its debuggee must not outlive it either).
  let ending: 'disconnect' | 'disconnect-now' | 'terminate' | 'close-stdin' | 'kill-adapter' = 'disconnect';
  try {
    if (chance(0.85)) {
      log.push('init+launch');
      observe(await c.request('initialize', { adapterID: 'nestdbg', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' }));
      await c.request('launch', { program, stopOnEntry: chance(0.5) });
      await c.request('setBreakpoints', { source: { path: program }, breakpoints: Array.from({ length: int(0, 3) }, () => ({ line: int(1, lineCount) })) });
      if (chance(0.9)) await c.request('configurationDone', {});
    }
    const actions = int(5, 35);
    for (let k = 0; k < actions && !c.exited; k++) {
      const roll = r();
      if (roll < 0.08) {
        const frame = pick(['{not json', '{"type":"request"}', '{"seq":"a","type":"request","command":"threads"}', '[]', '{"type":"event","event":"x","seq":1}', '"str"']);
        log.push(`raw ${frame}`);
        c.writeRaw(frame);
      } else if (roll < 0.25) {
        const n = int(2, 6);
        const cmds = Array.from({ length: n }, () => pick(['stackTrace', 'scopes', 'variables', 'evaluate', 'threads', 'next', 'continue', 'setBreakpoints', 'pause']));
        log.push(`burst ${cmds.join(',')}`);
        const seqs = cmds.map((cmd) => c.send(cmd, argsFor(cmd)));
        await c.until(() => seqs.every((s) => c.responses.has(s)) || !!c.exited, 10_000);
        for (const s of seqs) observe(c.responses.get(s));
      } else if (roll < 0.3) {
        const ms = int(1, 300);
        log.push(`sleep ${ms}`);
        await new Promise((res) => setTimeout(res, ms));
      } else if (roll < 0.33) {
        const extra = pick<Record<string, unknown>>([{ seq: 'x' }, { type: 'reqest' }, { arguments: 'str' }, { seq: -5 }]);
        log.push(`malformed ${JSON.stringify(extra)}`);
        const seq = c.send('threads', {}, extra);
        // A request without a usable seq or type cannot be answered in a way we can match.
        if ('seq' in extra || 'type' in extra) c.pending.delete(seq);
      } else if (roll < 0.36) {
        ending = pick(['disconnect', 'disconnect-now', 'terminate', 'close-stdin', 'kill-adapter']);
        log.push(`early end: ${ending}`);
        break;
      } else {
        const cmd = pick(COMMANDS);
        const args = argsFor(cmd);
        log.push(`${cmd} ${JSON.stringify(args) ?? ''}`.slice(0, 200));
        if (chance(0.7)) observe(await c.request(cmd, args));
        else c.send(cmd, args);
      }
    }
    if (ending === 'disconnect-now') {
      // Disconnect while requests are still in flight: the adapter answers the disconnect and goes.
      const cmds = Array.from({ length: int(1, 4) }, () => pick(['stackTrace', 'variables', 'evaluate', 'next', 'continue', 'threads']));
      log.push(`burst then disconnect ${cmds.join(',')}`);
      for (const cmd of cmds) { c.send(cmd, argsFor(cmd)); c.pending.clear(); }
    }
    if (ending === 'kill-adapter') {
      // Requests still unanswered 5 s after they were sent were already a fault before the kill.
      const late = [...c.pending.entries()].filter(([seq]) => isRealRequest(c, seq) && Date.now() - c.sentAt.get(seq)! > 5_000);
      if (late.length) faults.push(`no response before the kill to: ${late.map(([seq, cmd]) => `#${seq} ${cmd || '<empty>'}`).join(', ')}`);
      log.push('SIGKILL adapter');
      c.proc.kill('SIGKILL');
      await c.until(() => !!c.exited, 5_000);
      c.pending.clear(); // a killed adapter answers nothing more: only the debuggee's fate is checked
    }
    // Everything sent so far must be answered.
    await c.until(() => [...c.pending.keys()].every((s) => !isRealRequest(c, s)) || !!c.exited, 10_000);
    if (c.exited && ending !== 'kill-adapter') faults.push(`adapter exited during the session (code ${c.exited.code}, signal ${c.exited.signal})`);
    const unanswered = [...c.pending.entries()].filter(([s]) => isRealRequest(c, s));
    if (unanswered.length) faults.push(`no response to: ${unanswered.map(([s, cmd]) => `#${s} ${cmd || '<empty>'}`).join(', ')}`);
    log.push(`end: ${ending}`);
    if (ending === 'terminate') {
      await c.request('terminate', {}, 5_000);
      ending = 'disconnect';
    }
    if (ending === 'disconnect' || ending === 'disconnect-now') {
      disconnectedAt = c.send('disconnect', argsFor('disconnect'));
      const ok = await c.until(() => c.responses.has(disconnectedAt) || !!c.exited, 10_000);
      if (!ok) faults.push('no response to disconnect');
    }
    c.proc.stdin!.end();
    const exited = await c.until(() => !!c.exited, 10_000);
    if (!exited) faults.push('adapter still running 10 s after disconnect and end of input');
    else if (ending !== 'kill-adapter' && c.exited!.code !== 0 && c.exited!.code !== null && !(c.exited!.signal)) faults.push(`adapter exit code ${c.exited!.code}`);
    if (/TypeError|ReferenceError|RangeError|Unhandled|at .*\.js:\d+/.test(c.stderr)) faults.push(`adapter stderr: ${c.stderr.slice(0, 600)}`);
  } finally {
    if (!c.exited) c.proc.kill('SIGKILL');
  }
  // The debuggee must go away with the session.
  const gone = await waitFor(() => processesMentioning(program).length === 0, 5_000);
  if (!gone) {
    const left = processesMentioning(program);
    faults.push(`orphan debuggee process(es): ${left.join(' | ').slice(0, 300)}`);
    for (const l of left) {
      const pid = Number(l.trim().split(/\s+/)[0]);
      try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
    }
  }
  return { seed, faults, requests: c.responses.size + c.pending.size, log };
}

/** Requests that must be answered: well-formed ones (not the deliberately malformed frames). */
function isRealRequest(c: RawClient, seq: number): boolean {
  void c;
  return seq > 0;
}

async function waitFor(pred: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (pred()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((res) => setTimeout(res, 200));
  }
}
