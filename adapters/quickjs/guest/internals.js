// Guest half of the internal slots V8 shows and scripts cannot read as properties: a promise's
// state and result, a boxed primitive's value, an ArrayBuffer's views. Evaluated once per
// context; completes with a factory the debug runtime calls with the host's `promiseState(value)`
// (`[state, result]` for a promise, undefined otherwise: no script can read that synchronously).
(function installInternals(deps) {
  'use strict';
  const { promiseState } = deps;
  const apply = Reflect.apply;
  const isPrototypeOf = Object.prototype.isPrototypeOf;
  const bufferLength = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, 'byteLength').get;
  const PromiseProto = Promise.prototype;
  // Each wrapper's valueOf is a brand check: it throws on anything but its own kind of box.
  const BOXES = [
    ['Number', Number.prototype.valueOf], ['String', String.prototype.valueOf], ['Boolean', Boolean.prototype.valueOf],
    ['Symbol', Symbol.prototype.valueOf], ['BigInt', BigInt.prototype.valueOf],
  ];

  // `[className, primitive]` of a boxed primitive (`new Number(5)`, `Object(1n)`), else undefined.
  function boxed(v) {
    for (const [name, valueOf] of BOXES) {
      try { return [name, apply(valueOf, v, [])]; } catch { /* not this kind of box */ }
    }
    return undefined;
  }

  // `[state, result]` of a promise, else undefined. The prototype test keeps host calls to likely
  // promises; the host's answer is the real brand check.
  function promise(v) {
    let likely = false;
    try { likely = apply(isPrototypeOf, PromiseProto, [v]); } catch { /* a proxy's trap threw */ }
    return likely ? promiseState(v) : undefined;
  }

  // The internal slots of v as named children, in V8's names.
  function slots(v, kind) {
    switch (kind) {
      case 'promise': {
        const [state, result] = promise(v);
        return [['[[PromiseState]]', state], ['[[PromiseResult]]', result]];
      }
      case 'boxed': return [['[[PrimitiveValue]]', boxed(v)[1]]];
      case 'arraybuffer': {
        const n = apply(bufferLength, v, []);
        const out = [['[[Int8Array]]', new Int8Array(v)], ['[[Uint8Array]]', new Uint8Array(v)]];
        if (n % 2 === 0) out.push(['[[Int16Array]]', new Int16Array(v)]);
        if (n % 4 === 0) out.push(['[[Int32Array]]', new Int32Array(v)]);
        out.push(['[[ArrayBufferByteLength]]', n]);
        return out;
      }
    }
    return [];
  }

  return { boxed, promise, slots };
})
