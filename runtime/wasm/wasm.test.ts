// The Wasm-level debug API against real quickjs-emscripten: a child process runs QuickJS on its
// main thread while its worker drives the API through connectToMainThread (fixtures/).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { functionAt, parseWasm } from './binary.js';

const DEBUGGEE = fileURLToPath(new URL('./fixtures/quickjs-debuggee.js', import.meta.url));

function runDriver(driver: string): Promise<Record<string, any>> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [DEBUGGEE, driver], { timeout: 60_000 }, (error, stdout, stderr) => {
      const line = stdout.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(line));
      } catch {
        reject(new Error(`no report (${error?.message})\nstdout: ${stdout}\nstderr: ${stderr}`));
      }
    });
  });
}

test('Wasm API on real QuickJS: modules, pc breakpoint, frames, locals, stack, memory, step, disassembly', { timeout: 90_000 }, async () => {
  const r = await runDriver('wasm-driver');
  assert.equal(r.error, undefined, r.error);
  // The probe's debugger; statement: host JS frames, then QuickJS's Wasm frames, then host JS again.
  assert.equal(r.probeEvent, 'debugger-statement');
  assert.match(r.probeKinds, /^(js)+(wasm)+(js)+$/);
  assert.equal(r.moduleCount, 1);
  assert.equal(r.magic, '\0asm');
  assert.ok(r.functionCount > 500);
  assert.ok(r.namesAgree, 'function indices from the code section agree with V8 names');
  // The breakpoint at the interpreter loop's first instruction is bound there and hit.
  assert.equal(r.boundPc, r.entryPc);
  assert.equal(r.hitEvent, 'breakpoint');
  assert.ok(r.hitAtBreakpoint);
  assert.deepEqual(r.top, { kind: 'wasm', funcIndex: r.target, pc: r.entryPc });
  assert.equal(r.parentKind, 'wasm');
  assert.ok(r.localCount > 0);
  assert.ok(r.localTypes.includes('i32'));
  assert.deepEqual(r.localNames, ['$var0', '$var1']);
  assert.equal(r.entryStack, 0, 'the operand stack is empty at function entry');
  assert.equal(r.global0.type, 'i32');
  assert.ok(r.memoryPages >= 1 && Number.isInteger(r.memoryPages));
  assert.deepEqual(r.memory, { written: 8, after: [1, 2, 3, 4, 5, 6, 7, 8], restored: true });
  assert.equal(r.tail, 4, 'a read past the end of memory is clipped');
  assert.equal(r.u32, 'deadbeef');
  // Single-stepping moves by instruction; the operand stack fills.
  assert.equal(r.stepEvent, 'step');
  assert.ok(r.stepPcs.length >= 1 && r.stepPcs[0] > r.entryPc);
  assert.ok(Array.isArray(r.stackSeen) && r.stackSeen.length > 0);
  assert.match(r.disasm.first, new RegExp(`^\\s*\\(func \\$func${r.target}\\b`));
  assert.ok(r.disasm.hasEntry);
  assert.ok(r.disasm.count > 10);
  assert.match(r.stepLine, /^\s+[a-z0-9_.]+/);
  // Without the breakpoint the program runs to its end: 6 runs of f(3) -> hook(i) + 3.
  assert.equal(r.done, 39);
  assert.equal(r.stillPaused, false);
});

// (module (import "m" "f" (func)) (func (export "add") (param i32 i32) (result i32) (local i64)
//   local.get 0 local.get 1 i32.add) (memory 1))
const ADD = Uint8Array.from([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  0x01, 0x0a, 0x02, 0x60, 0x00, 0x00, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f, // types
  0x02, 0x07, 0x01, 0x01, 0x6d, 0x01, 0x66, 0x00, 0x00, // import m.f: func type 0
  0x03, 0x02, 0x01, 0x01, // one function of type 1
  0x05, 0x03, 0x01, 0x00, 0x01, // memory 1
  0x07, 0x07, 0x01, 0x03, 0x61, 0x64, 0x64, 0x00, 0x01, // export "add" = func 1
  0x0a, 0x0b, 0x01, 0x09, 0x01, 0x01, 0x7e, 0x20, 0x00, 0x20, 0x01, 0x6a, 0x0b, // code
]);

test('binary reader: function bodies, code starts, export names', async () => {
  await WebAssembly.compile(ADD); // the fixture is valid Wasm
  const info = parseWasm(ADD);
  assert.equal(info.importedFunctions, 1);
  assert.equal(info.memories, 1);
  assert.equal(info.functions.length, 1);
  const [f] = info.functions;
  const codeSection = ADD.length - 13;
  assert.deepEqual(f, { index: 1, bodyStart: codeSection + 4, codeStart: codeSection + 7, end: ADD.length });
  assert.equal(ADD[f.codeStart], 0x20); // local.get
  assert.equal(info.names.get(1), 'add');
  assert.equal(functionAt(info, f.codeStart + 2)?.index, 1);
  assert.equal(functionAt(info, 3), undefined);
  assert.throws(() => parseWasm(Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8])), /magic/);
});
