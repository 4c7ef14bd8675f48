import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { instrumentScript, stripInstrumentation } from './instrument.js';

const source = [
  '"use strict"',
  'function fib(n) { if (n < 2) return n; return fib(n - 1) + fib(n - 2) }',
  'const sq = (x) => x * x, named = function inner(y) { return y }',
  'function twice(a) { return a }',
  'function twice(a) { return a + a }',
  'function defaults(a = 1) { return a }',
  'function outer() { return (z) => z }',
  'let { d } = { d: 1 }',
].join('\n');
const swapped = instrumentScript(source, { url: '/t.js', firstSiteId: 0, swap: true }).code;
const flagged = instrumentScript(source, { url: '/t.js', firstSiteId: 0 }).code;

describe('swap siblings', () => {
  it('keeps the original text and every line', () => {
    assert.equal(stripInstrumentation(swapped), source);
    assert.equal(swapped.split('\n').length, source.split('\n').length);
  });

  it('leaves a swappable function as written, with no flag test, and gives it a sibling', () => {
    assert.match(swapped, /function fib\(n\) \{ if \(n < 2\) return n; return fib\(n - 1\) \+ fib\(n - 2\) \}/);
    assert.match(flagged, /function fib\(n\) \{\/\*\{nd\*\/if\(\$__nd_f1\)/);
    assert.match(swapped, /let \$__nd_i1=function\(n\)\{/);
  });

  it('registers declarations before the first statement and expressions after theirs', () => {
    const registrations = [...swapped.matchAll(/\$__nd_r\(([^)]*)\)/g)].map((m) => m[1].split(',').filter((_, i) => i % 4 === 0));
    assert.deepEqual(registrations, [['fib'], ['sq']]);
    assert.ok(swapped.indexOf('$__nd_r(fib') < swapped.indexOf('function fib'), 'fib before the first statement');
    assert.ok(swapped.indexOf('$__nd_r(sq') > swapped.indexOf('const sq'), 'sq after its statement');
    assert.ok(swapped.startsWith('"use strict"'), 'directives stay first');
  });

  it('does not swap what may not be: named expressions, declarations made twice, non-plain parameters, nested functions', () => {
    assert.match(swapped, /function inner\(y\) \{\/\*\{nd\*\/if\(/, 'a named expression keeps its flag test');
    assert.equal((swapped.match(/function twice\(a\) \{\/\*\{nd\*\/if\(/g) ?? []).length, 2, 'both declarations of twice');
    assert.doesNotMatch(swapped, /\$__nd_r\([^)]*defaults/);
    assert.doesNotMatch(swapped, /\$__nd_r\([^)]*outer/);
  });
});
