// Guest half of the breakpoint kinds: each breakpoint's condition, hit count and log message,
// decided at every arrival at its site. Evaluated once per context; completes with a factory the
// debug runtime calls with what it shares. Condition and log expressions see the arriving frame's
// bindings, which the host reads in QuickJS's frames in memory (readSlot; the key numbers the
// arrival, so the host finds the frame once per arrival).
(function installBreakpoints(deps) {
  'use strict';
  const { readSlot, log, preview, thrownText } = deps;
  const GuestFunction = Function;
  const defineProp = Object.defineProperty;
  const HIT_TESTS = [(n, k) => n === k, (n, k) => n > k, (n, k) => n >= k, (n, k) => n < k, (n, k) => n <= k, (n, k) => k > 0 && n % k === 0];

  // Per site: the breakpoint entries bound there (see compile), or undefined.
  let bySite = [];
  // Hit counts by the host's breakpoint key; they survive a re-send of the same breakpoint.
  let hitCounts = new Map();
  let arrivalSite = -1;
  let arrival = 0;
  const arrivalReader = (i, v, w) => readSlot(arrival, arrivalSite, i, v, w);

  // A breakpoint entry from the host: { key, site, fnBp, cond, hit: [op, n], log: [[isExpr, text]],
  // names: [[name, readerIndex]] }. The condition and log expressions are compiled once, in a `with`
  // scope whose accessors read the arriving frame's bindings.
  function compile(e) {
    const entry = { key: e.key, fnBp: !!e.fnBp, hit: e.hit, cond: undefined, log: undefined };
    const scope = Object.create(null);
    for (const [name, index] of e.names ?? []) {
      if (name in scope) continue; // innermost first: an outer binding of the same name is shadowed
      defineProp(scope, name, { get: () => arrivalReader(index), set: (v) => { arrivalReader(index, v, 1); }, enumerable: true });
    }
    const compileExpression = (code) => {
      const f = new GuestFunction('$__nd_scope', `with ($__nd_scope) { return (${code}\n); }`);
      return () => {
        let self;
        try { self = arrivalReader(-1); } catch { self = undefined; }
        return f.call(self, scope);
      };
    };
    if (e.cond !== undefined) entry.cond = compileExpression(e.cond);
    if (e.log !== undefined) entry.log = e.log.map(([isExpr, text]) => isExpr ? compileExpression(text) : text);
    return entry;
  }

  function logText(compiled) {
    try {
      const v = compiled();
      if (typeof v === 'string') return v;
      return preview(v);
    } catch (e) {
      return thrownText(e);
    }
  }

  return {
    // Replaces every breakpoint; returns the sites' entries (the runtime tests them per check) and
    // [key, error] for each entry that did not compile.
    set(entries, errorText) {
      const next = [];
      const errors = [];
      const keys = new Map();
      for (const e of entries) {
        let entry;
        try { entry = compile(e); } catch (err) { errors.push([e.key, errorText(err)]); continue; }
        (next[e.site] ??= []).push(entry);
        keys.set(e.key, hitCounts.get(e.key) ?? 0);
      }
      bySite = next;
      hitCounts = keys;
      return { bySite, errors };
    },
    // An arrival at `site` (call with hooks off): evaluates conditions, counts hits, writes
    // logpoints. Returns the stop reason, or undefined to go on.
    arrive(site) {
      let reason;
      arrivalSite = site;
      arrival++;
      for (const e of bySite[site]) {
        if (e.cond) {
          let v = false;
          try { v = e.cond(); } catch { /* a failing condition is false */ }
          if (!v) continue;
        }
        const n = (hitCounts.get(e.key) ?? 0) + 1;
        hitCounts.set(e.key, n);
        if (e.hit && !HIT_TESTS[e.hit[0]](n, e.hit[1])) continue;
        if (e.log) {
          log(site, e.log.map((part) => typeof part === 'string' ? part : logText(part)).join(''));
          continue;
        }
        if (reason !== 'breakpoint') reason = e.fnBp ? 'function-breakpoint' : 'breakpoint';
      }
      return reason;
    },
  };
})
