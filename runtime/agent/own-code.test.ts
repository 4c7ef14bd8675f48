// Unit tests of own-code.ts: which of nestdbg's files are blackboxed by URL, and the ranges that
// leave only the trampoline unblackboxed in a file it shares (the built mixed.js, a bundle).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isOwnCode, OWN_CODE_PATTERNS, trampolineFileRanges } from './own-code.js';

const here = (f: string) => fileURLToPath(new URL(f, import.meta.url));
const url = (f: string) => pathToFileURL(here(f)).href;

test('own code: the tree is blackboxed by URL but the trampoline\'s possible files; app files are not own', () => {
  const pattern = new RegExp(OWN_CODE_PATTERNS[0]);
  assert.ok(pattern.test(url('./host.js')) && pattern.test(url('../../adapters/quickjs/debug/producer.js')));
  assert.ok(!pattern.test(url('./mixed.js')) && !pattern.test(url('./preload.js')), 'left to ranges');
  assert.ok(isOwnCode(url('./mixed.js')) && isOwnCode(url('../../adapters/quickjs/debug/producer.js')));
  assert.ok(!isOwnCode(pathToFileURL(here('../../../test/e2e/fixtures/step-levels/app.mjs')).href), 'the app (outside dist/) is not');
});

test('trampoline file ranges: blackboxed before and after the trampoline function, not within', () => {
  const source = fs.readFileSync(here('./mixed.js'), 'utf8');
  const ranges = trampolineFileRanges(source);
  assert.equal(ranges.length, 3);
  const lines = source.split('\n');
  const text = (p: { lineNumber: number; columnNumber: number }) => lines[p.lineNumber].slice(p.columnNumber);
  assert.match(text(ranges[1]), /^function nestdbgMixedStop\(/);
  // The range ends right after the trampoline's closing brace; mixedStop (before it) stays blackboxed.
  const between = lines.slice(ranges[1].lineNumber, ranges[2].lineNumber + 1).join('\n');
  assert.match(between, /debugger;/);
  assert.doesNotMatch(between, /function mixedStop/);
  assert.match(lines[ranges[2].lineNumber].slice(0, ranges[2].columnNumber), /}$/);

  // A bundle: other functions on the same line and around it.
  const bundle = 'var a=1;function x(){return{y:1}}function nestdbgMixedStop(s){debugger;return s}function z(){if(a){return 2}}\n';
  const [, start, end] = trampolineFileRanges(bundle);
  assert.equal(bundle.slice(start.columnNumber, end.columnNumber), 'function nestdbgMixedStop(s){debugger;return s}');
  assert.deepEqual(trampolineFileRanges('function other(){}'), [{ lineNumber: 0, columnNumber: 0 }], 'no trampoline: all of it');
});
