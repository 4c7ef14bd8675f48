// Unit tests of interleave.ts on the shape of a real nested stop (QuickJS 0.32 release build,
// test/e2e/fixtures/nested): script -> host -> guest -> host -> guest, with a native (map) between.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { V8FrameInfo } from '../../../runtime/agent/wasm-protocol.js';
import { assignScriptFrames, placeByOwner, placeScriptFrames, segments } from './interleave.js';

let n = 0;
const wasm = (funcIndex: number, pc: number): V8FrameInfo => ({ index: n++, kind: 'wasm', role: 'wasm', name: `$func${funcIndex}`, url: 'wasm://q', module: '7', funcIndex, pc });
const js = (role: 'hook' | 'glue' | 'host', name: string): V8FrameInfo => ({ index: n++, kind: 'js', role, name, url: 'file:///a.mjs', line: 1, column: 1 });
const CALL = 221;
const NATIVE = 0xee71;

function nested(): V8FrameInfo[] {
  n = 0;
  return [
    js('hook', 'nestdbgMixedStop'),
    // innermost entry: the stop's host call, the producer's two runtime frames, innermost, inner.js's program
    wasm(1142, 1), wasm(1040, 2), wasm(CALL, NATIVE), wasm(CALL, 0x10193), wasm(CALL, 0x10193), wasm(CALL, 0x10193), wasm(CALL, 0x10193), wasm(61, 3),
    js('glue', 'evalCode'), js('host', 'hostEval'), js('glue', 'callback'),
    // twice, called by the host with callFunction
    wasm(1142, 1), wasm(1040, 2), wasm(CALL, NATIVE), wasm(CALL, 0x10193), wasm(28, 4),
    js('glue', 'callFunction'), js('host', 'hostRun'), js('glue', 'callback'),
    // the arrow function, Array.prototype.map (native), start, outer.js's program
    wasm(1142, 1), wasm(1040, 2), wasm(CALL, NATIVE), wasm(CALL, 0x10193), wasm(28, 4), wasm(1053, 5), wasm(1036, 6),
    wasm(CALL, NATIVE), wasm(CALL, 0x102bd), wasm(CALL, 0x10193), wasm(61, 3),
    js('glue', 'evalCode'), js('host', 'main'),
  ];
}

test('segments: runs of Wasm frames between host frames (glue alone does not split)', () => {
  const v8 = nested();
  assert.deepEqual(segments(v8).map((s) => s.length), [8, 5, 11]);
  n = 0;
  assert.deepEqual(segments([wasm(1, 1), js('glue', 'invoke_vi'), wasm(2, 2), js('host', 'h'), wasm(3, 3)]).map((s) => s.length), [2, 1]);
  // nestdbg's own evalCode between two entries, hidden as the hook, still separates them.
  n = 0;
  assert.deepEqual(segments([wasm(1, 1), js('glue', 'evalCode'), js('hook', 'hookedEvalCode'), wasm(2, 2)]).map((s) => s.length), [1, 1]);
});

test('script frames go to the interpreter entry that runs them, counted from the bottom', () => {
  const v8 = nested();
  // innermost, (program) inner.js | twice | <arrow>, start, (program) outer.js
  assert.deepEqual(assignScriptFrames(6, v8)?.map((s) => [v8[s.firstFrame].funcIndex, s.scriptFrames]), [[1142, 2], [1142, 1], [1142, 3]]);
  assert.deepEqual(assignScriptFrames(6, v8)?.map((s) => s.firstFrame), [1, 12, 20]);
});

test('counts that do not fit: undefined (the caller groups)', () => {
  const v8 = nested();
  assert.equal(assignScriptFrames(3, v8), undefined, 'the outer entries claim 4 frames');
  assert.equal(assignScriptFrames(9, v8), undefined, 'more frames than the innermost entry runs');
  n = 0;
  assert.equal(assignScriptFrames(2, [wasm(1, 1), js('host', 'h'), wasm(2, 2)]), undefined, 'no function active in every entry');
  n = 0;
  assert.deepEqual(assignScriptFrames(2, [js('hook', 'x'), wasm(1, 1), js('glue', 'g'), js('host', 'main')]), [{ firstFrame: 1, scriptFrames: 2 }]);
});

test('placeByOwner: the innermost holder below the previous frame\'s; undefined when a frame has none', () => {
  const h = (...frames: number[]) => frames.map((frame) => ({ frame }));
  assert.deepEqual(placeByOwner([h(3), h(5), h(9)]), [3, 5, 9]);
  assert.deepEqual(placeByOwner([h(3, 5), h(5, 7)]), [3, 5], 'an outer holder of the same record is not the owner');
  assert.deepEqual(placeByOwner([h(5), h(3, 8)]), [5, 8], 'an activation above the previous owner cannot run an outer frame');
  assert.equal(placeByOwner([h(3), h()]), undefined);
  assert.equal(placeByOwner([h(5), h(3)]), undefined);
  assert.equal(placeByOwner([h(3), undefined]), undefined);
});

test('placeScriptFrames: exact when every frame has its activation, else counted per entry, else grouped', () => {
  const v8 = nested();
  const exact = placeScriptFrames(2, v8, [[{ frame: 4 }], [{ frame: 7 }]]);
  assert.equal(exact.how, 'exact');
  assert.deepEqual([...exact.before], [[4, 1], [7, 1]]);
  assert.equal(exact.stopCallAbove, 4);
  assert.equal(placeScriptFrames(6, v8, [[{ frame: 4 }]]).how, 'counted', 'holders for some frames only');
  assert.equal(placeScriptFrames(9, v8).how, 'grouped');
});
