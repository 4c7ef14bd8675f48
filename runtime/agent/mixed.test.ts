// Mixed mode through the real channel: a fake producer stops from inside a real quickjs-emscripten
// host call (fixtures/mixed-producer); with mixed mode on, the stop is a V8 pause whose stack holds
// the hook, QuickJS's Wasm and the host app's frames, and producer calls are still served.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { AbiError, type StopEvent } from '../../abi/index.js';
import { launchDebuggee } from '../launcher.js';
import type { WasmStopEvent } from './wasm-protocol.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/mixed-producer.js', import.meta.url));

test('mixed stops: merged V8 stack, producer calls via the hook frame, Wasm state, instruction step, turning mixed off mid-stop', { timeout: 60_000 }, async (t) => {
  const conn = await launchDebuggee({ entry: FIXTURE });
  // A failure or timeout must not leave the debuggee keeping the test runner alive.
  t.after(() => conn.kill());
  let stdout = '';
  let output = '';
  conn.on('stdout', (t) => (stdout += t));
  conn.on('output', (e) => (output += e.text));
  const exited = once(conn, 'exit');
  await once(conn, 'scriptLoaded');
  // Enabling the Debugger domain works while the main thread is blocked in scriptLoaded.
  assert.deepEqual(await conn.wasm('setMixed', true), { enabled: true });
  const modules = await conn.wasm('modules');
  assert.equal(modules.length, 1);
  assert.ok(modules[0].functions > 500 && modules[0].memories === 1);
  const stop1 = once(conn, 'stopped');
  conn.resume();

  // ---- stop 1: a mixed stop.
  const [event, mixed] = (await stop1) as [StopEvent, boolean];
  assert.equal(event.position.line, 3);
  assert.equal(mixed, true);
  // Producer calls are served through evaluateOnCallFrame on the trampoline's frame...
  assert.deepEqual((await conn.call('frames')).map((f) => f.name), ['inner', 'outer', '(program)']);
  // ...including ones that re-enter QuickJS.
  assert.equal((await conn.call('evaluate', 0, '6 * 7', 'repl')).display, '42');
  await assert.rejects(conn.call('evaluate', 0, 'nope(', 'repl'), (e: unknown) => e instanceof AbiError);

  const frames = await conn.wasm('frames');
  const roles = frames.map((f) => f.role[0]).join('');
  // hook frames, then Wasm, then glue and host JS (runHostApp) below.
  assert.match(roles, /^h+w+[gh]+$/, roles);
  assert.ok(frames.some((f) => f.role === 'hook' && f.name === 'nestdbgMixedStop'));
  const host = frames.find((f) => f.role === 'host' && f.name === 'runHostApp');
  assert.ok(host && host.url.endsWith('/mixed-producer.js') && host.line! > 1, JSON.stringify(host));
  assert.ok(frames.some((f) => f.role === 'glue' && /quickjs-emscripten/.test(f.url)));
  const wasmFrames = frames.filter((f) => f.kind === 'wasm');
  assert.ok(wasmFrames.every((f) => f.module === modules[0].id && f.funcIndex! >= modules[0].importedFunctions && f.pc! > 0));

  const top = wasmFrames[0];
  const state = await conn.wasm('frameState', top.index);
  assert.ok(state.locals.length > 0 && state.globals.length > 0);
  const sp = state.globals[0].value as number;
  const mem = await conn.wasm('readMemory', undefined, sp, 16);
  assert.equal(Buffer.from(mem.data, 'base64').length, 16);
  assert.equal(mem.unreadable, 0);
  const scratch = sp - 256;
  const saved = (await conn.wasm('readMemory', top.index, scratch, 4)).data;
  assert.deepEqual(await conn.wasm('writeMemory', top.index, scratch, Buffer.from([9, 8, 7, 6]).toString('base64')), { bytesWritten: 4 });
  assert.equal((await conn.wasm('readMemory', top.index, scratch, 4)).data, Buffer.from([9, 8, 7, 6]).toString('base64'));
  await conn.wasm('writeMemory', top.index, scratch, saved);

  // Disassembly around a caller frame's pc: the call instruction is at the pc.
  const around = await conn.wasm('disassemble', top.module!, top.pc!, -2, 5);
  assert.equal(around.length, 5);
  assert.equal(around[2]!.offset, top.pc);
  assert.match(around[2]!.text, /^call/);
  assert.ok(around[0]!.offset < around[1]!.offset && around[1]!.offset < around[2]!.offset);
  const entry = await conn.wasm('functionEntry', top.module!, top.funcIndex!);
  const first = await conn.wasm('disassemble', top.module!, entry, 0, 1);
  assert.equal(first[0]!.symbol, `$func${top.funcIndex}`);
  assert.match(first[0]!.header!, /^\(func /);
  const stop2 = once(conn, 'stopped');
  conn.resume({ tag: 'run' });

  // ---- stop 2: an instruction step from the mixed stop lands in the Wasm that called the host.
  const [, mixed2] = (await stop2) as [StopEvent, boolean];
  assert.equal(mixed2, true);
  const callerPc = (await conn.wasm('frames')).find((f) => f.kind === 'wasm')!;
  // (Listen before calling: the reply and the event may arrive in one read.)
  const stepped = once(conn, 'wasmStopped');
  await conn.wasm('step', 'into');
  const [stepEvent] = (await stepped) as [WasmStopEvent];
  assert.equal(stepEvent.reason, 'step');
  const afterStep = await conn.wasm('frames');
  assert.equal(afterStep[0].kind, 'wasm');
  assert.equal(afterStep[0].funcIndex, callerPc.funcIndex);
  assert.ok(afterStep[0].pc! > callerPc.pc!, 'the step stops after the call instruction');
  // At a Wasm pause, guest state is off limits: producer calls are refused.
  await assert.rejects(conn.call('frames'), /paused inside WebAssembly/);
  // An instruction breakpoint at the entry of the caller's function: hit on the next inner() call.
  const callerEntry = await conn.wasm('functionEntry', callerPc.module!, callerPc.funcIndex!);
  const [bp] = await conn.wasm('setInstructionBreakpoints', [{ module: callerPc.module!, pc: callerEntry }]);
  assert.deepEqual(bp, { verified: true, pc: callerEntry });
  const hit = once(conn, 'wasmStopped');
  await conn.wasm('continue');
  const [bpEvent] = (await hit) as [WasmStopEvent];
  assert.deepEqual(bpEvent, { reason: 'breakpoint', breakpoints: [{ module: callerPc.module, pc: callerEntry }] });
  assert.equal((await conn.wasm('frames'))[0].pc, callerEntry);
  await conn.wasm('setInstructionBreakpoints', []);
  const stop3 = once(conn, 'stopped');
  await conn.wasm('continue');

  // ---- stop 3: turning mixed mode off mid-stop ends the V8 pause; the stop goes on the ordinary way.
  const [, mixed3] = (await stop3) as [StopEvent, boolean];
  assert.equal(mixed3, true);
  assert.deepEqual(await conn.wasm('setMixed', false), { enabled: false });
  assert.equal((await conn.call('evaluate', 0, '"plain " + (1 + 1)', 'repl')).display, 'plain 2');
  await assert.rejects(conn.wasm('frames'), /not paused/);
  conn.resume({ tag: 'step', val: 'over' });

  await exited;
  assert.equal(output, 'actions run,run,step-over\n');
  assert.equal(stdout, 'done\n');
});
