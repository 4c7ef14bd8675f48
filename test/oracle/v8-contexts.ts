/**
 * V8's own debugger as the stepping oracle for programs of several contexts.
 *
 * `runV8Contexts(app, { scripts, breakpoints, steps })` runs `app`, a CommonJS program that
 * evaluates `scripts` in vm contexts of its own making (the V8 twin of an embedding app with
 * several QuickJS contexts), in a fresh child Node process. A worker drives the main thread's
 * inspector (as v8-stepper.ts does): it sets each breakpoint by URL (binding in every context that
 * evaluates that file), records the first stop, takes the steps and records each stop with the
 * whole stack of the scripts' frames. Everything else, the app and its host functions included,
 * is blackboxed, so a step into a host function goes on into the script it calls.
 *
 * V8 pauses at more positions than nestdbg has statements: consecutive pauses on one line of one
 * frame, and the caller's line again right after a callee returns (rules 1 and 2 of
 * test/fuzz/normalize.ts). At such a pause the oracle repeats the step that led there instead of
 * taking the next one, as nestdbg's one step went on through those positions; `revisit` in a stop
 * marks it, so the comparison can drop it.
 */
import { pathToFileURL } from 'node:url';
import type { V8StepKind } from './v8-stepper.js';
import { runOracleChild } from './oracle-child.js';

export interface ContextFrame {
  functionName: string;
  /** The script's path, as given in `scripts`. */
  file: string;
  /** 1-based. */
  line: number;
}

export interface ContextStop {
  /** The scripts' frames, innermost first. */
  frames: ContextFrame[];
  /** The step that led here ('breakpoint' for the first stop). */
  after: 'breakpoint' | V8StepKind;
  /** A pause nestdbg has no stop for (same line and frame as the last, or the caller's line again): its step was repeated. */
  revisit: boolean;
}

export interface ContextStepOptions {
  /** Absolute paths of the scripts the app evaluates: the only frames recorded and stepped in. */
  scripts: string[];
  breakpoints: Array<{ file: string; line: number }>;
  steps: V8StepKind[];
  /** Pauses after which the oracle gives up (a step policy gone wrong); default 200. */
  maxPauses?: number;
  timeoutMs?: number;
}

export interface ContextStepResult {
  stops: ContextStop[];
  stdout: string;
  /** The program ran to its end (it may end before all steps are taken). */
  completed: boolean;
}

const WORKER_CODE = String.raw`
const { parentPort, workerData: cfg } = require('node:worker_threads');
const inspector = require('node:inspector');
const session = new inspector.Session();
session.connectToMainThread();
const keepAlive = setInterval(() => {}, 1 << 30);
const post = (method, params) => new Promise((resolve, reject) => session.post(method, params || {}, (e, r) => (e ? reject(e) : resolve(r))));
const escape = (s) => s.replace(/[.*+?^$()|[\]{}\\/]/g, '\\$&');
// Node reports a vm script under its file:// URL (older versions: the plain path).
const fileOf = new Map();
for (const f of cfg.scripts) { fileOf.set(f, f); fileOf.set(cfg.urls[f], f); }
const urlRegex = (f) => '^(?:' + escape(f) + '|' + escape(cfg.urls[f]) + ')$';
const scriptUrls = new Map();
session.on('Debugger.scriptParsed', (m) => scriptUrls.set(m.params.scriptId, m.params.url));
const fileOfFrame = (f) => fileOf.get(f.url || scriptUrls.get(f.location.scriptId) || '');

const stops = [];
let remaining = cfg.steps.slice();
let lastStep;
let done = false;
let harnessError;
let pauses = 0;

// Whether the latest stop is one nestdbg has no stop for: the same line of the same frame as the
// stop before it, or a frame's line again after deeper stops (the caller after a callee returned).
function isRevisit(i) {
  const s = stops[i];
  const key = (f) => f.file + ':' + f.line;
  const prev = stops[i - 1];
  if (!prev) return false;
  if (prev.frames.length === s.frames.length && key(prev.frames[0]) === key(s.frames[0])) return true;
  for (let j = i - 1; j >= 0; j--) {
    const p = stops[j];
    if (p.revisit) continue;
    if (p.frames.length > s.frames.length) continue;
    return j < i - 1 && p.frames.length === s.frames.length && key(p.frames[0]) === key(s.frames[0]);
  }
  return false;
}

async function onPaused(params) {
  const ours = params.callFrames.filter((f) => fileOfFrame(f) !== undefined);
  if (done || !ours.length || fileOfFrame(params.callFrames[0]) === undefined || ++pauses > cfg.maxPauses) {
    await post('Debugger.resume');
    return;
  }
  const frames = ours.map((f) => ({ functionName: f.functionName || '(anonymous)', file: fileOfFrame(f), line: f.location.lineNumber + 1 }));
  stops.push({ frames, after: lastStep || 'breakpoint', revisit: false });
  const i = stops.length - 1;
  stops[i].revisit = isRevisit(i);
  let kind;
  if (stops[i].revisit) kind = lastStep;
  else kind = remaining.shift();
  if (!kind) {
    done = true;
    await post('Debugger.setBreakpointsActive', { active: false });
    await post('Debugger.resume');
    return;
  }
  lastStep = kind;
  await post(kind === 'next' ? 'Debugger.stepOver' : kind === 'stepIn' ? 'Debugger.stepInto' : 'Debugger.stepOut');
}

session.on('Debugger.paused', (m) => {
  onPaused(m.params).catch((e) => {
    harnessError = String((e && e.stack) || e);
    done = true;
    post('Debugger.resume').catch(() => {});
  });
});

(async () => {
  await post('Debugger.enable');
  const ours = cfg.scripts.map(urlRegex).map((r) => r.slice(1, -1)).join('|');
  await post('Debugger.setBlackboxPatterns', { patterns: ['^(?!(?:' + ours + ')$)'] });
  for (const b of cfg.breakpoints) await post('Debugger.setBreakpointByUrl', { urlRegex: urlRegex(b.file), lineNumber: b.line - 1 });
  parentPort.on('message', (msg) => {
    if (msg && msg.type === 'finish') {
      session.disconnect();
      parentPort.postMessage({ type: 'result', stops, harnessError });
    }
  });
  parentPort.postMessage({ type: 'ready' });
})().catch((e) => parentPort.postMessage({ type: 'fatal', error: String((e && e.stack) || e) }));
`;

const CHILD_MAIN = String.raw`(function () {
  const fs = require('node:fs');
  const { Worker } = require('node:worker_threads');
  const cfg = JSON.parse(process.env.NESTDBG_V8_CONTEXTS_CONFIG);
  let completed = false;
  let finishing = false;
  const emit = (obj) => { fs.writeSync(3, JSON.stringify(obj)); process.exit(0); };
  const worker = new Worker(${JSON.stringify(WORKER_CODE)}, { eval: true, workerData: cfg });
  worker.on('error', (e) => emit({ harnessError: 'worker error: ' + String((e && e.stack) || e) }));
  worker.on('message', (msg) => {
    if (msg.type === 'fatal') emit({ harnessError: msg.error });
    else if (msg.type === 'ready') {
      worker.unref();
      process.on('beforeExit', () => {
        if (finishing) return;
        finishing = true;
        completed = true;
        worker.ref();
        worker.postMessage({ type: 'finish' });
      });
      require(cfg.app);
    } else if (msg.type === 'result') emit({ stops: msg.stops, harnessError: msg.harnessError, completed });
  });
})();
`;

/** Runs `app` under V8's debugger and returns its stops (the first is a breakpoint's). */
export async function runV8Contexts(app: string, opts: ContextStepOptions): Promise<ContextStepResult> {
  const config = JSON.stringify({
    app, scripts: opts.scripts, urls: Object.fromEntries(opts.scripts.map((f) => [f, pathToFileURL(f).href])),
    breakpoints: opts.breakpoints, steps: opts.steps, maxPauses: opts.maxPauses ?? 200,
  });
  const run = await runOracleChild('v8-contexts', CHILD_MAIN, { NESTDBG_V8_CONTEXTS_CONFIG: config }, opts.timeoutMs ?? 30_000);
  if (!run.result) throw new Error(`v8-contexts: no result\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`);
  const parsed = JSON.parse(run.result) as { stops?: ContextStop[]; completed?: boolean; harnessError?: string };
  if (parsed.harnessError) throw new Error(`v8-contexts: ${parsed.harnessError}\nstderr:\n${run.stderr}`);
  return { stops: parsed.stops ?? [], stdout: run.stdout, completed: !!parsed.completed };
}
