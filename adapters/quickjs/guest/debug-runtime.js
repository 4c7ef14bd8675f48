// Guest half of the QuickJS producer. Evaluated once per context, before any user script.
// Declares $__nd_d (the activation counter) and installs the read-only global $__nd_c (the
// check). Each script's own prelude declares its per-function flags $__nd_f<N>; their setters are
// registered here, so only this runtime (driven by the host) can arm them.
// Completes with [dispatch, registerFlags] for the host; the guest can reach neither.
// Activations entered while checking number themselves from it: a live activation's number is
// greater than those of the activations under it, so stepping compares numbers, not depths, and
// nothing has to be undone when a function returns. Unnumbered (0): entered before anything
// checked, so older than any stop. Top-level code is 1.
let $__nd_d = 1;
(function installDebugRuntime(host, installValues, installInspection, installInternals, installBreakpoints, installSourceText, installSwaps) {
  'use strict';
  const { stop: hostStop, classify: hostClassify, depth: hostDepth, seen: hostSeen, log: hostLog, mapStack, guard: hostGuard, promiseState, frameSlot, swap: hostSwap, alignStack } = host;
  const GuestFunction = Function;
  const ownKeys = Reflect.ownKeys;
  const describeProp = Object.getOwnPropertyDescriptor;
  const defineProp = Object.defineProperty;
  const apply = Reflect.apply;
  const stringify = JSON.stringify;
  const parse = JSON.parse;
  const builtinGlobals = new Set(ownKeys(globalThis));

  // Per site: the breakpoint entries bound there (breakpoints.js), or undefined.
  let breakpoints = [];
  // Exception filters: { caught, uncaught }, each undefined or { cond }; undefined when off.
  let exceptionFilters;
  // The last exception value the hooks looked at, so that one throw is reported at most once.
  let lastSeen = {};
  let currentException;
  let breakpointFunctions = [];
  let inspecting = false;
  let pauseRequested = false;
  let entryPending = false;
  // Every check on, stopping for nothing: runs the instrumented copies only (`nestdbg run --check-all`).
  let checkingEverywhere = false;
  // Another context of this runtime holds a breakpoint (embed/contexts.ts): functions here run their
  // instrumented copies (level 1), so a step out of that context lands on their next statement.
  let callersInstrumented = false;
  let stepKind = 0; // 0 none, 1 into, 2 over, 3 out, 4 waiting for a suspended activation to resume
  let awaitToken = 0;
  let lastToken = 1;
  // The number of the activation a step started in; for an unnumbered one, its depth on the real
  // stack instead (stepByDepth), which each check then measures (slow, and rare).
  let stepFrom = 0;
  let stepByDepth = 0;
  // Per script: [setOne(functionId, level, exceptions), setAll(level, exceptions)] for its flags.
  const flagSetters = [];
  const scriptUrls = new Set();
  let allArmed = false;

  // Flag levels (see instrument.ts): 2 everywhere while a step, a pause or the entry stop is
  // pending; otherwise 2 in functions holding a breakpoint and 1 elsewhere (callers stay
  // inspectable); 0 everywhere when nothing is armed. Exception filters need every function's
  // instrumented copy (the throw hook and the catch-all clause) but no statement checks: level 1,
  // with call-free functions' copies switched on too (their flags follow `exceptions`).
  let level = 0;
  let exceptionsArmed = false;
  // The host can stop inside the guest's host calls (mixed mode, host breakpoints): level 1 too,
  // so a step out of the host function lands on the caller's next statement.
  let hostStops = false;
  function refreshMode() {
    const want = pauseRequested || entryPending || stepKind || checkingEverywhere ? 2
      : breakpointFunctions.length || exceptionFilters || hostStops || callersInstrumented ? 1 : 0;
    const exceptions = exceptionFilters !== undefined;
    if (want !== level || exceptions !== exceptionsArmed) {
      for (const [, setAll] of flagSetters) setAll(want, exceptions);
      level = want;
      exceptionsArmed = exceptions;
    }
    allArmed = level === 2;
    if (!allArmed) for (const fn of breakpointFunctions) setFlag(fn, 2);
    syncSwaps();
  }
  function setFlag(fn, value) {
    for (const [setOne] of flagSetters) setOne(fn, value, exceptionsArmed);
  }

  // Top-level functions armed by swapping in their sibling's code (swaps.js) instead of a flag:
  // the same rule as the flag prelude's (output.ts flagPrelude), whenever a flag would change.
  const { toString, sourceText, disguise, keepText } = installSourceText();
  const swaps = installSwaps({ swap: hostSwap, keepText });
  function registerSwaps(...list) {
    swaps.register(list);
    syncSwaps();
  }
  function syncSwaps() {
    swaps.sync((id, callFree) => {
      const flag = allArmed || breakpointFunctions.includes(id) ? 2 : level;
      return callFree ? flag > 1 || exceptionsArmed : flag > 0;
    });
  }

  // How many frames of this context's scripts are on the real stack. The host counts them in
  // QuickJS's frames, by realm: another context of the runtime may run scripts under our URLs.
  // Without frame memory (-1), the stack text's frames of our URLs.
  function stackDepth() {
    const counted = hostDepth();
    if (counted >= 0) return counted;
    let depth = 0;
    for (const line of captureStack().split('\n')) {
      const m = /\((.*):\d+:\d+\)\s*$/.exec(line);
      if (m && scriptUrls.has(m[1])) depth++;
    }
    return depth;
  }

  // Whether a check in activation `id` ends the step under way.
  function stepEnds(id) {
    if (stepKind === 1) return true;
    if (stepKind !== 2 && stepKind !== 3) return false;
    if (stepByDepth) {
      const depth = stackDepth();
      return stepKind === 2 ? depth <= stepByDepth : depth < stepByDepth;
    }
    return stepKind === 2 ? id <= stepFrom : id < stepFrom;
  }

  // `flag`: 1 marks a debugger statement, or (site -1) the return of an async function.
  function check(site, id, flag) {
    if (inspecting) return id;
    if (site === -2) {
      // The activation `id` suspends (await/yield). Stepping over or into from it: wait for it
      // to resume, as V8 does (only step-out leaves for the caller).
      if ((stepKind === 2 || stepKind === 1) && id === stepFrom && !stepByDepth) {
        stepKind = 4;
        return (awaitToken = ++lastToken);
      }
      return 1;
    }
    if (site === -3) {
      // An activation resumes; `id` carries its token. Ours: stop at its next statement.
      if (stepKind === 4 && id === awaitToken) stepKind = 1;
      return 0;
    }
    if (site < 0) {
      // An async function returns (`flag` is 1). Resumed from the job queue (nothing under it)
      // while stepping over or out of it: V8 goes on into the reactions to its promise (the
      // awaiting function, a then callback), so the step becomes a step into whatever runs next.
      if (flag === 1 && (stepKind === 2 || stepKind === 3) && id <= stepFrom && stackDepth() === 1) stepKind = 1;
      return id;
    }
    let reason;
    if (entryPending) reason = 'entry';
    else if (flag === 1) reason = 'debugger-statement';
    else if (pauseRequested) reason = 'pause';
    else if (breakpoints[site] !== undefined && (reason = hitBreakpoint(site))) { /* stop */ }
    else if (stepEnds(id)) reason = 'step';
    // Numbered now, while it runs on top: every live activation under it has a smaller number.
    else return id || ++$__nd_d;
    return stopHere(reason, site, id || ++$__nd_d);
  }

  // ---- breakpoint kinds (breakpoints.js) -------------------------------------------------------
  // An arrival at a site with breakpoints, decided with hooks off.
  function hitBreakpoint(site) {
    const was = inspecting;
    inspecting = true;
    try {
      return breakpointKinds.arrive(site);
    } finally {
      inspecting = was;
    }
  }


  // The exception hook, $__nd_e: kind 0 at a throw (before it throws), 1 entering a catch clause,
  // 2 when an exception leaves a function. Returns the value unchanged.
  function exceptionHook(kind, value, site, id) {
    if (inspecting || exceptionFilters === undefined) return value;
    // A catch or a function exit sees an exception already looked at (at its throw, or deeper).
    if (kind !== 0 && value === lastSeen) return value;
    lastSeen = value;
    // Another context of the runtime looked at it already: thrown there, it passes through here.
    if (hostSeen(value, kind)) return value;
    let filter;
    let caught = kind === 1;
    inspecting = true;
    try {
      if (!caught) caught = hostClassify(captureStack()) === 'caught';
      filter = caught ? exceptionFilters.caught : exceptionFilters.uncaught;
      if (filter && filter.cond) {
        let v = false;
        try { v = filter.cond(value); } catch { /* a failing condition is false */ }
        if (!v) filter = undefined;
      }
    } catch {
      filter = undefined;
    } finally {
      inspecting = false;
    }
    if (!filter) return value;
    currentException = { value, caught };
    try {
      // Leaving (2): the frame is shown at the position the exception was raised.
      stopHere('exception', site, id, kind);
    } finally {
      currentException = undefined;
    }
    return value;
  }

  function exceptionDetails() {
    const e = currentException;
    if (!e) throw new Error('the stop is not an exception stop');
    const v = e.value;
    let id = typeof v;
    let description = '';
    let stack;
    try {
      if (v instanceof Error) {
        id = String(v.name);
        description = String(v.message);
        stack = typeof v.stack === 'string' ? v.stack : undefined;
      } else if (v !== null && typeof v === 'object') {
        id = className(v);
        description = objectPreview(v);
      } else {
        description = typeof v === 'string' ? v : primitiveText(v);
      }
    } catch (err) {
      description = thrownText(err);
    }
    return stringify({ ok: { id, description, caught: e.caught, stack } });
  }

  // Stops in activation `id` (0: unnumbered, an exception hook's frame).
  function stopHere(reason, site, id, exceptionKind = -1) {
    inspecting = true;
    entryPending = pauseRequested = false;
    stepKind = 0;
    let action = 'run';
    let stack;
    try {
      stack = captureStack();
      action = hostStop(reason, site, stack, exceptionKind);
    } finally {
      clearValues();
      inspecting = false;
    }
    stepKind = action === 'into' ? 1 : action === 'over' ? 2 : action === 'out' ? 3 : 0;
    stepFrom = id;
    // Only an unnumbered activation needs its depth on the real stack (stepEnds).
    stepByDepth = id ? 0 : stackDepth();
    refreshMode();
    return id;
  }

  function captureStack() {
    const limit = Error.stackTraceLimit;
    const settable = typeof limit === 'number';
    if (settable) Error.stackTraceLimit = 10000;
    try {
      const stack = String(new Error().stack);
      return swaps.any() ? alignStack(stack) : stack;
    } finally {
      if (settable) Error.stackTraceLimit = limit;
    }
  }

  // Binding `i` (-1: `this`) of a frame, read (or, with `w`, written) by the host in QuickJS's frames
  // in memory: frame `key` (< 0) of a stop, or (key n > 0: arrival n) the frame arriving at `site`
  // (breakpoints.js).
  // frameSlot answers [0, value], [1] in the TDZ, [2, why] unknown, [3, message] a write that throws.
  function readSlot(key, site, i, v, w) {
    const [state, result] = frameSlot(key, i, w ? [v] : undefined, site);
    if (state === 1) throw new ReferenceError('uninitialized');
    if (state === 2) throw new Error(`not available: ${result}`);
    if (state === 3) throw new TypeError(result);
    return result;
  }
  function readerOf(key) {
    return key < 0 ? (i, v, w) => readSlot(key, -1, i, v, w) : undefined;
  }

  // Runs guest code for the user (a getter, an evaluation) under the host's deadline. Code that
  // overruns it is ended by an uncatchable interrupt. Throws what fn threw, or an Error when it timed out.
  function runGuarded(fn) {
    let result;
    let threw = false;
    let error;
    const failure = hostGuard(() => { try { result = fn(); } catch (e) { threw = true; error = e; } });
    if (threw) throw error;
    if (failure) throw new Error(failure);
    return result;
  }


  const fail = (e) => stringify({ error: errorText(e) });
  const guarded = (fn) => function (...args) {
    const was = inspecting;
    inspecting = true;
    try { return fn(...args); } catch (e) { return fail(e); } finally { inspecting = was; }
  };

  const control = {
    setBreakpoints: (entries, functions) => {
      const { bySite, errors } = breakpointKinds.set(entries, errorText);
      breakpoints = bySite;
      if (!allArmed) for (const fn of breakpointFunctions) setFlag(fn, level);
      breakpointFunctions = functions;
      refreshMode();
      return stringify({ ok: errors });
    },
    setExceptionFilters: (filters) => {
      const next = {};
      for (const { kind, cond } of filters) {
        next[kind] = { cond: cond === undefined ? undefined : new GuestFunction('error', `return (${cond}\n);`) };
      }
      exceptionFilters = filters.length ? next : undefined;
      lastSeen = {};
      refreshMode();
    },
    exceptionInfo: guarded(exceptionDetails),
    children: guarded((ref, filter, start, count) => stringify({ ok: children(ref, filter, start, count) })),
    addScript: (url) => { scriptUrls.add(url); },
    requestPause: () => { pauseRequested = true; refreshMode(); },
    cancelPause: () => { pauseRequested = false; refreshMode(); },
    armEntry: () => { entryPending = true; refreshMode(); },
    checkEverywhere: () => { checkingEverywhere = true; refreshMode(); },
    setHostStops: (on) => { hostStops = on; refreshMode(); },
    // Steps another context of this runtime started (embed/contexts.ts): 'into' stops at the next
    // statement here; 'return' at the next one of this context's innermost frame on the stack now,
    // or of a frame under it (nothing when none is on the stack).
    continueStep: (kind) => {
      const depth = kind === 'return' ? stackDepth() : 0;
      if (kind === 'return' && !depth) return;
      stepKind = kind === 'into' ? 1 : 2;
      stepFrom = -1; // no activation: a suspension here never waits for it (check, site -2)
      stepByDepth = depth;
      refreshMode();
    },
    cancelStep: () => { if (stepKind) { stepKind = 0; refreshMode(); } },
    instrumentCallers: (on) => { callersInstrumented = on; refreshMode(); },
    // The guest called a host function that is paused in the host's debugger (mixed mode): it is
    // inspected there as at a stop, hooks off, until hostCallLeave. Answers the guest stack.
    hostCallEnter: () => {
      inspecting = true;
      return stringify({ ok: captureStack() });
    },
    hostCallLeave: () => {
      clearValues();
      inspecting = false;
    },
    topLevelReturned: () => {
      // Top-level code returned to the host: a step under way ends, as in V8 (stepping off the end
      // of a script does not go on into promise jobs or timers). One waiting for a suspended
      // activation to resume (4) stays, as V8 keeps its suspended generator.
      if (stepKind !== 0 && stepKind !== 4) {
        stepKind = 0;
        refreshMode();
      }
    },
  };

  // The host's single entry point: control[name](...args), arguments and result as JSON.
  // What the outermost call found is kept for `recover`, the host's repair after an interrupt.
  let dispatching = false;
  let atEntry = false;
  function dispatch(name, argsJson) {
    const fn = control[name];
    if (typeof fn !== 'function') return stringify({ error: `unknown control ${name}` });
    const outermost = !dispatching;
    if (outermost) {
      dispatching = true;
      atEntry = inspecting;
    }
    try {
      const result = fn(...parse(argsJson));
      return result === undefined ? '{}' : result;
    } finally {
      if (outermost) dispatching = false;
    }
  }
  control.recover = () => {
    inspecting = atEntry;
    dispatching = false;
  };

  disguise(check);
  disguise(dispatch);
  disguise(exceptionHook);
  // Value presentation (values.js) sees functions' original text.
  const { describe, describeProperty, children, valueOf, keyFor, preview, primitiveText, errorText, thrownText, className, objectPreview, clear: clearValues } =
    installValues({
      sourceText, mapStack, invoke: (f, self, ...args) => runGuarded(() => apply(f, self, args)),
      internals: installInternals({ promiseState }),
    });
  // Reading and changing the stopped program (inspection.js), with hooks off.
  const breakpointKinds = installBreakpoints({ readSlot, log: hostLog, preview, thrownText });
  const inspection = installInspection({ readerOf, runGuarded, describe, describeProperty, valueOf, keyFor, thrownText, builtinGlobals });
  for (const name of ownKeys(inspection)) control[name] = guarded(inspection[name]);

  defineProp(GuestFunction.prototype, 'toString', { value: toString, writable: true, configurable: true, enumerable: false });
  defineProp(globalThis, '$__nd_c', { value: check, writable: false, configurable: false, enumerable: false });
  defineProp(globalThis, '$__nd_e', { value: exceptionHook, writable: false, configurable: false, enumerable: false });
  defineProp(globalThis, '$__nd_r', { value: registerSwaps, writable: false, configurable: false, enumerable: false });
  disguise(registerSwaps);

  // The host hands over each script's [setOne, setAll] before the script runs.
  function registerFlags(setters) {
    flagSetters.push(setters);
    if (level || exceptionsArmed) setters[1](level, exceptionsArmed);
  }
  disguise(registerFlags);

  return [dispatch, registerFlags];
})
