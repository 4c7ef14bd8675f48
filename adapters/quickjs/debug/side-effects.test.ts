import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isSideEffectFree } from './side-effects.js';

test('hover evaluates names and property reads only', () => {
  for (const e of ['x', 'this', 'a.b.c', 'a[0]', 'a[i]', 'a?.b', '"s"', '42']) assert.ok(isSideEffectFree(e), e);
  for (const e of ['f()', 'x = 1', 'x++', 'a.b()', 'new A', 'delete a.b', 'a[f()]', 'x; y', '(', 'a.b = 2', 'await x']) {
    assert.ok(!isSideEffectFree(e), e);
  }
});
