// Mixed stacks (issue #4) through the real adapter: a script stop also shows the interpreter's
// Wasm frames and the host's JS frames; Wasm frames disassemble, have scopes and memory.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { sample } from './dap-client.js';
import { closeSession, describeEachEngine, launch, openSession, scopes, stack, type Session, vars } from './helpers.js';

const T = { timeout: 90_000 };

describeEachEngine('mixed stacks', T, (engine) => {
  it('a script stop shows script, Wasm and host frames; Wasm frames disassemble and read memory', T, async () => {
    const program = sample('closures.js');
    let s: Session | undefined;
    try {
      s = await openSession(engine);
      await launch(s, { program, breakpoints: [16], extra: { mixedStack: true } });
      const stopped = await s.events.stopped();
      assert.equal(stopped.body.reason, 'breakpoint');
      const frames = await stack(s);
      const names = frames.map((f) => f.name);
      assert.deepEqual(names.slice(0, 3), ['inner', 'outer', '(program)'], `script frames first: ${names.join(' < ')}`);
      const wasm = frames.filter((f) => f.instructionPointerReference);
      assert.ok(wasm.length > 0, `Wasm frames with instruction pointers: ${names.join(' < ')}`);
      assert.ok(wasm.every((f) => f.name.length > 0), 'Wasm frames are named: ' + wasm.map((f) => f.name).join(', '));
      const host = frames.filter((f) => !f.instructionPointerReference && f.source?.path?.endsWith('.js') && !f.source.path.endsWith('closures.js'));
      assert.ok(host.length > 0, `host JS frames below the Wasm ones: ${names.join(' < ')}`);

      const top = wasm[0];
      const dis = await s.dc.customRequest('disassemble', { memoryReference: top.instructionPointerReference, instructionOffset: -2, instructionCount: 8 });
      const instructions = dis.body.instructions as Array<{ address: string; instruction: string }>;
      assert.equal(instructions.length, 8);
      assert.ok(instructions.some((i) => i.address === top.instructionPointerReference), 'the frame pc is among the instructions');

      const sc = await scopes(s, top.id);
      assert.deepEqual(sc.map((x) => x.name), ['Locals', 'Operand Stack', 'Globals', 'Module']);
      const locals = await vars(s, sc[0].variablesReference);
      assert.ok(locals.length > 0, 'a Wasm frame has locals');
      const pointer = locals.find((v) => v.memoryReference);
      if (pointer) {
        const mem = await s.dc.customRequest('readMemory', { memoryReference: pointer.memoryReference, count: 16 });
        assert.ok(typeof mem.body.address === 'string');
      }

      // The script frames still inspect as usual.
      const scriptScopes = await scopes(s, frames[0].id);
      assert.equal(scriptScopes[0].name, 'Local');

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

      // An instruction breakpoint at the interpreter loop's current pc is hit again on the way.
      const loop = frames.find((f) => f.instructionPointerReference && f.name.startsWith('$func221'));
      if (loop) {
        const set = await s.dc.customRequest('setInstructionBreakpoints', { breakpoints: [{ instructionReference: loop.instructionPointerReference }] });
        assert.equal(set.body.breakpoints[0].verified, true);
      }

      // Continue: back to the script level (the next breakpoint, inner(2)), through any Wasm stops.
      let instructionStops = 0;
      for (let i = 0; i < 50; i++) {
        await s.dc.continueRequest({ threadId: 1 });
        const next = await s.events.stopped();
        if (next.body.reason === 'breakpoint') break;
        assert.equal(next.body.reason, 'instruction breakpoint');
        instructionStops++;
        await s.dc.customRequest('setInstructionBreakpoints', { breakpoints: [] });
      }
      if (loop) assert.ok(instructionStops > 0, 'the instruction breakpoint was hit');
      assert.deepEqual((await stack(s)).slice(0, 2).map((f) => [f.name, f.line]), [['inner', 16], ['outer', 19]]);
      await s.dc.continueRequest({ threadId: 1 });
      await s.events.next('terminated');
    } finally {
      await closeSession(s);
    }
  });
});
