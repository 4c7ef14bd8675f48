// Mixed stacks (issue #4) through the real adapter: a script stop also shows the interpreter's
// Wasm frames and the host's JS frames; Wasm frames disassemble, have scopes and memory.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { sample } from './dap-client.js';
import { describeEachEngine, fixture, launch, scopes, stack, valueMap, vars, withSession, type Session } from './helpers.js';

const T = { timeout: 90_000 };

// QuickJS's JSStackFrame (frame-memory.md, the same on both engines): cur_func is the JSValue at +8
// (an object: tag -1 in its high word), arg_buf the pointer at +16; an int JSValue is 8 bytes, the
// int in the low word and tag 0 in the high word.
const CUR_FUNC = 8;
const ARG_BUF = 16;

/** Whether some i32 local of the Wasm frame points at a JSStackFrame whose first argument is the int `n`. */
async function runsFrameWithArg(s: Session, wasmFrame: DebugProtocol.StackFrame, n: number): Promise<boolean> {
  const locals = await vars(s, (await scopes(s, wasmFrame.id))[0].variablesReference);
  for (const local of locals) {
    if (!local.memoryReference || Number(local.memoryReference) < 0x1000) continue;
    const read = async (ref: string, offset: number, count: number) =>
      Buffer.from((await s.dc.customRequest('readMemory', { memoryReference: ref, offset, count })).body.data ?? '', 'base64');
    // Any i32 may point somewhere whose +16 leads to the int n (a pointer into an operand stack, say):
    // a frame also holds its running function there.
    const frame = await read(local.memoryReference, CUR_FUNC, ARG_BUF + 4 - CUR_FUNC);
    if (frame.length < 12 || frame.readInt32LE(4) !== -1) continue;
    const argBuf = frame.subarray(ARG_BUF - CUR_FUNC);
    if (argBuf.readUInt32LE(0) < 0x1000) continue;
    const value = await read('0x' + argBuf.readUInt32LE(0).toString(16), 0, 8);
    if (value.length === 8 && value.readInt32LE(0) === n && value.readInt32LE(4) === 0) return true;
  }
  return false;
}

describeEachEngine('mixed stacks', T, (engine) => {
  it('each script frame sits directly above the interpreter call that runs it (recursive fib, 3 deep)', T, async () => {
    await withSession(engine, async (s) => {
      await launch(s, { program: fixture('mixed-fib.js'), breakpoints: [5], extra: { mixedStack: true } });
      assert.equal((await s.events.stopped()).body.reason, 'breakpoint');
      const frames = await stack(s);
      const names = frames.map((f) => (f.instructionPointerReference ? `w:${f.name}` : f.name));
      const script = frames.filter((f) => f.source?.path?.endsWith('mixed-fib.js'));
      assert.deepEqual(script.map((f) => f.name), ['fib', 'fib', 'fib', '(program)'], names.join(' < '));
      assert.equal(frames[0], script[0], `the stopped frame is on top (the stop's own calls hidden): ${names.join(' < ')}`);
      // Directly below each script frame: a Wasm frame of the interpreter's call loop, the same function for all.
      const owners = script.map((f) => frames[frames.indexOf(f) + 1]);
      assert.ok(owners.every((w) => w?.instructionPointerReference), `a Wasm frame right below each script frame: ${names.join(' < ')}`);
      assert.equal(new Set(owners.map((w) => w.name)).size, 1, `one interpreter function runs them all: ${owners.map((w) => w.name).join(', ')}`);
      // Between fib(1) and fib(2), fib(2) and fib(3), fib(3) and the program: only that one call.
      for (let k = 0; k + 1 < script.length; k++) {
        assert.equal(frames.indexOf(script[k + 1]) - frames.indexOf(script[k]), 2, `one Wasm frame between script frames: ${names.join(' < ')}`);
      }
      // Checked through memory, not names: the Wasm frame below fib(n) holds the JSStackFrame whose argument is n.
      for (const [k, n] of [1, 2, 3].entries()) {
        assert.equal(valueMap(await vars(s, (await scopes(s, script[k].id))[0].variablesReference)).n, String(n));
        assert.ok(await runsFrameWithArg(s, owners[k], n), `the Wasm frame below fib(${n}) runs fib(${n})`);
        // An activation may also hold its caller's frame (QuickJS-ng keeps the previous frame pointer
        // in a local), never its callee's.
        if (n > 1) assert.ok(!(await runsFrameWithArg(s, owners[k], n - 1)), `and not its callee fib(${n - 1})'s frame`);
      }
      await s.dc.setBreakpointsRequest({ source: { path: fixture('mixed-fib.js') }, breakpoints: [] });
      await s.dc.continueRequest({ threadId: 1 });
      await s.events.next('terminated');
      assert.match(s.events.text('stdout'), /fib 2/);
    });
  });

  it('a script stop shows script, Wasm and host frames; Wasm frames disassemble and read memory', T, async () => {
    const program = sample('closures.js');
    await withSession(engine, async (s) => {
      await launch(s, { program, breakpoints: [16], extra: { mixedStack: true } });
      const stopped = await s.events.stopped();
      assert.equal(stopped.body.reason, 'breakpoint');
      const frames = await stack(s);
      const names = frames.map((f) => f.name);
      assert.equal(names[0], 'inner', `the stopped frame on top: ${names.join(' < ')}`);
      const wasm = frames.filter((f) => f.instructionPointerReference);
      assert.deepEqual(frames.filter((f) => f.source?.path === program).map((f) => f.name), ['inner', 'outer', '(program)'], names.join(' < '));
      assert.ok(wasm.length > 0, `Wasm frames with instruction pointers: ${names.join(' < ')}`);
      assert.ok(wasm.every((f) => f.name.length > 0), 'Wasm frames are named: ' + wasm.map((f) => f.name).join(', '));
      // Host frames: nestdbg's own runner, below the interpreter (with its .ts through dist's source maps).
      const host = frames.filter((f) => !f.instructionPointerReference && f.presentationHint !== 'label' && f.source?.path && !f.source.path.endsWith('closures.js'));
      assert.ok(host.length > 0, `host JS frames below the Wasm ones: ${names.join(' < ')}`);
      const firstHost = frames.indexOf(host[0]);
      assert.ok(frames.indexOf(wasm[wasm.length - 1]) < firstHost, 'every Wasm frame sits above the host frames');
      assert.ok(host.every((f) => /\.(ts|js)$/.test(f.source!.path!) && f.line > 0), host.map((f) => `${f.source?.path}:${f.line}`).join(', '));

      const top = wasm[0];
      const dis = await s.dc.customRequest('disassemble', { memoryReference: top.instructionPointerReference, instructionOffset: -2, instructionCount: 8 });
      const instructions = dis.body.instructions as Array<{ address: string; instruction: string }>;
      assert.equal(instructions.length, 8);
      assert.ok(instructions.some((i) => i.address === top.instructionPointerReference), 'the frame pc is among the instructions');
      assert.ok(instructions.every((i) => i.instruction.length > 0), 'real instructions around the pc: ' + instructions.map((i) => i.instruction).join('; '));

      const sc = await scopes(s, top.id);
      assert.deepEqual(sc.map((x) => x.name), ['Locals', 'Operand Stack', 'Globals', 'Module']);
      const locals = await vars(s, sc[0].variablesReference);
      assert.ok(locals.length > 0, 'a Wasm frame has locals');
      // An i32 local that points into linear memory (the interpreter passes its state by pointer).
      const pointer = locals.find((v) => v.memoryReference && Number(v.memoryReference) >= 0x1000 && Number(v.memoryReference) < 0x80000000);
      assert.ok(pointer, `a pointer-like i32 local: ${locals.map((v) => `${v.name}=${v.value}`).join(', ')}`);
      const pointed = await s.dc.customRequest('readMemory', { memoryReference: pointer.memoryReference, count: 16 });
      assert.equal(Number(pointed.body.address), Number(pointer.memoryReference));
      assert.equal(Buffer.from(pointed.body.data, 'base64').length, 16);
      assert.equal(pointed.body.unreadableBytes, undefined);

      // The script frames still inspect as usual.
      const scriptScopes = await scopes(s, frames[0].id);
      assert.equal(scriptScopes[0].name, 'Local');

      // A host frame has its JS scopes and values, and evaluates in the host's realm.
      const hostScopes = await scopes(s, host[0].id);
      assert.ok(hostScopes.some((x) => x.name === 'Local') && hostScopes.some((x) => x.name === 'Global'), hostScopes.map((x) => x.name).join(', '));
      const hostLocals = await vars(s, hostScopes.find((x) => x.name === 'Local')!.variablesReference);
      assert.ok(hostLocals.length > 0, 'the host frame has locals');
      const evaluated = await s.dc.evaluateRequest({ expression: 'typeof process.pid', frameId: host[0].id, context: 'repl' });
      assert.equal(evaluated.body.result, "'number'", 'evaluate in a host frame reaches Node');

      // 64 bytes of linear memory.
      const mem = await s.dc.customRequest('readMemory', { memoryReference: '0x1000', count: 64 });
      assert.equal(Buffer.from(mem.body.data, 'base64').length, 64);

      // One instruction step: a Wasm-level stop in the innermost Wasm frame shown (inner's
      // interpreter call), at its next instruction (instruction-step/mixed.test.ts has the rest).
      await s.dc.nextRequest({ threadId: 1, granularity: 'instruction' });
      assert.equal((await s.events.stopped()).body.reason, 'step');
      const stepped = (await stack(s)).filter((f) => f.instructionPointerReference);
      assert.equal(stepped[0].name, top.name, 'inner\'s interpreter call is the top frame');
      assert.ok(Number(stepped[0].instructionPointerReference) > Number(top.instructionPointerReference), 'its pc advanced');
      // Another instruction: the pc of the top frame advances within its function.
      await s.dc.nextRequest({ threadId: 1, granularity: 'instruction' });
      assert.equal((await s.events.stopped()).body.reason, 'step');
      const again = (await stack(s)).find((f) => f.instructionPointerReference)!;
      assert.equal(again.name, stepped[0].name, 'still in the same function');
      assert.ok(Number(again.instructionPointerReference) > Number(stepped[0].instructionPointerReference), `pc advanced from ${stepped[0].instructionPointerReference} to ${again.instructionPointerReference}`);

      // The interpreter loop (QuickJS's JS_CallInternal): the Wasm function active at least once per
      // script call, so the most frequent one on the stack. An instruction breakpoint at the pc of
      // its innermost activation is hit when that activation resumes, on the way to the next stop.
      const counts = new Map<string, number>();
      for (const f of wasm) counts.set(f.name, (counts.get(f.name) ?? 0) + 1);
      const [loopName, loopCount] = [...counts].sort((a, b) => b[1] - a[1])[0];
      assert.ok(loopCount >= 3, `the interpreter loop is active once per script frame at least: ${loopName} ×${loopCount}`);
      const loop = wasm.find((f) => f.name === loopName)!;
      const set = await s.dc.customRequest('setInstructionBreakpoints', { breakpoints: [{ instructionReference: loop.instructionPointerReference }] });
      assert.equal(set.body.breakpoints[0].verified, true);

      // Continue: back to the script level (the next breakpoint, inner(2)), through the instruction stop.
      let instructionStops = 0;
      for (let i = 0; i < 50; i++) {
        await s.dc.continueRequest({ threadId: 1 });
        const next = await s.events.stopped();
        if (next.body.reason === 'breakpoint') break;
        assert.equal(next.body.reason, 'instruction breakpoint');
        instructionStops++;
        const stoppedAt: DebugProtocol.StackFrame | undefined = (await stack(s)).find((f) => f.instructionPointerReference);
        assert.equal(stoppedAt?.instructionPointerReference, loop.instructionPointerReference, 'stopped at the instruction breakpoint');
        await s.dc.customRequest('setInstructionBreakpoints', { breakpoints: [] });
      }
      assert.equal(instructionStops, 1, 'the instruction breakpoint was hit once, then removed');
      assert.deepEqual((await stack(s)).filter((f) => f.source?.path === program).slice(0, 2).map((f) => [f.name, f.line]), [['inner', 16], ['outer', 19]]);
      await s.dc.continueRequest({ threadId: 1 });
      await s.events.next('terminated');
    });
  });
});
