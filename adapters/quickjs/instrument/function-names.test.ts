// The names functions are known by (function-names.ts), on the forms a program defines them in.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { canonicalFunctionName, functionBindingNames } from './function-names.js';
import { parseScript } from './parse.js';

/** Every named function, in source order, as `text:name|name`. */
function namesIn(source: string): string[] {
  const names = functionBindingNames(parseScript(source));
  return [...names].sort(([a], [b]) => a.start - b.start).map(([fn, list]) => `${source.slice(fn.start, fn.end)}:${list.join('|')}`);
}

it('bindings, properties, methods and classes', () => {
  assert.deepEqual(namesIn('const f = () => 1; let g = function h() {}; x = async () => {};'), ['() => 1:f', 'function h() {}:g', 'async () => {}:x']);
  assert.deepEqual(namesIn('obj.a.b = function () {}; A.prototype.m = () => 0;'), ['function () {}:obj.a.b|b', '() => 0:A.m|m']);
  assert.deepEqual(namesIn('const o = { m() {}, "s": () => 1, inner: { k() {} }, [c]: () => 2 };'), ['() {}:m|o.m', '() => 1:s|o.s', '() {}:k|inner.k|o.inner.k']);
  assert.deepEqual(namesIn('class P { constructor() {} static s() {} get g() { return 1 } f = () => 2 }'), ['() {}:P|P.constructor', '() {}:s|P.s', '() { return 1 }:g|P.g', '() => 2:f|P.f']);
  assert.deepEqual(namesIn('const Q = class { m() {} }; function d(cb = () => {}) {}'), ['() {}:m|Q.m', '() => {}:cb']);
});

it('a name as typed: prototype and this are looked through', () => {
  assert.equal(canonicalFunctionName(' Point.prototype.norm '), 'Point.norm');
  assert.equal(canonicalFunctionName('this.handler'), 'handler');
  assert.equal(canonicalFunctionName('prototypeish.x'), 'prototypeish.x');
});
