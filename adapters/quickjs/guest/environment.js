// Guest environment for QuickJS: console and timers, the same in plain and debug runs so that
// instrumentation never changes what a program prints. Evaluated as a script; its completion
// value is a function the host receives, and `host` is a frozen object of host functions.
(function installEnvironment(host) {
  'use strict';
  const { write, setTimer, clearTimer, wantStack } = host;
  const ownKeys = Reflect.ownKeys;
  const isArray = Array.isArray;
  const stringify = JSON.stringify;

  const quote = (s) => "'" + s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n') + "'";
  const keyText = (k) => typeof k === 'symbol' ? `[${k.toString()}]` : /^[A-Za-z_$][\w$]*$/.test(k) ? k : quote(k);
  const className = (v) => {
    const proto = Object.getPrototypeOf(v);
    if (proto === null) return '[Object: null prototype]';
    const ctor = proto.constructor;
    return typeof ctor === 'function' && ctor.name ? ctor.name : '';
  };

  function inspect(v, depth, seen) {
    switch (typeof v) {
      case 'string': return quote(v);
      case 'number': return Object.is(v, -0) ? '-0' : String(v);
      case 'bigint': return `${v}n`;
      case 'symbol': return v.toString();
      case 'undefined': return 'undefined';
      case 'boolean': return String(v);
      case 'function': {
        const src = Function.prototype.toString.call(v);
        if (src.startsWith('class')) return `[class ${v.name || '(anonymous)'}]`;
        return v.name ? `[Function: ${v.name}]` : '[Function (anonymous)]';
      }
    }
    if (v === null) return 'null';
    if (seen.includes(v)) return '[Circular]';
    if (v instanceof Error) return errorText(v);
    if (v instanceof Date) return isNaN(v) ? 'Invalid Date' : v.toISOString();
    if (v instanceof RegExp) return String(v);
    if (depth > 2) return isArray(v) ? '[Array]' : '[Object]';
    seen = seen.concat([v]);
    const parts = [];
    if (isArray(v)) {
      const n = Math.min(v.length, 100);
      for (let i = 0; i < n; i++) parts.push(i in v ? inspect(v[i], depth + 1, seen) : '<empty>');
      if (v.length > n) parts.push(`... ${v.length - n} more items`);
      return parts.length ? `[ ${parts.join(', ')} ]` : '[]';
    }
    if (v instanceof Map) {
      for (const [k, val] of v) parts.push(`${inspect(k, depth + 1, seen)} => ${inspect(val, depth + 1, seen)}`);
      return `Map(${v.size}) {${parts.length ? ` ${parts.join(', ')} ` : ''}}`;
    }
    if (v instanceof Set) {
      for (const val of v) parts.push(inspect(val, depth + 1, seen));
      return `Set(${v.size}) {${parts.length ? ` ${parts.join(', ')} ` : ''}}`;
    }
    if (v instanceof Promise) return 'Promise { <unknown> }';
    for (const k of ownKeys(v)) {
      const d = Object.getOwnPropertyDescriptor(v, k);
      if (!d.enumerable) continue;
      parts.push(`${keyText(k)}: ${'value' in d ? inspect(d.value, depth + 1, seen) : '[Getter]'}`);
    }
    const name = className(v);
    const prefix = name && name !== 'Object' ? name + ' ' : '';
    return parts.length ? `${prefix}{ ${parts.join(', ')} }` : `${prefix}{}`;
  }

  function errorText(e) {
    const head = String(e);
    const stack = typeof e.stack === 'string' ? e.stack.replace(/\s+$/, '') : '';
    return stack ? `${head}\n${stack}` : head;
  }

  // Node's util.format: %s %d %i %f %j %o %O %c, then the remaining arguments inspected.
  function format(args) {
    let out = '';
    let rest = 0;
    if (typeof args[0] === 'string') {
      const fmt = args[0];
      let a = 1;
      rest = 1;
      out = fmt.replace(/%[sdifjoOc%]/g, (m) => {
        if (m === '%%') return '%';
        if (a >= args.length) return m;
        const v = args[a++];
        rest = a;
        switch (m) {
          case '%s': return typeof v === 'string' ? v : inspect(v, 1, []);
          case '%d': case '%i': return typeof v === 'object' ? 'NaN' : String(m === '%i' ? parseInt(v) : Number(v));
          case '%f': return String(parseFloat(v));
          case '%j': try { return stringify(v); } catch { return '[Circular]'; }
          case '%c': return '';
          default: return inspect(v, 0, []);
        }
      });
    }
    const tail = [];
    for (let i = rest; i < args.length; i++) tail.push(typeof args[i] === 'string' ? args[i] : inspect(args[i], 0, []));
    return rest ? [out, ...tail].join(' ') : tail.join(' ');
  }

  const emit = (level) => function (...args) {
    write(level, format(args), wantStack ? new Error().stack : undefined);
  };
  const console = {
    log: emit('log'), info: emit('log'), debug: emit('log'), warn: emit('warn'), error: emit('error'),
    trace: function (...args) { write('error', 'Trace: ' + format(args) + '\n' + new Error().stack, wantStack ? new Error().stack : undefined); },
  };
  Object.defineProperty(globalThis, 'console', { value: console, writable: true, configurable: true, enumerable: false });

  // Timers run on the host's event loop; callbacks stay in the guest, keyed by id.
  const timers = new Map();
  let nextTimer = 1;
  const define = (name, fn) => Object.defineProperty(globalThis, name, { value: fn, writable: true, configurable: true, enumerable: false });
  const addTimer = (repeat) => function (fn, ms, ...args) {
    const id = nextTimer++;
    timers.set(id, { fn, args, repeat });
    setTimer(id, Number(ms) || 0, repeat);
    return id;
  };
  const removeTimer = (id) => { if (timers.delete(id)) clearTimer(id); };
  define('setTimeout', addTimer(false));
  define('setInterval', addTimer(true));
  define('clearTimeout', removeTimer);
  define('clearInterval', removeTimer);
  define('queueMicrotask', (fn) => { Promise.resolve().then(fn); });

  // The host calls this when timer `id` is due.
  return function fireTimer(id) {
    const t = timers.get(id);
    if (!t) return;
    if (!t.repeat) timers.delete(id);
    if (typeof t.fn === 'function') t.fn(...t.args);
  };
})
