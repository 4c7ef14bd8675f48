// Shared helpers for the end-to-end DAP tests: an event log that never misses an event (events
// are recorded from the moment the client is created, so a `stopped` event that arrives in the
// same chunk as the `continue` response is not lost), and short launch/stop sequences.
import path from 'node:path';
import { describe } from 'node:test';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { REPO, startClient } from './dap-client.js';
import fs from 'node:fs';
import assert from 'node:assert/strict';

export const fixture = (name: string) => path.join(REPO, 'test', 'e2e', 'fixtures', name);

/** Generous upper bound for anything we wait for (never asserted as a duration). */
export const WAIT_MS = 20_000;

const RECORDED = ['initialized', 'stopped', 'continued', 'exited', 'terminated', 'output', 'breakpoint', 'thread'];

type Ev = DebugProtocol.Event;

/** Records every event of interest, in arrival order, and hands them out one by one. */
export class EventLog {
  readonly all: Ev[] = [];
  private readonly consumed = new Set<Ev>();
  private waiters: Array<() => void> = [];

  constructor(dc: DebugClient) {
    for (const kind of RECORDED) {
      dc.on(kind, (e: Ev) => {
        this.all.push(e);
        const ws = this.waiters;
        this.waiters = [];
        for (const w of ws) w();
      });
    }
  }

  of<T extends Ev = Ev>(kind: string): T[] {
    return this.all.filter((e) => e.event === kind) as T[];
  }

  /**
   * Resolves with the first not-yet-consumed event whose kind is in `kinds` (and that matches
   * `pred`), waiting for it if needed, and marks it consumed.
   */
  async next<T extends Ev = Ev>(kinds: string | string[], pred: (e: T) => boolean = () => true, timeoutMs = WAIT_MS): Promise<T> {
    const want = Array.isArray(kinds) ? kinds : [kinds];
    const find = () => this.all.find((e) => !this.consumed.has(e) && want.includes(e.event) && pred(e as T)) as T | undefined;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = find();
      if (hit) {
        this.consumed.add(hit);
        return hit;
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        const seen = this.all.map((e) => `${e.event} ${JSON.stringify(e.body ?? {})}`.slice(0, 300)).join('\n  ');
        throw new Error(`no ${want.join('/')} event within ${timeoutMs} ms; events so far:\n  ${seen}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => { clearTimeout(timer); resolve(); });
      });
    }
  }

  /** The next `stopped` event, or an error mentioning what arrived instead (e.g. terminated). */
  async stopped(timeoutMs = WAIT_MS): Promise<DebugProtocol.StoppedEvent> {
    const e = await this.next(['stopped', 'terminated'], undefined, timeoutMs);
    if (e.event !== 'stopped') throw new Error('the session terminated instead of stopping');
    return e as DebugProtocol.StoppedEvent;
  }

  /** Concatenated text of the output events of a category. */
  text(category?: string): string {
    return this.of<DebugProtocol.OutputEvent>('output')
      .filter((e) => category === undefined || (e.body.category ?? 'console') === category)
      .map((e) => e.body.output)
      .join('');
  }
}

export interface Session {
  dc: DebugClient;
  events: EventLog;
}

export const ENGINES = ['quickjs', 'quickjs-ng'] as const;
export type Engine = (typeof ENGINES)[number];

/**
 * Registers a suite once per engine, as "<name> [<engine>]"; `body` gets the engine to open its
 * sessions with (openSession(engine)). The whole DAP suite runs on both QuickJS variants this way.
 */
export function describeEachEngine(name: string, options: { timeout?: number }, body: (engine: Engine) => void): void {
  for (const engine of ENGINES) describe(`${name} [${engine}]`, options, () => body(engine));
}

/**
 * Makes every launch on this client run on `engine`, unless the launch names one itself (tests
 * that send their own launch requests need not repeat it; restart reuses the launch arguments).
 */
export function useEngine(dc: DebugClient, engine: Engine | undefined): void {
  if (!engine) return;
  const launchRequest = dc.launchRequest.bind(dc);
  dc.launchRequest = (args) => launchRequest({ engine, ...args } as DebugProtocol.LaunchRequestArguments);
}

/** Starts a fresh adapter process (stdio) with an event log attached; launches run on `engine`. */
export async function openSession(engine?: Engine): Promise<Session> {
  const dc = await startClient();
  useEngine(dc, engine);
  return { dc, events: new EventLog(dc) };
}

/** Ends the session: disconnect (bounded), then kill the adapter process. Never throws. */
export async function closeSession(s: Session | undefined): Promise<void> {
  if (!s) return;
  await Promise.race([s.dc.disconnectRequest({}).catch(() => undefined), new Promise((r) => setTimeout(r, 2_000))]);
  (s.dc as unknown as { stopAdapter(): void }).stopAdapter();
}

/**
 * Runs `body` with a fresh session (openSession(engine)) and always closes it afterwards, however
 * `body` ends: the `let s; try { … } finally { closeSession(s) }` of a test that owns its session.
 */
export async function withSession<T>(engine: Engine | undefined, body: (s: Session) => Promise<T>): Promise<T> {
  let s: Session | undefined;
  try {
    s = await openSession(engine);
    return await body(s);
  } finally {
    await closeSession(s);
  }
}

export interface LaunchOptions {
  /** Further launch arguments (e.g. mixedStack). */
  extra?: Record<string, unknown>;
  program: string;
  breakpoints?: number[];
  stopOnEntry?: boolean;
  engine?: 'quickjs' | 'quickjs-ng';
  args?: string[];
}

/**
 * initialize -> launch -> (initialized): the caller configures, then sends configurationDone.
 * Returns the adapter's capabilities from the initialize response.
 */
export async function launchUntilInitialized(s: Session, args: Record<string, unknown>): Promise<DebugProtocol.Capabilities> {
  const init = await s.dc.initializeRequest({ adapterID: 'nestdbg', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' });
  await s.dc.launchRequest(args as DebugProtocol.LaunchRequestArguments);
  await s.events.next('initialized');
  return init.body ?? {};
}

/**
 * initialize -> launch -> (initialized) -> setBreakpoints -> configurationDone.
 * Returns the setBreakpoints response body (or undefined when no breakpoints were given).
 */
export async function launch(s: Session, o: LaunchOptions): Promise<DebugProtocol.SetBreakpointsResponse['body'] | undefined> {
  const args: Record<string, unknown> = { program: o.program };
  if (o.stopOnEntry !== undefined) args.stopOnEntry = o.stopOnEntry;
  if (o.engine) args.engine = o.engine;
  if (o.args) args.args = o.args;
  if (o.extra) Object.assign(args, o.extra);
  await launchUntilInitialized(s, args);
  let body: DebugProtocol.SetBreakpointsResponse['body'] | undefined;
  if (o.breakpoints) {
    const r = await s.dc.setBreakpointsRequest({ source: { path: o.program }, breakpoints: o.breakpoints.map((line) => ({ line })) });
    body = r.body;
  }
  await s.dc.configurationDoneRequest();
  return body;
}

export async function stack(s: Session): Promise<DebugProtocol.StackFrame[]> {
  const r = await s.dc.stackTraceRequest({ threadId: 1 });
  return r.body.stackFrames;
}

export async function scopes(s: Session, frameId: number): Promise<DebugProtocol.Scope[]> {
  return (await s.dc.scopesRequest({ frameId })).body.scopes;
}

export async function vars(s: Session, ref: number, extra: Partial<DebugProtocol.VariablesArguments> = {}): Promise<DebugProtocol.Variable[]> {
  return (await s.dc.variablesRequest({ variablesReference: ref, ...extra })).body.variables;
}

/** name -> display value of a variables list. */
export function valueMap(vs: DebugProtocol.Variable[]): Record<string, string> {
  return Object.fromEntries(vs.map((v) => [v.name, v.value]));
}

export type StepKind = 'next' | 'stepIn' | 'stepOut' | 'continue';

/** Sends a step/continue and waits for the next stop; returns undefined if the program ended. */
export async function step(s: Session, kind: StepKind, timeoutMs = WAIT_MS): Promise<DebugProtocol.StoppedEvent | undefined> {
  const args = { threadId: 1 };
  if (kind === 'next') await s.dc.nextRequest(args);
  else if (kind === 'stepIn') await s.dc.stepInRequest(args);
  else if (kind === 'stepOut') await s.dc.stepOutRequest(args);
  else await s.dc.continueRequest(args);
  const e = await s.events.next(['stopped', 'terminated'], undefined, timeoutMs);
  return e.event === 'stopped' ? (e as DebugProtocol.StoppedEvent) : undefined;
}

/** A frame as `name@file:line`, ` (wasm)` for a Wasm frame: for assertion messages and comparisons. */
export function frameWhere(f: DebugProtocol.StackFrame | undefined): string {
  return `${f?.name}@${path.basename(f?.source?.path ?? '?')}:${f?.line}${f?.instructionPointerReference ? ' (wasm)' : ''}`;
}

/** nestdbg's own files: its build, and the sources that build's source maps lead to. */
const OWN_DIRS = ['dist', 'runtime', 'adapters', 'abi'].map((d) => path.join(REPO, d) + path.sep);

/** Asserts that no frame of an embedding app's stack is nestdbg's own code (the debugger's machinery is hidden). */
export function assertNoOwnFrames(frames: readonly DebugProtocol.StackFrame[]): void {
  const own = frames.filter((f) => OWN_DIRS.some((d) => f.source?.path?.startsWith(d)));
  assert.deepEqual(own.map(frameWhere), [], `nestdbg's own frames in ${frames.map(frameWhere).join(' < ')}`);
}

/** The 1-based line of `file` that contains `text`, so a test follows edits of its fixture. */
export function lineContaining(file: string, text: string): number {
  const i = fs.readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(text));
  assert.ok(i >= 0, `${path.basename(file)} has ${text}`);
  return i + 1;
}
