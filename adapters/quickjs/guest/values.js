// Guest half of value presentation: one-line previews and children, shaped like vscode-js-debug's
// (`Map(2) {'a' => 1}`, `(3) [1, 2, 3]`, lazy getters, `[[Entries]]`, `[[Prototype]]`).
// Evaluated once per context; completes with a factory the debug runtime calls with
// `sourceText(fn)` (Function.prototype.toString without the instrumentation) and `mapStack(text)`
// (a host call: an error's stack in original positions). Values read from the guest go through
// intrinsics captured here, so a script that patches builtins cannot fool them.
(function installValues(deps) {
  'use strict';
  const { sourceText, mapStack, invoke, internals } = deps;
  const { boxed, promise, slots } = internals;
  const ownKeys = Reflect.ownKeys;
  const apply = Reflect.apply;
  const describeProp = Object.getOwnPropertyDescriptor;
  const getProto = Object.getPrototypeOf;
  const isArray = Array.isArray;
  const arrayFrom = Array.from;
  const getter = (proto, key) => describeProp(proto, key).get;
  const TypedArrayProto = getProto(Uint8Array.prototype);
  const typedLength = getter(TypedArrayProto, 'length');
  const mapSize = getter(Map.prototype, 'size');
  const setSize = getter(Set.prototype, 'size');
  const bufferLength = getter(ArrayBuffer.prototype, 'byteLength');
  const regexpSource = getter(RegExp.prototype, 'source');
  const { entries: mapEntries } = Map.prototype;
  const { values: setValues } = Set.prototype;
  const { has: weakMapHas } = WeakMap.prototype;
  const { has: weakSetHas } = WeakSet.prototype;
  const { getTime, toString: dateText } = Date.prototype;
  const { toString: regexpText } = RegExp.prototype;
  const { toString: symbolText } = Symbol.prototype;
  const dataViewLength = getter(DataView.prototype, 'byteLength');
  const BUDGET = 100;

  // Values the host can expand during the current stop; index + 1 is the guest reference.
  const values = [];
  // Synthetic children that are not guest values: a getter not yet run, `[[Entries]]`, one map entry.
  // Recognized by a WeakSet, not instanceof: instanceof would run a proxy's getPrototypeOf trap.
  const nodes = new WeakSet();
  class Node { constructor(kind, owner, data) { this.kind = kind; this.owner = owner; this.data = data; nodes.add(this); } }
  const isNode = (v) => nodes.has(v);

  // Runs an intrinsic on v; a TypeError means v lacks the internal slot (a brand check).
  const brand = (fn, v, ...args) => { try { apply(fn, v, args); return true; } catch { return false; } };
  function kindOf(v) {
    if (typeof v === 'function') return 'function';
    if (isArray(v)) return 'array';
    if (brand(typedLength, v)) return 'typedarray';
    if (brand(mapSize, v)) return 'map';
    if (brand(setSize, v)) return 'set';
    if (brand(weakMapHas, v, {})) return 'weakmap';
    if (brand(weakSetHas, v, {})) return 'weakset';
    if (brand(bufferLength, v)) return 'arraybuffer';
    if (brand(dataViewLength, v)) return 'dataview';
    if (brand(getTime, v)) return 'date';
    if (v !== RegExp.prototype && brand(regexpSource, v)) return 'regexp';
    try { if (v instanceof Error) return 'error'; } catch { /* a proxy's getPrototypeOf trap threw */ }
    if (boxed(v)) return 'boxed';
    if (promise(v)) return 'promise';
    return 'object';
  }

  const quote = (s) => "'" + s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r') + "'";
  // A property key as js-debug names it: symbols as `Symbol(desc)`.
  const keyText = (k) => typeof k === 'symbol' ? apply(symbolText, k, []) : k;
  const isIndex = (k) => typeof k === 'string' && /^(0|[1-9]\d*)$/.test(k) && Number(k) < 4294967295;
  const className = (v) => {
    try {
      const proto = getProto(v);
      if (proto === null) return 'Object';
      const d = describeProp(proto, 'constructor');
      const ctor = d && d.value;
      return typeof ctor === 'function' && typeof ctor.name === 'string' && ctor.name ? ctor.name : className(proto);
    } catch { return 'Object'; }
  };

  function primitiveText(v) {
    if (typeof v === 'number' && Object.is(v, -0)) return '-0';
    if (typeof v === 'bigint') return `${v}n`;
    if (typeof v === 'symbol') return apply(symbolText, v, []);
    return String(v);
  }

  function errorText(e) {
    try {
      if (e instanceof Error) return `${e.name}: ${e.message}`;
      return 'Uncaught ' + String(e);
    } catch { return 'Uncaught exception'; }
  }
  // The one style for a thrown value shown where a value was expected (a getter, a proxy's
  // preview, a logpoint's `{expr}`, a binding that cannot be read): `<TypeError: msg>`.
  const thrownText = (e) => `<${errorText(e)}>`;

  // Functions as js-debug abbreviates them: `ƒ name(a, b)`, `async ƒ f()`, `ƒ* g()`, `class C`, short arrows in full.
  function fnPreview(f) {
    let text = '';
    try { text = sourceText(f); } catch { /* revoked proxy */ }
    text = text.replace(/^(?:get|set)\s+(?=[^\s(])/, '').replace(/^function\s+[gs]et\s+/, 'function ');
    if (/^class\b/.test(text)) return `class ${f.name || ''}`.trim();
    const head = /^(async\s+)?(function\s*)?(\*)?\s*([^(]*)\(([^)]*)\)/.exec(text);
    const arrow = text.indexOf('=>');
    if (arrow > 0 && (!head || !head[2]) && !/^[\w$]*\s*\([^)]*\)\s*\{/.test(text.replace(/^async\s+/, ''))) {
      const flat = text.replace(/\s+/g, ' ');
      return flat.length <= 30 ? flat : flat.slice(0, flat.indexOf('=>') + 2) + ' {…}';
    }
    const prefix = `${head && head[1] ? 'async ' : ''}ƒ${head && head[3] ? '*' : ''}`;
    const name = head ? head[4].trim() || f.name || '' : f.name || '';
    return `${prefix} ${name}(${head ? head[5].replace(/\s+/g, ' ').trim() : ''})`;
  }

  // A value nested inside a preview, as V8's property previews render it.
  function shortPreview(v) {
    switch (typeof v) {
      case 'string': return quote(v.length > 50 ? v.slice(0, 50) + '…' : v);
      case 'function': return 'ƒ';
      case 'object': if (v !== null) return bareDescription(v, true);
    }
    return primitiveText(v);
  }

  // What V8 calls an object's description: `Array(3)`, `Map(2)`, `Point`, a date or regexp text.
  function bareDescription(v, nested) {
    const kind = kindOf(v);
    switch (kind) {
      case 'array': return `Array(${v.length})`;
      case 'typedarray': return `${className(v)}(${apply(typedLength, v, [])})`;
      case 'map': return `Map(${apply(mapSize, v, [])})`;
      case 'set': return `Set(${apply(setSize, v, [])})`;
      case 'arraybuffer': return `ArrayBuffer(${apply(bufferLength, v, [])})`;
      case 'dataview': return `DataView(${apply(dataViewLength, v, [])})`;
      case 'date': return isNaN(apply(getTime, v, [])) ? 'Invalid Date' : apply(dateText, v, []);
      case 'regexp': return apply(regexpText, v, []);
      case 'error': return errorTitle(v);
      case 'boxed': return boxed(v)[0];
      case 'promise': return 'Promise';
    }
    const name = className(v);
    return nested && name === 'Object' ? '{…}' : name;
  }

  function errorTitle(e) {
    let name = 'Error';
    let message = '';
    try { name = String(e.name); message = String(e.message); } catch { /* a throwing getter */ }
    return message ? `${name}: ${message}` : name;
  }

  // Joins preview items within the character budget, ending with '…' when some are left out.
  function within(items, more) {
    const out = [];
    let used = 0;
    for (const item of items) {
      if (used + item.length > BUDGET && out.length) { more = true; break; }
      out.push(item);
      used += item.length + 2;
    }
    if (more) out.push('…');
    return out.join(', ');
  }

  function propertyItems(v, skipIndexes, limit) {
    const items = [];
    for (const k of ownKeys(v)) {
      if (skipIndexes && isIndex(k)) continue;
      const d = describeProp(v, k);
      if (!d || !d.enumerable) continue;
      if (items.length >= limit) return [items, true];
      items.push(`${keyText(k)}: ${'value' in d ? shortPreview(d.value) : '(...)'}`);
    }
    return [items, false];
  }

  function indexedItems(v, length) {
    const items = [];
    for (let i = 0; i < length && items.length < BUDGET / 2; i++) {
      const d = describeProp(v, i);
      items.push(!d ? 'empty' : 'value' in d ? shortPreview(d.value) : '(...)');
    }
    return [items, length > items.length];
  }

  // An object's one-line preview, as js-debug renders V8's object previews.
  function objectPreview(v) {
    if (typeof v === 'function') return fnPreview(v);
    const kind = kindOf(v);
    switch (kind) {
      case 'array': case 'typedarray': {
        const length = kind === 'array' ? v.length : apply(typedLength, v, []);
        const [items, more] = indexedItems(v, length);
        const [named] = kind === 'array' ? propertyItems(v, true, 5) : [[]];
        const head = kind === 'array' ? `(${length})` : bareDescription(v);
        return `${head} [${within([...items, ...named], more)}]`;
      }
      case 'map': case 'set': {
        const items = [];
        let more = false;
        for (const e of kind === 'map' ? apply(mapEntries, v, []) : apply(setValues, v, [])) {
          if (items.length >= 5) { more = true; break; }
          items.push(kind === 'map' ? `${shortPreview(e[0])} => ${shortPreview(e[1])}` : shortPreview(e));
        }
        return `${bareDescription(v)} {${within(items, more)}}`;
      }
      case 'date': case 'regexp': case 'error': case 'arraybuffer': case 'dataview': case 'weakmap': case 'weakset':
        return bareDescription(v);
      // As V8 previews them: `Number {5}`, `String {'ab'}`; `Promise {<fulfilled>: 1}`, `Promise {<pending>}`.
      case 'boxed': {
        const [name, value] = boxed(v);
        return `${name} {${shortPreview(value)}}`;
      }
      case 'promise': {
        const [state, result] = promise(v);
        return state === 'pending' ? 'Promise {<pending>}' : `Promise {<${state}>: ${shortPreview(result)}}`;
      }
    }
    const [items, more] = propertyItems(v, false, 5);
    const name = className(v);
    const body = within(items, more);
    if (name === 'Object') return `{${body}}`;
    return body ? `${name} {${body}}` : name;
  }

  const remember = (v) => { values.push(v); return values.length; };
  const valueOf = (ref) => {
    if (!(ref >= 1 && ref <= values.length)) throw new Error('stale or unknown reference');
    return values[ref - 1];
  };

  // How many indexed children a container has (arrays, typed arrays, `[[Entries]]`), else undefined.
  function indexedLength(v) {
    if (isNode(v)) return v.kind === 'entries' ? entryList(v).length : undefined;
    if (isArray(v)) return v.length;
    if (brand(typedLength, v)) return apply(typedLength, v, []);
    return undefined;
  }

  // A value as the host shows it: display text, type, a reference when it has children, and
  // `lazy` when expanding it runs guest code (a getter).
  function describe(v) {
    if (isNode(v)) return describeNode(v);
    if (v === null || (typeof v !== 'object' && typeof v !== 'function')) {
      const display = typeof v === 'string' ? quote(v) : primitiveText(v);
      return { display, type: v === null ? 'null' : typeof v, ref: 0 };
    }
    // A proxy's traps run guest code: one that throws or never returns (the host's deadline ends
    // it) spoils this value's line, not the request.
    try { return invoke(describeObject, undefined, v); } catch (e) { return { display: thrownText(e), type: 'error', ref: 0 }; }
  }

  function describeObject(v) {
    const array = isArray(v);
    let display;
    try { display = objectPreview(v); } catch (e) { display = thrownText(e); }
    let named = 0;
    try { named = namedChildren(v).length; } catch { /* a proxy trap threw */ }
    return {
      display, type: typeof v === 'function' ? 'function' : array ? 'array' : className(v),
      ref: remember(v), named, indexed: array ? v.length : indexedLength(v),
    };
  }

  function describeNode(n) {
    switch (n.kind) {
      case 'getter': return { display: '(...)', type: 'accessor', ref: remember(n), named: 1, lazy: true };
      case 'setter': return { display: 'write-only', type: 'accessor', ref: 0 };
      case 'entries': {
        const length = entryList(n).length;
        return { display: `Array(${length})`, type: 'array', ref: remember(n), named: 0, indexed: length };
      }
      case 'entry': return { display: `{${shortPreview(n.data[0])} => ${shortPreview(n.data[1])}}`, type: 'Object', ref: remember(n), named: 2 };
      case 'exception': return { display: thrownText(n.data), type: 'error', ref: 0 };
    }
    throw new Error('unknown node');
  }

  // A property's child: its value, or a node for an accessor (the getter runs only on demand).
  function propertyChild(owner, key, d) {
    if (!d) return undefined;
    if ('value' in d) return d.value;
    return d.get ? new Node('getter', owner, d.get) : new Node('setter', owner, d.set);
  }

  // Named children, in js-debug's order: own properties, accessors inherited from the prototype
  // chain (class getters, `size`), symbol-keyed ones, internal slots, then `[[Prototype]]`.
  function namedChildren(v) {
    if (isNode(v)) {
      if (v.kind === 'getter') {
        // The getter runs under the host's deadline: one that never returns ends in an error.
        try { return [['', invoke(v.data, v.owner)]]; } catch (e) { return [['', new Node('exception', v.owner, e)]]; }
      }
      return v.kind === 'entry' ? [['key', v.data[0]], ['value', v.data[1]]] : [];
    }
    const kind = kindOf(v);
    const skipIndexes = kind === 'array' || kind === 'typedarray';
    const out = [];
    const seen = new Set();
    const symbols = [];
    for (const k of ownKeys(v)) {
      if (skipIndexes && isIndex(k)) continue;
      seen.add(k);
      if (typeof k === 'symbol') symbols.push(k);
      else out.push([k, propertyChild(v, k, describeProp(v, k))]);
    }
    // The guest's own stack text has instrumented positions; show the user's.
    const stack = kind === 'error' && out.find(([k, c]) => k === 'stack' && typeof c === 'string');
    if (stack) stack[1] = mapStack(stack[1]);
    for (let p = getProto(v); p !== null; p = getProto(p)) {
      for (const k of ownKeys(p)) {
        if (seen.has(k) || k === '__proto__') continue;
        const d = describeProp(p, k);
        if (!d || !d.get) continue;
        seen.add(k);
        if (typeof k === 'symbol') symbols.push(k);
        else out.push([k, new Node('getter', v, d.get)]);
      }
    }
    for (const k of symbols) {
      const d = describeProp(v, k);
      out.push([keyText(k), d ? propertyChild(v, k, d) : new Node('getter', v, findGetter(v, k))]);
    }
    if (kind === 'map' || kind === 'set') out.push(['[[Entries]]', new Node('entries', v, undefined)]);
    out.push(...slots(v, kind));
    const proto = getProto(v);
    if (proto !== null) out.push(['[[Prototype]]', new Node('prototype', v, proto)]);
    return out;
  }

  function findGetter(v, k) {
    for (let p = getProto(v); p !== null; p = getProto(p)) {
      const d = describeProp(p, k);
      if (d) return d.get;
    }
    return undefined;
  }

  // A Map's entries (each a node showing `{key => value}`) or a Set's values, read once per node.
  function entryList(n) {
    if (n.data === undefined) {
      n.data = brand(mapSize, n.owner) ? arrayFrom(apply(mapEntries, n.owner, []), (e) => new Node('entry', n.owner, e))
        : arrayFrom(apply(setValues, n.owner, []));
    }
    return n.data;
  }

  function indexedChildren(v, from, to) {
    const out = [];
    if (isNode(v)) {
      const list = entryList(v);
      for (let i = from; i < to; i++) out.push([String(i), list[i]]);
      return out;
    }
    for (let i = from; i < to; i++) out.push([String(i), propertyChild(v, i, describeProp(v, i))]);
    return out;
  }

  // Children for `variables`: `all` is the named ones followed by the indexed ones (SPEC §10.3);
  // start/count select a slice of the list the filter chose.
  function children(ref, filter, start, count) {
    const v = valueOf(ref);
    const length = indexedLength(v) ?? 0;
    const named = filter === 'indexed' ? [] : namedChildren(v);
    const total = (filter === 'named' ? 0 : length) + named.length;
    const end = count > 0 ? Math.min(total, start + count) : total;
    const out = named.slice(start, end);
    const from = Math.max(0, start - named.length);
    const to = end - named.length;
    if (to > from) out.push(...indexedChildren(v, from, to));
    return out.map(([name, child]) => [name, isNode(child) && child.kind === 'prototype' ? describePrototype(child.data) : describe(child)]);
  }

  // `[[Prototype]]` shows the prototype's description only, as V8 does: a builtin prototype by its
  // constructor's name (`Map`, `Uint8Array`, `Array(0)`), a class's prototype as `Object`.
  function describePrototype(p) {
    const d = describe(p);
    const own = describeProp(p, 'constructor');
    const ctor = own && own.value;
    let native = false;
    try { native = typeof ctor === 'function' && ctor.prototype === p && sourceText(ctor).endsWith('[native code]\n}'); } catch { /* proxy */ }
    d.display = isArray(p) ? `Array(${p.length})` : native && ctor.name ? ctor.name : className(p);
    return d;
  }

  // The key a child name refers to on v: an own symbol named `Symbol(desc)`, or the name itself.
  function keyFor(v, name) {
    if (isNode(v)) throw new Error('this value cannot be changed here');
    if (name.startsWith('Symbol(')) for (const k of ownKeys(v)) if (typeof k === 'symbol' && keyText(k) === name) return k;
    return name;
  }

  // A one-line rendering of any value (logpoints, exception details): strings unquoted.
  function preview(v) {
    if (typeof v === 'string') return v;
    if (v === null || (typeof v !== 'object' && typeof v !== 'function')) return primitiveText(v);
    return objectPreview(v);
  }

  return {
    describe, children, valueOf,
    describeProperty: (owner, key) => describe(propertyChild(owner, key, describeProp(owner, key))), keyFor, preview, primitiveText, errorText, thrownText, className, objectPreview,
    clear: () => { values.length = 0; },
  };
})
