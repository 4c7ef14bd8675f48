// The V8 oracle's child process (v8-stepper.ts): CHILD_MAIN runs via `node -e`, wrapped in an
// IIFE so that none of its bindings land in the global lexical scope shared with the debugged
// script; it starts WORKER_CODE in a worker, which drives the main thread's inspector (sets the
// breakpoint, records each stop, takes each step) and reports the stops.

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

export const CHILD_MAIN = String.raw`(function () {
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
