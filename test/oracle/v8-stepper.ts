/**
 * V8's own debugger as a stepping oracle.
 *
 * `stepWithV8(file, { breakpointLine, steps })` runs `file` as a classic script
 * (via `vm.runInThisContext(source, { filename })`) in a fresh child Node
 * process. Inside the child, a Worker drives the main thread's V8 inspector
 * through `inspector.Session.connectToMainThread()` (a session on the main
 * thread cannot pause its own thread). The worker sets a breakpoint by URL,
 * records the stop, performs each step and records each resulting stop. The
 * stops are sent to the parent as JSON on file descriptor 3, so the program's
 * own stdout stays untouched.
 *
 * Every script other than `file` (Node internals, the child harness) is
 * blackboxed, so stepping never lands outside the program: stepping off the end
 * of the top-level script just finishes the program (or continues into the
 * program's own pending promise jobs).
 *
 * Node 20 reports a vm script compiled with an absolute `filename` under its
 * file:// URL (not the plain path), so the breakpoint is set with `urlRegex`
 * matching either form; `callFrame.url` is resolved through
 * `Debugger.scriptParsed` when empty.
 *
 * Lines and columns in the result are 1-based.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { rethrowRepairFor } from './rethrow-repair.js';
import { CHILD_MAIN } from './v8-stepper-child.js';
import { runOracleChild } from './oracle-child.js';

export { formatPossibleBreakpoints, formatStops } from './v8-stepper-format.js';

export type V8StepKind = 'next' | 'stepIn' | 'stepOut';

export interface V8Frame {
  functionName: string;
  /** 1-based */
  line: number;
  /** 1-based */
  column: number;
}

export interface V8Scope {
  /** V8 scope type: local, block, closure, catch, script, with, module, eval... */
  type: string;
  /** V8's name for the scope (often the function name for closure scopes). */
  name?: string;
  /** Variables rendered like `locals`. */
  variables: Record<string, string>;
  /** Where the scope starts (1-based line, 0-based column), when V8 says. */
  start?: { line: number; column: number };
}

export interface V8Stop {
  /** 1-based line of the top frame. */
  line: number;
  /** 1-based column of the top frame. */
  column: number;
  /** Function name of the top frame, `(anonymous)` for the top-level script / unnamed functions. */
  functionName: string;
  /** Where the top frame's function starts (1-based line, 0-based column), when V8 says. */
  functionStart?: { line: number; column: number };
  /** Function names of the program's frames, innermost first. */
  stack: string[];
  /** The program's frames with positions, innermost first. */
  frames: V8Frame[];
  /**
   * Top frame local + block + catch + closure + script variables (innermost binding wins).
   * Primitives rendered as strings (`5`, `"text"` JSON-quoted, `undefined`, `null`, `true`, `10n`),
   * objects as their className (`Object`, `Array`, `Function`, `Error`...),
   * Note: V8 reports a `let`/`const`/`class` binding in its temporal dead zone as
   * `undefined` (same as Runtime.getProperties / evaluateOnCallFrame), so TDZ is not
   * distinguishable here.
   */
  locals: Record<string, string>;
  /** The top frame's scope chain (excluding `global`), innermost first. */
  scopes: V8Scope[];
  /** Debugger.paused reason (`other` for breakpoints and steps, `exception`, ...). */
  reason: string;
  /** Breakpoint ids hit at this stop (empty for step stops). */
  hitBreakpoints: string[];
  /** Which action led here: `breakpoint` for the first stop, otherwise the step kind. */
  after: 'breakpoint' | V8StepKind;
}

export interface V8StepOptions {
  /** 1-based line for the breakpoint. */
  breakpointLine: number;
  /** Optional 1-based column for the breakpoint. */
  breakpointColumn?: number;
  steps: V8StepKind[];
  /**
   * Instead of a fixed `steps` list: choose each step at the stop itself, by line (`lines`, else
   * `fallback`), for at most `maxSteps` steps. With `repeatOnRevisit`, a stop on the same line
   * and depth as the last stop not deeper than it, with deeper stops in between (the caller's line
   * again after a callee returned), repeats the step that led to it, and so does a stop right after
   * one on the same line and depth.
   */
  policy?: { lines: Record<number, V8StepKind>; fallback: V8StepKind; maxSteps: number; repeatOnRevisit?: boolean };
  /**
   * Blackbox every script except the program (default true), so steps never stop in
   * Node internals. With false, pauses outside the program are resumed without being
   * recorded (they do not count as steps).
   */
  blackboxOthers?: boolean;
  /** Kill the child after this many milliseconds (default 30000). */
  timeoutMs?: number;
  /** Work around V8 losing a step when a finally block rethrows (rethrow-repair.ts). */
  repairRethrow?: boolean;
}

export interface V8StepResult {
  stops: V8Stop[];
  /** The program's stdout (console.log output). */
  stdout: string;
  /** The program's stderr. */
  stderr: string;
  /** True when the program ran to completion (it may end before all steps are taken). */
  completed: boolean;
  /** The breakpoint's resolved location(s) as reported by V8 (1-based). */
  breakpointLocations: Array<{ line: number; column: number }>;
  /** An uncaught error thrown by the program, if any. */
  uncaughtError?: string;
  /**
   * Every location where V8 can pause in the program (Debugger.getPossibleBreakpoints over
   * the whole script, 1-based), collected at the first stop. `type` is `call`, `return`,
   * `debuggerStatement` or absent (a plain statement/expression position).
   */
  possibleBreakpoints: Array<{ line: number; column: number; type?: string }>;
  /**
   * Set when the rethrow repair saw V8 miss a stop it cannot reconstruct (a handler reached in a
   * deeper frame): stops after the last one are not recorded.
   */
  lostStep?: string;
}

/** The oracle's Node process died by a signal (V8 aborted) before it could report. */
export class V8Crash extends Error {
  constructor(message: string, readonly signal: string) {
    super(message);
  }
}

/** Runs `file` under V8's debugger and returns the stops (the first is the breakpoint). */
export async function stepWithV8(file: string, opts: V8StepOptions): Promise<V8Stop[]> {
  return (await runV8Stepper(file, opts)).stops;
}

/** Like `stepWithV8` but also returns the program's output and completion status. */
export async function runV8Stepper(file: string, opts: V8StepOptions): Promise<V8StepResult> {
  const absFile = path.resolve(file);
  const config = JSON.stringify({
    file: absFile,
    fileUrl: pathToFileURL(absFile).href,
    breakpointLine: opts.breakpointLine,
    breakpointColumn: opts.breakpointColumn,
    steps: opts.steps,
    policy: opts.policy,
    blackboxOthers: opts.blackboxOthers ?? true,
    repair: opts.repairRethrow ? rethrowRepairFor(fs.readFileSync(absFile, 'utf8')) : undefined,
  });
  const timeoutMs = opts.timeoutMs ?? 30_000;

  const { result, stdout, stderr, ...exit } = await runOracleChild('v8-stepper', CHILD_MAIN, { NESTDBG_V8_STEPPER_CONFIG: config }, timeoutMs);
  if (!result && exit.signal) {
    // V8 itself died (a failed CHECK, e.g. in ScopeIterator while collecting a paused frame's
    // scopes): the oracle has nothing to say about this program.
    const check = (/^# Check failed.*$/m.exec(stderr) ?? /^# Fatal error.*$/m.exec(stderr))?.[0];
    throw new V8Crash(`v8-stepper: Node crashed with ${exit.signal}${check ? ` (${check.replace(/^# /, '')})` : ''}`, exit.signal);
  }
  if (!result) {
    throw new Error(
      `v8-stepper: child exited (code ${exit.code}, signal ${exit.signal}) without a result\nstdout:\n${stdout}\nstderr:\n${stderr}`,
    );
  }
  const parsed = JSON.parse(result) as {
    stops: V8Stop[];
    completed: boolean;
    breakpointLocations: Array<{ line: number; column: number }>;
    possibleBreakpoints: Array<{ line: number; column: number; type?: string }>;
    uncaughtError?: string;
    harnessError?: string;
    lostStep?: string;
  };
  if (parsed.harnessError) {
    throw new Error(`v8-stepper: ${parsed.harnessError}\nstderr:\n${stderr}`);
  }
  return {
    stops: parsed.stops,
    stdout,
    stderr,
    completed: parsed.completed,
    breakpointLocations: parsed.breakpointLocations,
    possibleBreakpoints: parsed.possibleBreakpoints ?? [],
    uncaughtError: parsed.uncaughtError,
    lostStep: parsed.lostStep,
  };
}
