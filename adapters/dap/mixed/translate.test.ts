// Unit tests of the pure DAP translations for mixed mode.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { V8FrameInfo } from '../../../runtime/agent/wasm-protocol.js';
import {
  codeAddress, disassembleQuery, formatWasmValue, instructionBreakpointQuery, instructionBreakpointResults, mergeStack, ModuleTable,
  parseCodeAddress, readMemoryBody, readMemoryQuery, toDisassembledInstructions, wasmScopes, wasmVariables, writeMemoryQuery, type FrameRef,
} from './translate.js';

const QJS = 'wasm://wasm/001eb57a';
const CORE = 'file:///app/node_modules/quickjs-emscripten-core/dist/chunk.mjs';
const V8: V8FrameInfo[] = [
  { index: 0, kind: 'js', role: 'hook', name: 'nestdbgMixedStop', url: 'file:///x/runtime/agent/mixed.js', line: 19, column: 5 },
  { index: 1, kind: 'js', role: 'hook', name: 'onStop', url: 'file:///x/producer.js', line: 3, column: 1 },
  { index: 2, kind: 'wasm', role: 'wasm', name: '$func1142', url: QJS, module: '147', funcIndex: 1142, pc: 377949 },
  { index: 3, kind: 'wasm', role: 'wasm', name: '$func221', url: QJS, module: '147', funcIndex: 221, pc: 61041 },
  { index: 4, kind: 'js', role: 'glue', name: 'evalCode', url: CORE, line: 4, column: 100 },
  { index: 5, kind: 'js', role: 'glue', name: 'consume', url: CORE, line: 1, column: 9 },
  { index: 6, kind: 'js', role: 'host', name: 'runHostApp', url: 'file:///app/main.js', line: 61, column: 36 },
];

const SCRIPT = [
  { id: 0, name: 'inner', position: { script: 1, line: 3, column: 2 }, inspectable: true, nativeFrame: 0x5000 },
  { id: 1, name: '(program)', position: { script: 1, line: 7, column: 1 }, inspectable: false, nativeFrame: 0x5100 },
];
// The stop's own call (1142), the loop running inner (221 at 3), the loop running the program (221 at 4).
const V8_EXACT: V8FrameInfo[] = [
  V8[0], V8[1], V8[2],
  { index: 3, kind: 'wasm', role: 'wasm', name: '$func221', url: QJS, module: '147', funcIndex: 221, pc: 61041 },
  { index: 4, kind: 'wasm', role: 'wasm', name: '$func221', url: QJS, module: '147', funcIndex: 221, pc: 61041 },
  { ...V8[4], index: 5 }, { ...V8[5], index: 6 }, { ...V8[6], index: 7 },
];

test('merged stack: each script frame above the Wasm activation holding its record; the stop\'s own Wasm frames hidden', () => {
  const refs: FrameRef[] = [];
  const modules = new ModuleTable();
  const frames = mergeStack(
    SCRIPT, V8_EXACT,
    { scriptSource: (id) => ({ name: `s${id}.js`, path: `/s${id}.js` }), frameId: (r) => refs.push(r), modules },
    // inner's record is also held by the program's activation: the innermost holder runs it.
    [[{ frame: 3 }, { frame: 4 }], [{ frame: 4 }]],
  );
  assert.deepEqual(frames.map((f) => f.name), ['inner', '$func221 (func 221)', '(program)', '$func221 (func 221)', '[quickjs-emscripten-core glue: 2 frames]', 'runHostApp']);
  assert.deepEqual(frames.map((f) => f.id), [1, 2, 3, 4, 5, 6]);
  assert.equal(frames[2].presentationHint, 'subtle');
  assert.equal(frames[1].instructionPointerReference, '0x0000ee71');
  assert.deepEqual(refs[1], { kind: 'wasm', index: 3, module: '147', pc: 61041 });
  assert.equal(frames[4].presentationHint, 'label');
  assert.deepEqual(frames[5].source, { name: 'main.js', path: '/app/main.js' });
  assert.deepEqual([frames[5].line, frames[5].column], [61, 36]);
  assert.deepEqual(refs[5], { kind: 'host', index: 7 });
  // The stop's own frames (hook JS, the Wasm of its host call) can be shown for debugging the debugger.
  const withHook = mergeStack(SCRIPT, V8_EXACT, { scriptSource: () => undefined, frameId: () => 0, modules, showHook: true }, [[{ frame: 3 }], [{ frame: 4 }]]);
  assert.deepEqual(withHook.slice(0, 3).map((f) => f.name), ['[debugger: 2 frames]', '$func1142 (func 1142)', 'inner']);
});

test('merged stack fallback: a frame whose activation is not found puts all above the entry, with a label saying so', () => {
  const modules = new ModuleTable();
  const names = (holders?: Array<Array<{ frame: number }>>, script = SCRIPT) =>
    mergeStack(script, V8_EXACT, { scriptSource: () => undefined, frameId: () => 0, modules }, holders).map((f) => f.name);
  const fallback = ['inner', '(program)', '[script frames above placed by interpreter entry: their interpreter calls not identified]', '$func1142 (func 1142)'];
  assert.deepEqual(names([[{ frame: 3 }], []]).slice(0, 4), fallback, 'no holder for the program');
  assert.deepEqual(names([[{ frame: 4 }], [{ frame: 4 }]]).slice(0, 4), fallback, 'holders out of order');
  assert.deepEqual(names(undefined).slice(0, 4), fallback, 'no native-frame addresses');
  // A Wasm pause (no script frames) and a stack without Wasm get no label.
  assert.ok(!names(undefined, []).some((n) => n.includes('not identified')));
  assert.deepEqual(mergeStack(SCRIPT, [V8[0], V8[6]], { scriptSource: () => undefined, frameId: () => 0, modules }).map((f) => f.name), ['inner', '(program)', 'runHostApp']);
});

test('addresses: module ordinal in the high bits, byte offset in the low bits', () => {
  assert.equal(codeAddress(0, 0x10), '0x00000010');
  assert.equal(codeAddress(2, 0x5c45d), '0x20005c45d');
  assert.deepEqual(parseCodeAddress('0x20005c45d'), { ordinal: 2, pc: 0x5c45d });
  assert.deepEqual(parseCodeAddress('0x100', -16), { ordinal: 0, pc: 0xf0 });
  assert.throws(() => parseCodeAddress('0x10', -32), /bad address/);
  const modules = new ModuleTable();
  modules.update([{ id: '147', url: QJS, size: 1, importedFunctions: 0, functions: 0, memories: 1, globals: 1 }]);
  assert.equal(modules.ordinal('147'), 0);
  assert.equal(modules.ordinal('200'), 1);
  assert.equal(modules.id(1), '200');
  assert.throws(() => modules.id(5), /no Wasm module/);
});

test('disassemble: query from a DAP request, instructions with symbols, invalid padding', () => {
  const modules = new ModuleTable();
  modules.ordinal('147');
  assert.deepEqual(disassembleQuery({ memoryReference: '0x100', offset: 4, instructionOffset: -2, instructionCount: 5 }, modules), {
    module: '147', ordinal: 0, pc: 0x104, instructionOffset: -2, count: 5,
  });
  const out = toDisassembledInstructions([
    null,
    { offset: 10, text: 'global.get $global0', funcIndex: 3, symbol: '$func3', header: '(func $func3)' },
    { offset: 12, text: 'i32.const 16', funcIndex: 3 },
    null,
  ], 0);
  assert.deepEqual(out, [
    { address: '0x00000009', instruction: '', presentationHint: 'invalid' },
    { address: '0x0000000a', instruction: 'global.get $global0', symbol: '$func3' },
    { address: '0x0000000c', instruction: 'i32.const 16' },
    { address: '0x0000000d', instruction: '', presentationHint: 'invalid' },
  ]);
});

test('memory: references with offsets, base64 bodies, unreadable tails', () => {
  assert.deepEqual(readMemoryQuery({ memoryReference: '0x1000', offset: -16, count: 32 }), { address: 0xff0, count: 32 });
  assert.deepEqual(readMemoryBody({ address: 0xff0, data: 'AAEC', unreadable: 0 }), { address: '0xff0', data: 'AAEC' });
  assert.deepEqual(readMemoryBody({ address: 16, data: '', unreadable: 8 }), { address: '0x10', data: '', unreadableBytes: 8 });
  assert.deepEqual(writeMemoryQuery({ memoryReference: '0x20', data: 'AQID' }), { address: 0x20, data: 'AQID' });
  assert.throws(() => readMemoryQuery({ memoryReference: '0x1', offset: -2, count: 1 }), /bad memory reference/);
});

test('Wasm scopes and variables', () => {
  const refs: unknown[] = [];
  const scopes = wasmScopes({ index: 3, module: '147' }, (s) => refs.push(s) + 100, { locals: 2 });
  assert.deepEqual(scopes.map((s) => [s.name, s.variablesReference, s.presentationHint]), [
    ['Locals', 101, 'locals'], ['Operand Stack', 102, undefined], ['Globals', 103, undefined], ['Module', 104, undefined],
  ]);
  assert.equal(scopes[0].namedVariables, 2);
  assert.deepEqual(refs[1], { kind: 'stack', frame: 3, module: '147' });
  const state = {
    locals: [{ name: '$var0', type: 'i32', value: -1 }, { name: '$var1', type: 'i64', value: '-2' }, { name: '$var2', type: 'f64', value: 1.5 }],
    stack: [{ name: '0', type: 'i32', value: 5 }, { name: '1', type: 'i32', value: 6 }],
    globals: [{ name: '$global0', type: 'i32', value: 5332928 }],
  };
  const locals = wasmVariables('locals', state, undefined);
  assert.deepEqual(locals.map((v) => v.value), ['-1 (0xffffffff)', '-2 (0xfffffffffffffffe)', '1.5']);
  assert.equal(locals[0].memoryReference, '0xffffffff');
  assert.equal(locals[2].memoryReference, undefined);
  assert.deepEqual(wasmVariables('stack', state, undefined).map((v) => [v.name, v.value]), [['[0]', '6 (0x6)'], ['[1]', '5 (0x5)']]);
  assert.equal(wasmVariables('module', undefined, { id: '1', url: QJS, size: 10, importedFunctions: 2, functions: 3, memories: 1, globals: 1 })[2].value, '3 defined, 2 imported');
  assert.equal(formatWasmValue({ name: 'x', type: 'externref', value: null }), 'undefined');
});

test('instruction breakpoints', () => {
  const modules = new ModuleTable();
  modules.ordinal('147');
  const q = instructionBreakpointQuery({ breakpoints: [{ instructionReference: '0x00000100', offset: 2 }, { instructionReference: '0x10' }] }, modules);
  assert.deepEqual(q, [{ module: '147', pc: 0x102 }, { module: '147', pc: 0x10 }]);
  assert.deepEqual(instructionBreakpointResults(q, [{ verified: true, pc: 0x103 }, { verified: false, message: 'no code' }], modules), [
    { verified: true, instructionReference: '0x00000103' },
    { verified: false, message: 'no code' },
  ]);
});
