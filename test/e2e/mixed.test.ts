// Mixed stacks (issue #4) through the real adapter: a script stop also shows the interpreter's
// Wasm frames and the host's JS frames; Wasm frames disassemble, have scopes and memory.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { sample } from './dap-client.js';
import { describeEachEngine, launch, scopes, stack, vars, withSession } from './helpers.js';

const T = { timeout: 90_000 };

describeEachEngine('mixed stacks', T, (engine) => {
  it('a script stop shows script, Wasm and host frames; Wasm frames disassemble and read memory', T, async () => {
    const program = sample('closures.js');
    await withSession(engine, async (s) => {
      await launch(s, { program, breakpoints: [16], extra: { mixedStack: true } });
      const stopped = await s.events.stopped();
      assert.equal(stopped.body.reason, 'breakpoint');
      const frames = await stack(s);
      const names = frames.map((f) => f.name);
      assert.deepEqual(names.slice(0, 3), ['inner', 'outer', '(program)'], `script frames first: ${names.join(' < ')}`);
      const wasm = frames.filter((f) => f.instructionPointerReference);
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

      // One instruction step: a Wasm-level stop whose top Wasm frame has moved on.
      const before = top.instructionPointerReference!;
      await s.dc.nextRequest({ threadId: 1, granularity: 'instruction' });
      const stepStop = await s.events.stopped();
      assert.equal(stepStop.body.reason, 'step');
      const afterStep = (await stack(s)).find((f) => f.instructionPointerReference);
      assert.ok(afterStep && afterStep.instructionPointerReference !== before, `pc advanced from ${before} to ${afterStep?.instructionPointerReference}`);

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
      assert.deepEqual((await stack(s)).slice(0, 2).map((f) => [f.name, f.line]), [['inner', 16], ['outer', 19]]);
      await s.dc.continueRequest({ threadId: 1 });
      await s.events.next('terminated');
    });
  });
});
