// Instruction steps from a script stop (mixed mode, issue #4): they step in the innermost Wasm frame
// the stack shows, the interpreter call running the stopped script frame, not in the hidden frames
// above it that made the stop. into and over: that frame's next instruction (the call it is in is
// the debugger's own stop); out: the instruction after the call in the Wasm frame below it.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { describeEachEngine, fixture, launch, stack, withSession, type Session } from '../helpers.js';

const T = { timeout: 90_000 };
const FIB = fixture('mixed-fib.js');

const isWasm = (f: DebugProtocol.StackFrame) => f.instructionPointerReference !== undefined;
const show = (frames: DebugProtocol.StackFrame[]) => frames.map((f) => (isWasm(f) ? `${f.name}@${f.instructionPointerReference}` : f.name)).join(' < ');

/** The address of the instruction after the one at `address`. */
async function nextInstruction(s: Session, address: string): Promise<string> {
  const r = await s.dc.customRequest('disassemble', { memoryReference: address, instructionOffset: 0, instructionCount: 2 });
  const [at, next] = r.body.instructions as Array<{ address: string }>;
  assert.equal(at.address, address);
  return next.address;
}

/** One instruction step from the script stop at fib(1); checks the top Wasm frame is `expected`'s function at its next instruction, the frames below unchanged. */
async function stepFromScriptStop(s: Session, kind: 'next' | 'stepIn' | 'stepOut'): Promise<void> {
  const before = await stack(s);
  assert.equal(before[0].name, 'fib', show(before));
  const wasm = before.filter(isWasm);
  // The interpreter call running fib(1) is the first Wasm frame shown; out: the one below it.
  const from = kind === 'stepOut' ? 1 : 0;
  const expected = wasm[from];
  assert.equal(before[1], wasm[0], `the interpreter call running fib sits right below it: ${show(before)}`);
  const target = await nextInstruction(s, expected.instructionPointerReference!);
  const args = { threadId: 1, granularity: 'instruction' as const };
  if (kind === 'next') await s.dc.nextRequest(args);
  else if (kind === 'stepIn') await s.dc.stepInRequest(args);
  else await s.dc.stepOutRequest(args);
  assert.equal((await s.events.stopped()).body.reason, 'step');
  const after = await stack(s);
  assert.equal(`${after[0].name}@${after[0].instructionPointerReference}`, `${expected.name}@${target}`, `${show(before)}\n  stepped to\n${show(after)}`);
  // Below it, the same Wasm activations at the same pcs as before.
  const below = (frames: DebugProtocol.StackFrame[]) => frames.filter(isWasm).map((f) => `${f.name}@${f.instructionPointerReference}`);
  assert.deepEqual(below(after).slice(1), below(before).slice(from + 1));
}

describeEachEngine('instruction steps from a script stop', T, (engine) => {
  for (const kind of ['next', 'stepIn', 'stepOut'] as const) {
    it(`${kind} steps in the interpreter call the stack shows, then continue goes back to the script level`, T, async () => {
      await withSession(engine, async (s) => {
        await launch(s, { program: FIB, breakpoints: [5], extra: { mixedStack: true } });
        assert.equal((await s.events.stopped()).body.reason, 'breakpoint');
        await stepFromScriptStop(s, kind);
        // The program goes on: the breakpoint's next hit (fib(0) under fib(2)) is a script stop again.
        await s.dc.continueRequest({ threadId: 1 });
        assert.equal((await s.events.stopped()).body.reason, 'breakpoint');
        assert.equal((await stack(s))[0].name, 'fib');
        await s.dc.setBreakpointsRequest({ source: { path: FIB }, breakpoints: [] });
        await s.dc.continueRequest({ threadId: 1 });
        await s.events.next('terminated');
        assert.match(s.events.text('stdout'), /fib 2/);
      });
    });
  }
});
