// Breakpoint kinds at parity with VS Code's JavaScript debugger: conditional, hit-count and
// logpoints (evaluated in the guest), function breakpoints, exception breakpoints (caught and
// uncaught, with exceptionInfo), breakpoint locations, and the debugger statement.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { closeSession, describeEachEngine, fixture, launch, openSession, stack, step, type Session, withSession } from './helpers.js';

const program = fixture('breakpoint-kinds.js');

/**
 * initialize → launch → configure → configurationDone. With `beforeLaunch`, configure comes before
 * launch (the adapter sends `initialized` at once, as DAP allows): no script can have loaded yet,
 * so breakpoints are pending for certain, whatever the machine's load.
 */
async function start(s: Session, configure: (s: Session) => Promise<void>, options: { beforeLaunch?: boolean } = {}) {
  const init = await s.dc.initializeRequest({ adapterID: 'nestdbg', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' });
  if (options.beforeLaunch) {
    await s.events.next('initialized');
    await configure(s);
  }
  await s.dc.launchRequest({ program } as DebugProtocol.LaunchRequestArguments);
  if (!options.beforeLaunch) {
    await s.events.next('initialized');
    await configure(s);
  }
  await s.dc.configurationDoneRequest();
  return init.body!;
}

async function evaluate(s: Session, expression: string) {
  const [top] = await stack(s);
  return (await s.dc.evaluateRequest({ expression, frameId: top.id, context: 'watch' })).body.result;
}

const cont = (s: Session) => s.dc.continueRequest({ threadId: 1 });

describeEachEngine('breakpoint kinds', {}, (engine) => {
  let s: Session;
  before(async () => { s = await openSession(engine); });
  after(async () => { await closeSession(s); });

  it('conditions, hit counts and logpoints; capabilities from the producer', async () => {
    const caps = await start(s, async (s) => {
      const r = await s.dc.setBreakpointsRequest({ source: { path: program }, breakpoints: [
        { line: 3, condition: 'n === 4' },
        { line: 4, hitCondition: '% 2' },
        { line: 9, logMessage: 'i={i} total={total} obj={ {a: i} }' },
        { line: 10, hitCondition: 'bogus' },
      ] });
      assert.deepEqual(r.body.breakpoints.map((b) => b.verified), [false, false, false, false], 'pending until the script loads');
    }, { beforeLaunch: true });
    assert.equal(caps.supportsConditionalBreakpoints, true);
    assert.equal(caps.supportsHitConditionalBreakpoints, true);
    assert.equal(caps.supportsLogPoints, true);
    assert.equal(caps.supportsFunctionBreakpoints, true);
    assert.equal(caps.supportsExceptionInfoRequest, true);
    assert.equal(caps.supportsBreakpointLocationsRequest, true);
    assert.deepEqual(caps.exceptionBreakpointFilters?.map((f) => f.filter), ['caught', 'uncaught']);

    // The `breakpoint` events say the pending ones bound (the bad hit condition does not).
    const bound = await s.events.next<DebugProtocol.BreakpointEvent>('breakpoint', (e) => e.body.breakpoint.line === 3);
    assert.equal(bound.body.breakpoint.verified, true);
    // hit count `% 2` on line 4: hits 2, 4, 6 (n = 1, 3, 5) -- interleaved with the condition on line 3.
    const seen: string[] = [];
    for (let k = 0; k < 4; k++) {
      const e = await s.events.stopped();
      assert.equal(e.body.reason, 'breakpoint');
      const [top] = await stack(s);
      seen.push(`${top.line}:${await evaluate(s, 'n')}`);
      await cont(s);
    }
    assert.deepEqual(seen, ['4:1', '4:3', '3:4', '4:5']);
    await s.events.next('terminated');
    const logs = s.events.of<DebugProtocol.OutputEvent>('output').filter((e) => e.body.output.startsWith('i='));
    assert.equal(logs.length, 6);
    assert.equal(logs[0].body.output, 'i=0 total=0 obj={a: 0}\n');
    assert.equal(logs[5].body.output, 'i=5 total=30 obj={a: 5}\n');
    assert.equal(logs[0].body.line, 9);
    assert.ok(logs[0].body.source?.path?.endsWith('breakpoint-kinds.js'));
    const bad = s.events.of<DebugProtocol.BreakpointEvent>('breakpoint').find((e) => e.body.breakpoint.line === 10);
    assert.equal(bad?.body.breakpoint.verified, false);
    assert.match(bad?.body.breakpoint.message ?? '', /hit condition/);
  });
});

describeEachEngine('function and exception breakpoints', {}, (engine) => {
  let s: Session;
  before(async () => { s = await openSession(engine); });
  after(async () => { await closeSession(s); });

  it('function breakpoint with a condition, then caught and uncaught exceptions with exceptionInfo', async () => {
    await start(s, async (s) => {
      const f = await s.dc.customRequest('setFunctionBreakpoints', { breakpoints: [{ name: 'square', condition: 'n === 2' }, { name: 'nosuch' }] });
      assert.equal(f.body.breakpoints.length, 2);
      await s.dc.customRequest('setExceptionBreakpoints', { filters: ['uncaught'], filterOptions: [{ filterId: 'caught', condition: 'error instanceof RangeError' }] });
    });
    let e = await s.events.stopped();
    assert.equal(e.body.reason, 'function breakpoint');
    let [top] = await stack(s);
    assert.equal(top.line, 3);
    assert.equal(await evaluate(s, 'n'), '2');
    await cont(s);

    // Caught, at the throw statement (RangeError passes the filter's condition; JSON.parse's SyntaxError does not).
    e = await s.events.stopped();
    assert.equal(e.body.reason, 'exception');
    [top] = await stack(s);
    assert.equal(top.line, 13);
    assert.equal(await evaluate(s, 'kind'), "'throw'");
    let info = (await s.dc.customRequest('exceptionInfo', { threadId: 1 })).body as DebugProtocol.ExceptionInfoResponse['body'];
    assert.equal(info.exceptionId, 'RangeError');
    assert.equal(info.description, 'thrown throw');
    assert.equal(info.breakMode, 'always');
    assert.match(info.details?.stackTrace ?? '', /breakpoint-kinds\.js:13:/);
    await cont(s);

    // Uncaught, raised by a builtin (null.prop): stops before the program dies, in the raising frame.
    e = await s.events.stopped();
    assert.equal(e.body.reason, 'exception');
    const frames = await stack(s);
    assert.equal(frames[0].name, 'fails');
    assert.equal(frames[0].line, 14);
    assert.equal(frames[1].line, 24);
    info = (await s.dc.customRequest('exceptionInfo', { threadId: 1 })).body;
    assert.equal(info.exceptionId, 'TypeError');
    assert.equal(info.breakMode, 'unhandled');
    assert.match(s.events.text('stdout'), /total 57/);
    await cont(s);
    await s.events.next('terminated');
  });
});

describeEachEngine('hit counts >= and ==', {}, (engine) => {
  let s: Session;
  before(async () => { s = await openSession(engine); });
  after(async () => { await closeSession(s); });

  it('`>= 5` stops from the fifth hit on, `== 2` on the second hit only', async () => {
    // square(n) runs for n = 0..5: line 3's fifth and sixth hits are n = 4, 5; line 4's second is n = 1.
    await start(s, async (s) => {
      await s.dc.setBreakpointsRequest({ source: { path: program }, breakpoints: [{ line: 3, hitCondition: '>= 5' }, { line: 4, hitCondition: '== 2' }] });
    });
    const seen: string[] = [];
    for (let k = 0; k < 3; k++) {
      assert.equal((await s.events.stopped()).body.reason, 'breakpoint');
      const [top] = await stack(s);
      seen.push(`${top.line}:${await evaluate(s, 'n')}`);
      await cont(s);
    }
    assert.deepEqual(seen, ['4:1', '3:4', '3:5']);
    // The caught and uncaught exceptions have no filter set: the program ends with its TypeError.
    await s.events.next('terminated');
    assert.match(s.events.text('stdout'), /total 57/);
  });
});

describeEachEngine('the debugger statement', {}, (engine) => {
  const stopping = fixture('debugger-statement.js');

  it('stops at `debugger;` on each arrival, without breakpoints; a breakpoint on it stops once per arrival', async () => {
    await withSession(engine, async (s) => {
      await launch(s, { program: stopping });
      for (const n of ['10', '20']) {
        const e = await s.events.stopped();
        assert.equal(e.body.reason, 'breakpoint');
        assert.equal(e.body.description, 'Paused on debugger statement');
        const frames = await stack(s);
        assert.deepEqual(frames.map((f) => [f.name, f.line]), [['check', 4], ['(program)', 8]]);
        assert.equal(await evaluate(s, 'n'), n);
        assert.equal(await evaluate(s, 'half'), String(Number(n) / 2));
        if (n === '10') {
          assert.equal((await step(s, 'next'))?.body.reason, 'step');
          assert.equal((await stack(s))[0].line, 5, 'a step from the debugger statement goes on to the next statement');
          await cont(s);
        }
      }
      await s.dc.setBreakpointsRequest({ source: { path: stopping }, breakpoints: [{ line: 4 }] });
      await cont(s);
      await s.events.next('terminated');
      assert.match(s.events.text('stdout'), /^total 15$/m);
    });
    await withSession(engine, async (s) => {
      const bound = await launch(s, { program: stopping, breakpoints: [4] });
      assert.equal(bound?.breakpoints.length, 1);
      const reasons: string[] = [];
      for (;;) {
        const e = await s.events.next(['stopped', 'terminated']);
        if (e.event === 'terminated') break;
        reasons.push((e as DebugProtocol.StoppedEvent).body.reason);
        await cont(s);
      }
      assert.deepEqual(reasons, ['breakpoint', 'breakpoint'], 'one stop per arrival (SPEC §5.5)');
    });
  });
});

describeEachEngine('breakpoint locations', {}, (engine) => {
  let s: Session;
  before(async () => { s = await openSession(engine); });
  after(async () => { await closeSession(s); });

  it('lists the statement positions on a line', async () => {
    await start(s, async (s) => {
      await s.dc.setBreakpointsRequest({ source: { path: program }, breakpoints: [{ line: 22 }] });
    });
    await s.events.stopped();
    const r = await s.dc.customRequest('breakpointLocations', { source: { path: program }, line: 22 });
    assert.deepEqual(r.body.breakpoints, [{ line: 22, column: 7 }, { line: 22, column: 38 }]);
    const several = await s.dc.customRequest('breakpointLocations', { source: { path: program }, line: 2, endLine: 5 });
    assert.deepEqual(several.body.breakpoints.map((b: DebugProtocol.BreakpointLocation) => b.line), [3, 4, 5], 'the closing brace is a position too');
    await cont(s);
    await s.events.next('terminated');
  });
});
