import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseHitCondition } from './hit-condition.js';

test('hit conditions: operators and a bare number', () => {
  assert.deepEqual(parseHitCondition('>= 3'), { operator: 'greater-or-equal', count: 3 });
  assert.deepEqual(parseHitCondition('3'), { operator: 'greater-or-equal', count: 3 });
  assert.deepEqual(parseHitCondition(' % 2 '), { operator: 'multiple-of', count: 2 });
  assert.deepEqual(parseHitCondition('== 5'), { operator: 'equal', count: 5 });
  assert.deepEqual(parseHitCondition('=5'), { operator: 'equal', count: 5 });
  assert.deepEqual(parseHitCondition('>1'), { operator: 'greater', count: 1 });
  assert.deepEqual(parseHitCondition('<4'), { operator: 'less', count: 4 });
  assert.deepEqual(parseHitCondition('<= 4'), { operator: 'less-or-equal', count: 4 });
});

test('hit conditions: invalid ones are errors', () => {
  for (const bad of ['', 'x', '>= -1', '% 0', '1.5', '>= 3 4', '99999999999']) {
    assert.ok('error' in parseHitCondition(bad), bad);
  }
});
