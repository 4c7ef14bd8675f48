// Guest half of reading and changing a stopped program: frame bindings, globals, evaluation in a
// frame, setVariable. Evaluated once per context; completes with a factory the debug runtime
// calls with what it shares (the frames' readers, value presentation, the deadline guard). Each
// control returns its answer as JSON; the runtime runs them with its hooks off.
(function installInspection(deps) {
  'use strict';
  const { readerOf, runGuarded, describe, describeProperty, valueOf, keyFor, thrownText, builtinGlobals } = deps;
  const GuestFunction = Function;
  const ownKeys = Reflect.ownKeys;
  const defineProp = Object.defineProperty;
  const stringify = JSON.stringify;
  const indirectEval = eval;
  const ok = (v) => stringify({ ok: describe(v) });
  const unreadable = (e) => e instanceof ReferenceError
    ? { display: '<uninitialized>', type: 'uninitialized', ref: 0 } // a let/const in its temporal dead zone
    : { display: thrownText(e), type: 'error', ref: 0 };

  // Bindings of the frame whose reader key is `key` (readerOf) as an object for `with`, so an
  // expression reads and writes them. The last REPL result, readable as `$_` in the next evaluation.
  let lastResult;
  function frameScope(key, names) {
    const reader = readerOf(key);
    const scope = Object.create(null);
    defineProp(scope, '$_', { get: () => lastResult, enumerable: false, configurable: true });
    if (!reader) return scope;
    for (const [name, index] of names) {
      defineProp(scope, name, { get: () => reader(index), set: (v) => { reader(index, v, 1); }, enumerable: true });
    }
    return scope;
  }
  const evalInScope = new GuestFunction('$__nd_scope', '$__nd_code', 'with ($__nd_scope) { return eval($__nd_code); }');

  function evaluateIn(key, code, names) {
    const reader = readerOf(key);
    let self;
    try { self = reader ? reader(-1) : globalThis; } catch { self = undefined; }
    return runGuarded(() => evalInScope.call(self, frameScope(key, names), code));
  }

  function frameReader(key) {
    const reader = readerOf(key);
    if (!reader) throw new Error('frame is not inspectable');
    return reader;
  }

  return {
    readScope: (key, indexes) => {
      const reader = frameReader(key);
      return stringify({ ok: indexes.map((i) => { try { return describe(reader(i)); } catch (e) { return unreadable(e); } }) });
    },
    readGlobals: (declared) => {
      const out = [];
      const seen = new Set();
      for (const name of declared) {
        seen.add(name);
        try { out.push([name, describe(runGuarded(() => new GuestFunction(`return ${name}`)()))]); } catch (e) { out.push([name, unreadable(e)]); }
      }
      for (const k of ownKeys(globalThis)) {
        if (builtinGlobals.has(k) || typeof k !== 'string' || seen.has(k) || k.startsWith('$__nd')) continue;
        out.push([k, describeProperty(globalThis, k)]);
      }
      return stringify({ ok: out });
    },
    evaluate: (key, code, names, remember) => {
      const v = evaluateIn(key, code, names);
      if (remember) lastResult = v;
      return ok(v);
    },
    setBinding: (key, index, code, names) => {
      const reader = frameReader(key);
      const v = evaluateIn(key, code, names);
      reader(index, v, 1);
      return ok(reader(index));
    },
    setProperty: (ref, key, code, frameKey, names) => {
      const obj = valueOf(ref);
      const k = keyFor(obj, key);
      const v = frameKey !== 0 ? evaluateIn(frameKey, code, names) : runGuarded(() => indirectEval(code));
      runGuarded(() => { obj[k] = v; }); // a setter runs guest code
      return ok(runGuarded(() => obj[k]));
    },
    setGlobal: (name, code) => {
      const v = runGuarded(() => indirectEval(code));
      runGuarded(() => new GuestFunction('$__nd_value', `${name} = $__nd_value`)(v));
      return ok(v);
    },
  };
})
