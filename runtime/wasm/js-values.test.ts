// How host JS values read (js-values.ts): V8's RemoteObjects as js-debug shows them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { functionDisplay, jsValue } from './js-values.js';

test('primitives, strings and objects display as in js-debug', () => {
  assert.equal(jsValue('s', { type: 'string', value: "it's \"x\"\n" }).display, `'it\\'s "x"\\n'`);
  assert.equal(jsValue('n', { type: 'number', value: -0, unserializableValue: '-0', description: '-0' }).display, '-0');
  assert.equal(jsValue('u', { type: 'undefined' }).display, 'undefined');
  assert.equal(jsValue('z', { type: 'object', subtype: 'null', value: null }).display, 'null');
  const point = jsValue('p', {
    type: 'object', className: 'Point', description: 'Point', objectId: '1',
    preview: { type: 'object', description: 'Point', overflow: false, properties: [{ name: 'x', type: 'number', value: '1' }, { name: 'label', type: 'string', value: 'a' }] },
  });
  assert.deepEqual([point.display, point.type, point.object], ["Point {x: 1, label: 'a'}", 'Point', '1']);
  const array = jsValue('a', {
    type: 'object', subtype: 'array', className: 'Array', description: 'Array(3)', objectId: '2',
    preview: { type: 'object', subtype: 'array', description: 'Array(3)', overflow: false, properties: ['1', '2', '3'].map((v, i) => ({ name: String(i), type: 'number', value: v })) },
  });
  assert.equal(array.display, '(3) [1, 2, 3]');
  const map = jsValue('m', { type: 'object', subtype: 'map', className: 'Map', description: 'Map(2)', objectId: '3', preview: { type: 'object', subtype: 'map', description: 'Map(2)', overflow: false, properties: [] } });
  assert.equal(map.display, 'Map(2)');
  assert.equal(jsValue('e', { type: 'object', subtype: 'error', className: 'TypeError', description: 'TypeError: bad\n    at f (x.js:1:1)', objectId: '4' }).display, 'TypeError: bad');
});

test('functions show their signature', () => {
  assert.equal(functionDisplay('function add(a, b) { return a + b; }'), 'ƒ add(a, b)');
  assert.equal(functionDisplay('async function main() {}'), 'async ƒ main()');
  assert.equal(functionDisplay('function* gen(n) {}'), 'ƒ* gen(n)');
  assert.equal(functionDisplay('class Point { constructor() {} }'), 'class Point');
  assert.equal(functionDisplay('(x) => x + 1'), '(x) => x + 1');
  assert.equal(functionDisplay('area() { return 1; }'), 'ƒ area()');
});
