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
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { rethrowRepairFor } from './rethrow-repair.js';

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

  const child = spawn(process.execPath, ['-e', CHILD_MAIN], {
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    env: { ...process.env, NESTDBG_V8_STEPPER_CONFIG: config, NODE_OPTIONS: '' },
  });

  let stdout = '';
  let stderr = '';
  let result = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const resultStream = child.stdio[3] as NodeJS.ReadableStream;
  resultStream.setEncoding('utf8');
  resultStream.on('data', (d: string) => (result += d));

  let timer: NodeJS.Timeout | undefined;
  try {
    const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
      timer = setTimeout(() => {
        reject(new Error(`v8-stepper: timed out after ${timeoutMs} ms\nstdout:\n${stdout}\nstderr:\n${stderr}`));
      }, timeoutMs);
      child.once('error', reject);
      // 'close' fires after all stdio streams are drained.
      child.once('close', (code, signal) => resolve({ code, signal }));
    });
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
  } finally {
    if (timer) clearTimeout(timer);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

/** Renders a stop list compactly, one stop per line: `after -> line:col fn [stack] {locals}`. */
export function formatStops(stops: V8Stop[], sourceText?: string): string {
  const lines = sourceText?.split('\n');
  return stops
    .map((s, i) => {
      const src = lines ? '  | ' + (lines[s.line - 1] ?? '').trim() : '';
      const locals = Object.entries(s.locals)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ');
      return `#${i} ${s.after.padEnd(10)} ${String(s.line).padStart(3)}:${String(s.column).padEnd(3)} ${s.functionName.padEnd(12)} stack=[${s.stack.join(' < ')}] {${locals}}${src}`;
    })
    .join('\n');
}

/**
 * Renders the source with V8's possible break locations marked inline:
 * `•` plain position, `C` call, `R` return, `D` debugger statement, inserted before the
 * character V8 reports.
 */
export function formatPossibleBreakpoints(
  sourceText: string,
  locations: Array<{ line: number; column: number; type?: string }>,
  lineRange?: [number, number],
): string {
  const lines = sourceText.split('\n');
  const out: string[] = [];
  const [from, to] = lineRange ?? [1, lines.length];
  for (let ln = from; ln <= to && ln <= lines.length; ln++) {
    let text = lines[ln - 1]!;
    const here = locations.filter((l) => l.line === ln).sort((x, y) => y.column - x.column);
    for (const l of here) {
      const mark = l.type === 'call' ? 'C' : l.type === 'return' ? 'R' : l.type === 'debuggerStatement' ? 'D' : '•';
      const at = Math.min(l.column - 1, text.length);
      text = text.slice(0, at) + mark + text.slice(at);
    }
    out.push(`${String(ln).padStart(3)} ${text}`);
  }
  return out.join('\n');
}

// ---------------------------------------------------------------------------
// Child process code. Runs via `node -e`, wrapped in an IIFE so that none of its
// bindings land in the global lexical scope shared with the debugged script.
// ---------------------------------------------------------------------------

const WORKER_CODE = String.raw`
const { parentPort, workerData } = require('node:worker_threads');
const inspector = require('node:inspector');
const cfg = workerData;
// Node reports a vm script compiled with an absolute filename under its file:// URL
// (and older versions under the plain path): accept both.
const targetUrls = new Set([cfg.file, cfg.fileUrl]);
const targetRegex = '^(?:' + escapeRegex(cfg.file) + '|' + escapeRegex(cfg.fileUrl) + ')$';
const session = new inspector.Session();
session.connectToMainThread();
// Pending inspector replies and events do not keep a worker alive: hold it
// open until the main thread has collected the result (it then exits).
const keepAlive = setInterval(() => {}, 1 << 30);

function post(method, params) {
  return new Promise((resolve, reject) => {
    session.post(method, params || {}, (err, res) => (err ? reject(err) : resolve(res)));
  });
}

const stops = [];
const breakpointLocations = [];
let possibleBreakpoints;
let stepIndex = 0;      // number of steps already issued
const taken = [];       // the steps issued, in order

// The step to take at the latest stop under cfg.policy (see V8StepOptions.policy).
function policyStep() {
  const i = stops.length - 1;
  const s = stops[i];
  if (cfg.policy.repeatOnRevisit) {
    const prev = stops[i - 1];
    if (prev && prev.line === s.line && prev.stack.length === s.stack.length && taken[i - 1]) return taken[i - 1];
    for (let j = i - 1; j >= 0; j--) {
      const p = stops[j];
      if (p.stack.length > s.stack.length) continue;
      if (j < i - 1 && p.stack.length === s.stack.length && p.line === s.line && taken[i - 1]) return taken[i - 1];
      break;
    }
  }
  return cfg.policy.lines[s.line] || cfg.policy.fallback;
}
let done = false;       // all steps taken: ignore further pauses
let harnessError;
// rethrow-repair.ts: temporary handler breakpoints while a step leaves a finally block.
let rethrowWatch;
let lostStep;

// The innermost finally block holding a location, or undefined.
function finallyAt(loc) {
  const p = [loc.lineNumber + 1, loc.columnNumber ?? 0];
  const le = (a, b) => a[0] < b[0] || (a[0] === b[0] && a[1] <= b[1]);
  return (cfg.repair?.finallyRanges ?? []).filter((r) => le([r.start.line, r.start.column], p) && le(p, [r.end.line, r.end.column])).at(-1);
}

function escapeRegex(s) {
  return s.replace(/[.*+?^$()|[\]{}\\/]/g, '\\$&');
}

function render(v) {
  if (!v) return '<no value>';
  switch (v.type) {
    case 'undefined': return 'undefined';
    case 'string': return JSON.stringify(v.value);
    case 'number':
      if (v.unserializableValue !== undefined) return v.unserializableValue;
      return Object.is(v.value, -0) ? '-0' : String(v.value);
    case 'boolean': return String(v.value);
    case 'bigint': return v.unserializableValue !== undefined ? v.unserializableValue : String(v.description);
    case 'symbol': return String(v.description);
    case 'object':
      if (v.subtype === 'null') return 'null';
      return v.className || 'Object';
    case 'function': return v.className || 'Function';
    default: return String(v.description ?? v.type);
  }
}

async function scopeVariables(scope) {
  const vars = {};
  if (!scope.object || !scope.object.objectId) return vars;
  const res = await post('Runtime.getProperties', { objectId: scope.object.objectId, ownProperties: true });
  for (const p of res.result) {
    if (p.value === undefined && p.get === undefined) {
      vars[p.name] = '<no value>';
    } else if (p.value === undefined) {
      vars[p.name] = '<accessor>';
    } else {
      vars[p.name] = render(p.value);
    }
  }
  return vars;
}

const scriptUrls = new Map();
session.on('Debugger.scriptParsed', (m) => {
  scriptUrls.set(m.params.scriptId, m.params.url);
});

function frameUrl(f) {
  return f.url || scriptUrls.get(f.location.scriptId) || '';
}

async function record(params, after) {
  const ours = params.callFrames.filter((f) => targetUrls.has(frameUrl(f)));
  const top = params.callFrames[0];
  const scopes = [];
  const locals = {};
  for (const scope of top.scopeChain) {
    if (scope.type === 'global') continue;
    const variables = await scopeVariables(scope);
    const at = (l) => l && { line: l.lineNumber + 1, column: l.columnNumber ?? 0 };
    scopes.push({ type: scope.type, name: scope.name, variables, start: at(scope.startLocation) });
    for (const [k, v] of Object.entries(variables)) {
      if (!(k in locals)) locals[k] = v;
    }
  }
  const name = (f) => f.functionName || '(anonymous)';
  stops.push({
    line: top.location.lineNumber + 1,
    column: (top.location.columnNumber ?? 0) + 1,
    functionName: name(top),
    functionStart: top.functionLocation && { line: top.functionLocation.lineNumber + 1, column: top.functionLocation.columnNumber ?? 0 },
    stack: ours.map(name),
    frames: ours.map((f) => ({
      functionName: name(f),
      line: f.location.lineNumber + 1,
      column: (f.location.columnNumber ?? 0) + 1,
    })),
    locals,
    scopes,
    reason: params.reason,
    hitBreakpoints: params.hitBreakpoints || [],
    after,
  });
}

session.on('Debugger.paused', (m) => {
  onPaused(m.params).catch((e) => {
    harnessError = String((e && e.stack) || e);
    done = true;
    post('Debugger.resume').catch(() => {});
  });
});

async function onPaused(params) {
  const top = params.callFrames[0];
  if (done || !top || !targetUrls.has(frameUrl(top))) {
    // Not ours (should not happen thanks to blackboxing) or stepping is over.
    await post('Debugger.resume');
    return;
  }
  if (!possibleBreakpoints) {
    const res = await post('Debugger.getPossibleBreakpoints', {
      start: { scriptId: top.location.scriptId, lineNumber: 0, columnNumber: 0 },
    });
    possibleBreakpoints = res.locations.map((l) => ({
      line: l.lineNumber + 1,
      column: (l.columnNumber ?? 0) + 1,
      type: l.type,
    }));
  }
  const depth = params.callFrames.filter((f) => targetUrls.has(frameUrl(f))).length;
  if (rethrowWatch) {
    const w = rethrowWatch;
    rethrowWatch = undefined;
    for (const id of w.ids) await post('Debugger.removeBreakpoint', { breakpointId: id });
    const hits = params.hitBreakpoints || [];
    // A handler reached deeper than the stepping frame is not where the step should stop; what
    // V8 would have done instead is unknown, so recording ends here.
    if (hits.length && hits.every((id) => w.ids.includes(id)) && depth > w.depth) {
      lostStep = 'handler breakpoint at line ' + (top.location.lineNumber + 1) + ' in a deeper frame';
      done = true;
      await post('Debugger.resume');
      return;
    }
  }
  const after = stops.length === 0 ? 'breakpoint' : taken[stepIndex - 1];
  await record(params, after);
  if (cfg.policy ? stepIndex >= cfg.policy.maxSteps : stepIndex >= cfg.steps.length) {
    done = true;
    await post('Debugger.setBreakpointsActive', { active: false });
    await post('Debugger.resume');
    return;
  }
  const kind = cfg.policy ? policyStep() : cfg.steps[stepIndex];
  taken[stepIndex++] = kind;
  const fin = cfg.repair && finallyAt(top.location);
  if (fin) {
    const ids = [];
    for (const h of cfg.repair.handlers) {
      if (h.fn === fin.fn) continue;
      const r = await post('Debugger.setBreakpoint', { location: { scriptId: top.location.scriptId, lineNumber: h.line - 1, columnNumber: h.column } });
      ids.push(r.breakpointId);
    }
    rethrowWatch = { depth, ids };
  }
  const method = kind === 'next' ? 'Debugger.stepOver' : kind === 'stepIn' ? 'Debugger.stepInto' : 'Debugger.stepOut';
  await post(method);
}

(async () => {
  await post('Debugger.enable');
  // Blackbox every script except the program: steps never stop in Node internals
  // or in this harness.
  if (cfg.blackboxOthers) await post('Debugger.setBlackboxPatterns', { patterns: ['^(?!' + targetRegex.slice(1) + ')'] });
  const bp = await post('Debugger.setBreakpointByUrl', {
    urlRegex: targetRegex,
    lineNumber: cfg.breakpointLine - 1,
    columnNumber: cfg.breakpointColumn !== undefined ? cfg.breakpointColumn - 1 : undefined,
  });
  for (const l of bp.locations || []) breakpointLocations.push({ line: l.lineNumber + 1, column: (l.columnNumber ?? 0) + 1 });
  parentPort.on('message', (msg) => {
    if (msg && msg.type === 'finish') {
      session.disconnect();
      parentPort.postMessage({ type: 'result', stops, breakpointLocations, possibleBreakpoints, harnessError, lostStep });
    }
  });
  parentPort.postMessage({ type: 'ready' });
})().catch((e) => {
  parentPort.postMessage({ type: 'fatal', error: String((e && e.stack) || e) });
});
`;

const CHILD_MAIN = String.raw`(function () {
  const proc = process;
  const fs = require('node:fs');
  const vm = require('node:vm');
  const { Worker } = require('node:worker_threads');
  const cfg = JSON.parse(proc.env.NESTDBG_V8_STEPPER_CONFIG);
  const source = fs.readFileSync(cfg.file, 'utf8');
  let uncaughtError;
  let completed = false;
  let finishing = false;

  function emit(obj) {
    fs.writeSync(3, JSON.stringify(obj));
    proc.exit(0);
  }

  proc.on('unhandledRejection', (e) => {
    uncaughtError = 'unhandled rejection: ' + String((e && e.stack) || e);
  });
  proc.on('uncaughtException', (e) => {
    uncaughtError = 'uncaught exception: ' + String((e && e.stack) || e);
  });

  const worker = new Worker(${JSON.stringify(WORKER_CODE)}, { eval: true, workerData: cfg });
  worker.on('error', (e) => emit({ harnessError: 'worker error: ' + String((e && e.stack) || e) }));
  worker.on('message', (msg) => {
    if (msg.type === 'fatal') {
      emit({ harnessError: msg.error });
    } else if (msg.type === 'ready') {
      // Let the program's event loop alone decide when it ends.
      worker.unref();
      proc.on('beforeExit', () => {
        if (finishing) return;
        finishing = true;
        completed = true;
        worker.ref();
        worker.postMessage({ type: 'finish' });
      });
      try {
        vm.runInThisContext(source, { filename: cfg.file });
      } catch (e) {
        uncaughtError = 'uncaught exception: ' + String((e && e.stack) || e);
      }
    } else if (msg.type === 'result') {
      emit({
        stops: msg.stops,
        breakpointLocations: msg.breakpointLocations,
        possibleBreakpoints: msg.possibleBreakpoints,
        harnessError: msg.harnessError,
        lostStep: msg.lostStep,
        completed,
        uncaughtError,
      });
    }
  });
})();
`;
