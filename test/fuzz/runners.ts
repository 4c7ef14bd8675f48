// Runs one generated program the ways the differential loops need: plain / instrumented-idle
// through the CLI, armed-but-never-hit through a DAP session, and stepped through nestdbg (DAP)
// and V8 (the oracle) under the same deterministic step policy.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { runV8Stepper, V8Crash, type V8Stop, type V8StepKind } from '../oracle/v8-stepper.js';
import { REPO } from '../e2e/dap-client.js';
import { closeSession, launch, openSession, scopes, stack, step, vars, type Session } from '../e2e/helpers.js';
import { rng } from './generator.js';

export const CLI = path.join(REPO, 'dist', 'adapters', 'cli', 'main.js');

/**
 * How long any one wait of the harness may take (a run, a DAP response, a stop, an oracle run).
 * Generous: the machines are shared and loaded, and a wait that runs out is a harness error
 * (retried, see `retrying`), never a difference.
 */
export const FUZZ_WAIT_MS = 90_000;

/** The harness failed (a wait ran out, a child died): nothing is known about the program. */
export class HarnessError extends Error {}

/**
 * The oracle crashed on this program (V8 aborts on a failed CHECK in its debugger for some
 * programs): there is nothing to compare nestdbg with. Reported apart from disagreements and
 * harness errors, and not retried (the crash is deterministic).
 *
 * The one known cause (Node 20.20, seed 4200278; reproduced in v8-stepper.test.ts): a pause at a
 * call inside a `switch` discriminant, in a function that has a context, when a case binding
 * is captured by a closure. V8's ScopeIterator places the pause inside the switch's block
 * scope, whose context is not pushed yet, so it takes the function's context for the block's
 * and fails a CHECK on the function scope. V8 does this while building the `Debugger.paused`
 * event's scope chains, before the oracle can send any request, so the oracle cannot avoid it.
 */
export class OracleUnavailable extends Error {}

/**
 * Runs a check again when the harness failed, up to `attempts` times in all. Only harness errors
 * are retried: a check that completes reports its differences the first time, so a retry never
 * hides one. The number of retries used is passed to `onRetry` for the report.
 */
export async function retrying<T>(fn: () => Promise<T>, attempts = 3, onRetry?: (e: unknown) => void): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (e) {
      if (i >= attempts || e instanceof OracleUnavailable) throw e;
      onRetry?.(e);
    }
  }
}
export type Engine = 'quickjs' | 'quickjs-ng';

export interface RunResult {
  stdout: string;
  stderr: string;
  code: number | null;
}

/** A scratch directory for this process's programs; its name marks our debuggee processes in `ps`. */
export function scratchDir(): string {
  const dir = path.join(os.tmpdir(), `nestdbg-fuzz-${process.pid}`);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

export function writeProgram(dir: string, name: string, source: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, source);
  return file;
}

/** `nestdbg run [--engine e] [--instrumented] file` (and plain node for `engine: 'node'`). */
export function runCli(file: string, engine: Engine | 'node', instrumented: boolean, timeoutMs = FUZZ_WAIT_MS): Promise<RunResult & { timedOut?: boolean }> {
  const argv = engine === 'node' ? [file] : [CLI, 'run', '--engine', engine, ...(instrumented ? ['--instrumented'] : []), file];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      stderr += `\n<fuzz: killed after ${timeoutMs} ms>`;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, code, timedOut });
    });
  });
}

/**
 * Runs the program under a DAP session with one breakpoint on a line that never runs (armed, never
 * hit): returns the program's stdout/stderr output events and exit code. A stop is an error.
 */
export async function runArmed(file: string, engine: Engine, deadLine: number): Promise<RunResult & { console: string; stopped?: string }> {
  let s: Session | undefined;
  try {
    s = await openSession();
    s.dc.defaultTimeout = FUZZ_WAIT_MS;
    await launch(s, { program: file, engine, breakpoints: [deadLine] });
    const e = await s.events.next(['stopped', 'terminated'], undefined, FUZZ_WAIT_MS);
    let stopped: string | undefined;
    if (e.event === 'stopped') {
      const top = (await stack(s))[0];
      stopped = `${(e as DebugProtocol.StoppedEvent).body.reason} at line ${top?.line}`;
    }
    const exited = s.events.of<DebugProtocol.ExitedEvent>('exited')[0];
    return {
      stdout: s.events.text('stdout'), stderr: s.events.text('stderr'), console: s.events.text('console'),
      code: exited ? exited.body.exitCode : null, stopped,
    };
  } finally {
    await closeSession(s);
  }
}

// ---- stepping -----------------------------------------------------------------------------------

/** One stop, on either side, in a common shape. */
export interface StopRecord {
  line: number;
  /** Function names, innermost first, as the debugger reports them. */
  stack: string[];
  /** Top frame variables: name -> raw display (nestdbg) / oracle rendering (V8). */
  locals: Record<string, string>;
  /** nestdbg: variable name -> DAP `type`; V8: unused. */
  types?: Record<string, string>;
  /** Names that belong to the top frame itself (V8: local/block/catch scopes; nestdbg: non-global scopes). */
  own: string[];
  /** The step that led here (none for the first stop). */
  after?: V8StepKind;
}

export interface SteppedRun {
  stops: StopRecord[];
  /** The step taken after each stop. */
  actions: V8StepKind[];
  ended: boolean;
}

/** The step policy: a fixed action per source line (so a repeated stop on a line repeats its action). */
//
// Lines that call console.log always get `next`: the V8 oracle resumes (and so loses the step) when
// a stepIn lands in Node's own JavaScript (console.log is JS in Node, and blackboxed), so the
// program would just run to its end there.
// Lines that spread a call into an array literal (`[...gen(1)]`) get `next` too: V8 loses a stepIn
// there (it never stops in the generator the spread resumes, nor after it; Node 20).
export function stepPolicy(seed: number, source?: string, pStepIn = 0.6): (line: number) => V8StepKind {
  const consoleLines = source === undefined ? undefined
    : new Set(source.split('\n').flatMap((text, i) => (text.includes('console.') || /\[\.\.\.[$\w]+\(/.test(text) ? [i + 1] : [])));
  const memo = new Map<number, V8StepKind>();
  return (line) => {
    if (consoleLines?.has(line)) return 'next';
    let a = memo.get(line);
    if (!a) {
      a = rng((seed * 7919 + line * 104729) >>> 0)() < pStepIn ? 'stepIn' : 'next';
      memo.set(line, a);
    }
    return a;
  };
}

/**
 * The action to take at stop `i`, given the actions taken before it: the policy's for its line,
 * except at a call-return revisit (rule 2 in normalize.ts: V8 stops again on the caller's line
 * after the callee returns, where nestdbg goes on with the same step). There the action that led
 * to it is repeated, so that V8 continues as nestdbg's single step out of the callee did: `next`
 * over the rest of the line, `stepIn` into the line's next call. So is the action at a stop right
 * after one on the same line and depth (V8 pausing again inside the statement).
 */
export function actionAt(stops: Array<{ line: number; stack: string[] }>, i: number, taken: V8StepKind[], policy: (line: number) => V8StepKind): V8StepKind {
  const s = stops[i]!;
  // A second stop on the line at the same depth (V8's expression positions, rule 1) is part of
  // nestdbg's one stop there: it continues that stop's step (which a revisit may have repeated).
  const prev = stops[i - 1];
  if (prev && prev.line === s.line && prev.stack.length === s.stack.length && taken[i - 1]) return taken[i - 1]!;
  for (let j = i - 1; j >= 0; j--) {
    const p = stops[j]!;
    if (p.stack.length > s.stack.length) continue;
    if (j < i - 1 && p.stack.length === s.stack.length && p.line === s.line && taken[i - 1]) return taken[i - 1]!;
    break;
  }
  return policy(s.line);
}

/** Steps the program in nestdbg over DAP: breakpoint at `line`, then `policy` at each stop. */
export async function stepNestdbg(file: string, line: number, policy: (line: number) => V8StepKind, maxStops: number): Promise<SteppedRun> {
  let s: Session | undefined;
  const stops: StopRecord[] = [];
  const actions: V8StepKind[] = [];
  try {
    s = await openSession();
    s.dc.defaultTimeout = FUZZ_WAIT_MS;
    await launch(s, { program: file, breakpoints: [line] });
    await s.events.stopped(FUZZ_WAIT_MS);
    // As in the V8 oracle the breakpoint stays set; it is on a line that runs once.
    for (;;) {
      stops.push({ ...(await recordNestStop(s)), after: actions.at(-1) });
      if (stops.length >= maxStops) return { stops, actions, ended: false };
      const a = actionAt(stops, stops.length - 1, actions, policy);
      actions.push(a);
      if (!(await step(s, a, FUZZ_WAIT_MS))) return { stops, actions, ended: true };
    }
  } finally {
    await closeSession(s);
  }
}

async function recordNestStop(s: Session): Promise<StopRecord> {
  const frames = await stack(s);
  const locals: Record<string, string> = {};
  const types: Record<string, string> = {};
  const own: string[] = [];
  if (frames[0]) {
    for (const sc of await scopes(s, frames[0].id)) {
      const global = /global/i.test(sc.name);
      for (const v of await vars(s, sc.variablesReference)) {
        if (v.name in locals) continue; // innermost binding wins, as in the oracle
        locals[v.name] = v.value;
        types[v.name] = v.type ?? '';
        if (!global) own.push(v.name);
      }
    }
  }
  return { line: frames[0]?.line ?? 0, stack: frames.map((f) => f.name), locals, types, own };
}

export function v8StopRecord(s: V8Stop): StopRecord {
  // The frame's own scopes: its local scope, and block/catch scopes inside its function (V8 also
  // lists the block and catch scopes of enclosing functions in a closure's chain).
  const f = s.functionStart;
  const inside = (x: V8Stop['scopes'][number]) => !f || !x.start || x.start.line > f.line || (x.start.line === f.line && x.start.column >= f.column);
  const own = s.scopes.filter((x) => x.type === 'local' || (['block', 'catch'].includes(x.type) && inside(x))).flatMap((x) => Object.keys(x.variables));
  return { line: s.line, stack: s.stack, locals: s.locals, own, after: s.after === 'breakpoint' ? undefined : s.after };
}


/**
 * Steps the program in V8 under the same policy, chosen by the oracle at each stop (a table of
 * the policy's action for every line, and the same revisit rule as `actionAt`): one oracle run.
 */
export async function stepV8(file: string, line: number, policy: (line: number) => V8StepKind, maxSteps: number): Promise<SteppedRun> {
  const lines: Record<number, V8StepKind> = {};
  const count = fs.readFileSync(file, 'utf8').split('\n').length;
  for (let l = 1; l <= count; l++) lines[l] = policy(l);
  const res = await runV8Stepper(file, {
    breakpointLine: line, steps: [], policy: { lines, fallback: 'next', maxSteps, repeatOnRevisit: true },
    repairRethrow: true, timeoutMs: FUZZ_WAIT_MS,
  }).catch((e: unknown) => {
    throw e instanceof V8Crash ? new OracleUnavailable(e.message) : e;
  });
  if (res.stops.length === 0) throw new HarnessError(`V8 never stopped at line ${line}${res.uncaughtError ? ': ' + res.uncaughtError : ''}`);
  const actions = res.stops.slice(1).map((s) => s.after as V8StepKind);
  // Ended: the program ran to its end with steps left; the rethrow repair giving up (rethrow-repair.ts)
  // leaves what came after its last stop unknown.
  const ended = res.completed && !res.lostStep && res.stops.length <= maxSteps;
  return { stops: res.stops.map(v8StopRecord), actions, ended };
}
