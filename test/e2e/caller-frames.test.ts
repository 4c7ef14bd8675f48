// End-to-end: callers' bindings at a stop come from QuickJS's frames in memory (no reader was
// passed): the right copy of a block-scoped name, frames that entered before anything was armed,
// evaluate and setVariable in them.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { closeSession, describeEachEngine, fixture, launch, openSession, scopes, stack, step, type Session, valueMap, vars } from './helpers.js';

const T = { timeout: 60_000 };

async function localsOf(s: Session, frame: DebugProtocol.StackFrame): Promise<Record<string, string>> {
  const sc = await scopes(s, frame.id);
  assert.equal(sc[0].name, 'Local', `${frame.name}: ${sc.map((x) => x.name)}`);
  return valueMap(await vars(s, sc[0].variablesReference));
}

describeEachEngine('callers read from frame memory', T, (engine) => {
  it('shows the right copy of a shadowed name, and reads, evaluates and sets in a frame that entered idle', T, async () => {
    const program = fixture('caller-frames.js');
    let s: Session | undefined;
    try {
      s = await openSession(engine);
      await launch(s, { program, breakpoints: [3] });
      // shadow() is merely armed (no reader at its call); its loop body's `x` is the one it sees.
      for (const i of [0, 1]) {
        await s.events.stopped();
        const frames = await stack(s);
        assert.deepEqual(frames.map((f) => [f.name, f.line]), [['leaf', 3], ['shadow', 10], ['(program)', 32]]);
        assert.deepEqual(await localsOf(s, frames[1]), { x: `'loop-x${i}'`, i: String(i) });
        const r = await s.dc.evaluateRequest({ expression: 'x + ":" + i', frameId: frames[1].id, context: 'repl' });
        assert.equal(r.body.result, `'loop-x${i}:${i}'`);
        if (i === 1) await s.dc.setBreakpointsRequest({ source: { path: program }, breakpoints: [] });
        await s.dc.continueRequest({ threadId: 1 });
      }

      // Nothing armed: idleCaller runs its plain copy; a pause stops in spin() under it.
      await s.events.next<DebugProtocol.OutputEvent>('output', (e) => e.body.output.includes('spinning'));
      await s.dc.pauseRequest({ threadId: 1 });
      assert.equal((await s.events.stopped()).body.reason, 'pause');
      const frames = await stack(s);
      assert.deepEqual(frames.map((f) => [f.name, f.line]), [['spin', 18], ['idleCaller', 27], ['(program)', 34]]);
      assert.deepEqual(await localsOf(s, frames[1]), { limit: '100', label: "'caller'", total: '0', inner: '5' });
      const r = await s.dc.evaluateRequest({ expression: 'label + inner', frameId: frames[1].id, context: 'repl' });
      assert.equal(r.body.result, "'caller5'");
      const local = (await scopes(s, frames[1].id))[0];
      const set = await s.dc.setVariableRequest({ variablesReference: local.variablesReference, name: 'inner', value: '37' });
      assert.equal(set.body.value, '37');
      await s.dc.evaluateRequest({ expression: 'stop = true', frameId: frames[0].id, context: 'repl' });
      assert.equal(await step(s, 'continue'), undefined, 'runs to the end');
      assert.match(s.events.text('stdout'), /result 137\n/, 'the program saw the value set in its frame');
    } finally {
      await closeSession(s);
    }
  });
});
