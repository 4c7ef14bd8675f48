import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseLogMessage } from './log-message.js';

test('log messages: text and {expressions}', () => {
  assert.deepEqual(parseLogMessage('i = {i}, sum={a + b}!'), [
    { tag: 'text', val: 'i = ' }, { tag: 'expression', val: 'i' }, { tag: 'text', val: ', sum=' },
    { tag: 'expression', val: 'a + b' }, { tag: 'text', val: '!' },
  ]);
  assert.deepEqual(parseLogMessage('plain'), [{ tag: 'text', val: 'plain' }]);
  assert.deepEqual(parseLogMessage(''), []);
});

test('log messages: nested and escaped braces, unbalanced text', () => {
  assert.deepEqual(parseLogMessage('{ {a: 1}.a }'), [{ tag: 'expression', val: '{a: 1}.a' }]);
  assert.deepEqual(parseLogMessage('\\{x\\} {x}'), [{ tag: 'text', val: '{x} ' }, { tag: 'expression', val: 'x' }]);
  assert.deepEqual(parseLogMessage('open {x'), [{ tag: 'text', val: 'open {x' }]);
  assert.deepEqual(parseLogMessage('{}'), []);
});
