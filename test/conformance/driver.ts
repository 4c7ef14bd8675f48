// A scripted session against one producer, through the ABI (not DAP): the debuggee runs in a real
// process with the agent (runtime/launcher), and the suite calls producer methods and resumes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AbiError, type Capability, type FrameInfo, type OutputEvent, type Producer, type ProducerMethod, type ResumeAction, type ScriptInfo, type StopEvent } from '../../abi/index.js';
import { launchDebuggee, type DebuggeeConnection } from '../../runtime/launcher.js';
import type { ProducerUnderTest } from './producers.js';

export class CheckFailure extends Error {}

export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new CheckFailure(message);
}

export function equal<T>(actual: T, expected: T, what: string): void {
  const a = JSON.stringify(actual), e = JSON.stringify(expected);
  if (a !== e) throw new CheckFailure(`${what}: expected ${e}, got ${a}`);
}

type Event =
  | { t: 'script'; info: ScriptInfo }
  | { t: 'stopped'; event: StopEvent }
  | { t: 'exit'; code: number | null };

const WAIT_MS = 15_000;

export class Session {
  readonly outputs: OutputEvent[] = [];
  readonly scripts: ScriptInfo[] = [];
  stderr = '';
  private readonly queue: Event[] = [];
  private waiter: (() => void) | undefined;
  exitCode: number | null | undefined;

  private constructor(readonly conn: DebuggeeConnection, readonly program: string) {
    conn.on('scriptLoaded', (info) => this.push({ t: 'script', info }));
    conn.on('stopped', (event) => this.push({ t: 'stopped', event }));
    conn.on('output', (event) => this.outputs.push(event));
    conn.on('stderr', (text) => (this.stderr += text));
    conn.on('exit', (code) => {
      this.exitCode = code;
      this.push({ t: 'exit', code });
    });
  }

  static async start(producer: ProducerUnderTest, program: string): Promise<Session> {
    const conn = await launchDebuggee({ entry: producer.entry, args: producer.args(program) });
    return new Session(conn, program);
  }

  private push(event: Event): void {
    this.queue.push(event);
    this.waiter?.();
  }

  private async next(): Promise<Event> {
    const deadline = Date.now() + WAIT_MS;
    while (this.queue.length === 0) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new CheckFailure('timed out waiting for an event from the debuggee');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.waiter = undefined;
    }
    return this.queue.shift()!;
  }

  /** The script-loaded event (SPEC §5.1); the debuggee waits in it until `resume`. */
  async loaded(): Promise<ScriptInfo> {
    const e = await this.next();
    if (e.t !== 'script') throw new CheckFailure(`expected script-loaded first, got ${describe(e)}${this.stderr ? `; stderr: ${this.stderr}` : ''}`);
    this.scripts.push(e.info);
    return e.info;
  }

  async stopped(): Promise<StopEvent> {
    const e = await this.next();
    if (e.t !== 'stopped') throw new CheckFailure(`expected a stop, got ${describe(e)}${this.stderr ? `; stderr: ${this.stderr}` : ''}`);
    return e.event;
  }

  async exited(): Promise<number | null> {
    for (;;) {
      const e = await this.next();
      if (e.t === 'exit') return e.code;
      if (e.t === 'stopped') throw new CheckFailure(`expected the program to end, but it stopped (${e.event.reason} at line ${e.event.position.line})`);
    }
  }

  call<M extends ProducerMethod>(method: M, ...args: Parameters<Producer[M]>): Promise<ReturnType<Producer[M]>> {
    return this.conn.call(method, ...args);
  }

  /** Expects the call to fail with an ABI error (SPEC §11.1). */
  async fails<M extends ProducerMethod>(what: string, method: M, ...args: Parameters<Producer[M]>): Promise<string> {
    try {
      const result = await this.conn.call(method, ...args);
      throw new CheckFailure(`${what}: expected an error, got ${JSON.stringify(result)}`);
    } catch (e) {
      if (e instanceof CheckFailure) throw e;
      check(e instanceof AbiError, `${what}: expected an ABI error, got ${(e as Error).message}`);
      check(e.payload.message.length > 0, `${what}: the error message is empty`);
      return e.payload.message;
    }
  }

  resume(action: ResumeAction = { tag: 'run' }): void {
    this.conn.resume(action);
  }

  async frames(): Promise<FrameInfo[]> {
    return this.call('frames');
  }

  async capabilities(): Promise<Capability[]> {
    return this.call('capabilities');
  }

  output(): string {
    return this.outputs.map((o) => o.text).join('');
  }

  close(): void {
    if (this.exitCode === undefined) this.conn.kill();
  }
}

function describe(e: Event): string {
  if (e.t === 'exit') return `exit (code ${e.code})`;
  if (e.t === 'stopped') return `a stop (${e.event.reason} at line ${e.event.position.line})`;
  return `script-loaded ${e.info.url}`;
}

/** The 1-based line of the nth line of `file` that contains `text`. */
export function lineOf(file: string, text: string, nth = 1): number {
  const lines = fs.readFileSync(file, 'utf8').split(/\r\n|\r|\n/);
  let seen = 0;
  for (let i = 0; i < lines.length; i++) if (lines[i].includes(text) && ++seen === nth) return i + 1;
  throw new CheckFailure(`no line containing ${JSON.stringify(text)} in ${file}`);
}

/** Writes a throwaway program and returns its path. */
export function tempProgram(name: string, text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nestdbg-conformance-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}
