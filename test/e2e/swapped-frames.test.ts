// End-to-end: a frame that entered before its function was swapped for its instrumented sibling
// (swap-siblings.ts) runs the code it entered with; positions reported from it (its stack frame,
// its console calls' locations) are that code's, not the code the function points at now.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { closeSession, describeEachEngine, fixture, launch, lineContaining, openSession, stack, step, type Session } from './helpers.js';

const T = { timeout: 60_000 };
const program = fixture('swapped-output.js');
const at = (text: string) => lineContaining(program, text);

describeEachEngine('frames that entered before a swap', T, (engine) => {
  it('report their own lines in the stack and in console output', T, async () => {
    let s: Session | undefined;
    try {
      s = await openSession(engine);
      await launch(s, { program });
      // Nothing armed: idleCaller runs its plain code; the pause arms (swaps) it while it is in spin().
      await s.events.next<DebugProtocol.OutputEvent>('output', (e) => e.body.output.includes('spinning'));
      await s.dc.pauseRequest({ threadId: 1 });
      assert.equal((await s.events.stopped()).body.reason, 'pause');
      const frames = await stack(s);
      assert.deepEqual(frames.slice(0, 3).map((f) => [f.name, f.line]), [['spin', at('while (!stop)')], ['idleCaller', at('spin();')], ['deep', at('deep(n - 1)')]]);
      assert.deepEqual(frames.slice(-2).map((f) => [f.name, f.line]), [['deep', at('deep(n - 1)')], ['(program)', at('deep(12);')]]);
      assert.equal(frames.length, 16);
      await s.dc.evaluateRequest({ expression: 'stop = true', frameId: frames[0].id, context: 'repl' });
      // A breakpoint keeps idleCaller swapped after the pause ends.
      await s.dc.setBreakpointsRequest({ source: { path: program }, breakpoints: [{ line: at('return 0;') }] });
      assert.equal(await step(s, 'continue'), undefined, 'runs to the end');
      const after = s.events.of<DebugProtocol.OutputEvent>('output').find((e) => e.body.output === 'after spin\n');
      assert.ok(after, 'printed');
      assert.equal(after.body.line, at("console.log('after spin')"), 'the console call is located in the code the frame runs');
    } finally {
      await closeSession(s);
    }
  });
});
