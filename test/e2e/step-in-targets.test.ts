// End-to-end: step-in targets. At a line with several calls the client lists them
// (`stepInTargets`) and steps into the one it picks, past the calls before it; a builtin target is
// an ordinary step in (into the callback it calls); the temporary breakpoint that makes the step
// does not outlive it.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, it } from 'node:test';
import { closeSession, describeEachEngine, fixture, launch, openSession, stack, step, type Session, withSession } from './helpers.js';

const T = { timeout: 60_000 };
const program = fixture('step-targets.js');

describeEachEngine('step-in targets', T, (engine) => {
  let s: Session;
  const targets = async () => (await s.dc.customRequest('stepInTargets', { frameId: (await stack(s))[0].id })).body.targets as Array<{ id: number; label: string; column: number }>;
  const stepInto = async (label: string) => {
    const target = (await targets()).find((t) => t.label === label);
    assert.ok(target, `target ${label}`);
    await s.dc.stepInRequest({ threadId: 1, targetId: target.id });
    const stopped = await s.events.stopped();
    const [top] = await stack(s);
    return { reason: stopped.body.reason, at: `${top.name}:${top.line}`, hit: stopped.body.hitBreakpointIds };
  };

  before(async () => {
    s = await openSession(engine);
    const caps = await s.dc.initializeRequest({ adapterID: 'nestdbg', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' });
    assert.equal(caps.body?.supportsStepInTargetsRequest, true);
    await launch(s, { program, breakpoints: [12] });
    await s.events.stopped();
  });
  after(async () => { await closeSession(s); });

  it('lists the calls of the line, in source order, with their columns', T, async () => {
    assert.deepEqual((await targets()).map((t) => [t.label, t.column]), [['combine', 13], ['double', 21], ['triple', 32]]);
  });

  it('steps into the chosen call, past the ones evaluated before it', T, async () => {
    assert.deepEqual(await stepInto('triple'), { reason: 'step', at: 'triple:6', hit: undefined });
    assert.equal((await s.dc.evaluateRequest({ expression: 'n', context: 'watch', frameId: (await stack(s))[0].id })).body.result, '5');
    await s.dc.stepOutRequest({ threadId: 1 });
    await s.events.stopped();
  });

  it('a builtin target steps into the callback it calls; the temporary breakpoint is gone afterwards', T, async () => {
    // Back on line 12 or 13 after the step out: go to line 13, whose targets are Math.max and map.
    let [top] = await stack(s);
    if (top.line === 12) {
      await s.dc.nextRequest({ threadId: 1 });
      await s.events.stopped();
      [top] = await stack(s);
    }
    assert.equal(top.line, 13);
    assert.deepEqual((await targets()).map((t) => t.label), ['Math.max', 'map']);
    assert.deepEqual(await stepInto('map'), { reason: 'step', at: 'double:3', hit: undefined });
    // Continue: triple runs again (line 17) without stopping at the step's breakpoint, and the program ends.
    await s.dc.continueRequest({ threadId: 1 });
    const end = await s.events.next(['stopped', 'terminated']);
    assert.equal(end.event, 'terminated');
    assert.match(s.events.text('stdout'), /^run 75\nagain 6$/m);
  });

  it('an unknown target id is an error response', T, async () => {
    // The session has ended: any targetId is refused with a message, and the adapter answers.
    await assert.rejects(s.dc.stepInRequest({ threadId: 1, targetId: 99 }), /Unknown step-in target 99|No program/);
  });
});

describeEachEngine('step-in targets of one name, matched by position', T, (engine) => {
  const same = fixture('step-targets-same.js');
  // Each case: a fresh stop at line 9, then a step into the n-th target labelled `inc`.
  for (const [nth, n] of [[0, '1'], [1, '11'], [2, '10']] as const) {
    it(`the ${['first', 'second (outer)', 'third (inner)'][nth]} inc of the line enters inc with n = ${n}`, T, async () => {
      await withSession(engine, async (s) => {
        await launch(s, { program: same, breakpoints: [9] });
        await s.events.stopped();
        const frameId = (await stack(s))[0].id;
        const targets = (await s.dc.stepInTargetsRequest({ frameId })).body.targets;
        assert.deepEqual(targets.map((t) => [t.label, t.line, t.column]), [['inc', 9, 13], ['twice', 9, 22], ['inc', 9, 33], ['inc', 9, 37]]);
        const incs = targets.filter((t) => t.label === 'inc');
        // The second `inc` in source order is the outer one of inc(inc(x * 10)): it runs last.
        const target = [incs[0], incs[1], incs[2]][nth];
        await s.dc.stepInRequest({ threadId: 1, targetId: target.id });
        const stopped = await s.events.stopped();
        const frames = await stack(s);
        assert.equal(stopped.body.reason, 'step');
        assert.deepEqual(frames.map((f) => `${f.name}:${f.line}`), ['inc:3', 'run:9', '(program):12'], 'entered from run, not from twice');
        assert.equal((await s.dc.evaluateRequest({ expression: 'n', context: 'watch', frameId: frames[0].id })).body.result, n);
        assert.equal(await step(s, 'continue'), undefined, 'the temporary breakpoint is gone');
        assert.match(s.events.text('stdout'), /^run 17$/m);
      });
    });
  }
});

describeEachEngine('step-in targets with unnamed callees, matched by position', T, (engine) => {
  const unnamed = fixture('step-targets-unnamed.js');
  const line = 16;
  const text = fs.readFileSync(unnamed, 'utf8').split('\n')[line - 1];
  // Each case: the target's label, where the step lands, and the callee's argument there. Every
  // one but `first` is entered after first(x) has run (a loop calling helper), which the walk passes.
  const cases: Array<[string, string, string, string]> = [
    ['first', 'first:3', 'n', '2'],
    ['fns[1]', `:12:${'  (x) => '.length + 1}`, 'x', '2'],
    ['(pick || fns[0])', `:11:${'  (x) => '.length + 1}`, 'x', '2'],
    ['((y) => y - 1)', `:16:${text.indexOf('y - 1') + 1}`, 'y', '2'],
    ['map', `:16:${text.indexOf('v * 3') + 1}`, 'v', '2'],
  ];
  it('lists every call of the line, named or not', T, async () => {
    await withSession(engine, async (s) => {
      await launch(s, { program: unnamed, breakpoints: [line] });
      await s.events.stopped();
      const targets = (await s.dc.stepInTargetsRequest({ frameId: (await stack(s))[0].id })).body.targets;
      assert.deepEqual(targets.map((t) => t.label), cases.map(([label]) => label));
    });
  });
  for (const [label, at, name, value] of cases) {
    it(`steps into ${label}`, T, async () => {
      await withSession(engine, async (s) => {
        await launch(s, { program: unnamed, breakpoints: [line] });
        await s.events.stopped();
        const targets = (await s.dc.stepInTargetsRequest({ frameId: (await stack(s))[0].id })).body.targets;
        await s.dc.stepInRequest({ threadId: 1, targetId: targets.find((t) => t.label === label)!.id });
        assert.equal((await s.events.stopped()).body.reason, 'step');
        const frames = await stack(s);
        const top = `${frames[0].name.includes('anonymous') || frames[0].name === '' ? '' : frames[0].name}:${frames[0].line}`;
        assert.equal(at.startsWith(':') ? `${top.slice(top.indexOf(':'))}:${frames[0].column}` : top, at);
        assert.equal(`${frames[1].name}:${frames[1].line}`, `run:${line}`, 'entered from the stopped frame');
        assert.equal((await s.dc.evaluateRequest({ expression: name, context: 'watch', frameId: frames[0].id })).body.result, value);
        assert.equal(await step(s, 'continue'), undefined);
        assert.match(s.events.text('stdout'), /^run 38$/m);
      });
    });
  }
});
