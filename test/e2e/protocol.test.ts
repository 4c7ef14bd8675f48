// End-to-end: console output events, breakpoints on blank lines, and robustness against
// unknown / malformed requests and a missing program.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { sample } from './dap-client.js';
import { describeEachEngine, fixture, launch, scopes, stack, step, valueMap, vars, withSession } from './helpers.js';

const T = { timeout: 60_000 };

describeEachEngine('console output', T, (engine) => {
  it('arrives as output events with the source path and the line of the console.log call', T, async () => {
    const program = sample('closures.js');
    await withSession(engine, async (s) => {
      await launch(s, { program });
      await s.events.next('terminated');
      const outs = s.events.of<DebugProtocol.OutputEvent>('output').filter((e) => e.body.category === 'stdout');
      assert.deepEqual(
        outs.map((e) => [e.body.output, e.body.source?.path, e.body.line]),
        [
          ['counter = 16\n', program, 34],
          ['outer = 23\n', program, 37],
          ['early = 1\n', program, 25], // inside lateLet
          ['lateLet = 42\n', program, 40],
          ['mixed = 6\n', program, 50],
        ],
      );
    });
  });
});

/** A breakpoint on a line without code: moved to the next statement, or unverified with a message. */
function checkBlankLineBreakpoint(bp: DebugProtocol.Breakpoint, nextStatementLine: number): boolean {
  if (bp.verified) {
    assert.equal(bp.line, nextStatementLine, `verified breakpoint moved to the next statement: ${JSON.stringify(bp)}`);
    return true;
  }
  assert.ok(bp.message && bp.message.length > 0, `an unverified breakpoint says why: ${JSON.stringify(bp)}`);
  return false;
}

describeEachEngine('breakpoints on lines without code', T, (engine) => {
  it('move to the next statement (or stay unverified with a message), before and after the script loads', T, async () => {
    const program = fixture('blank-lines.js');
    await withSession(engine, async (s) => {
      // Line 3 is blank; line 4 `a = a + 1;` is the next statement.
      const body = await launch(s, { program, breakpoints: [3] });
      const id = body!.breakpoints[0].id;
      const first = await s.events.next(['stopped', 'terminated']);
      // The final word on the breakpoint: its latest `breakpoint` event, else the response.
      const changed = s.events.of<DebugProtocol.BreakpointEvent>('breakpoint').filter((e) => e.body.breakpoint.id === id);
      const bp = changed.at(-1)?.body.breakpoint ?? body!.breakpoints[0];
      if (checkBlankLineBreakpoint(bp, 4)) {
        assert.equal(first.event, 'stopped');
        const stop = first as DebugProtocol.StoppedEvent;
        assert.equal(stop.body.reason, 'breakpoint');
        assert.deepEqual(stop.body.hitBreakpointIds, [id]);
        const frames = await stack(s);
        assert.equal(frames[0].line, 4);
      } else {
        assert.equal(first.event, 'terminated');
        return;
      }

      // While stopped (the script is loaded): line 6 is blank, line 7 a comment; next statement is 8.
      const r = await s.dc.setBreakpointsRequest({ source: { path: program }, breakpoints: [{ line: 6 }, { line: 7 }] });
      assert.equal(r.body.breakpoints.length, 2);
      const verified = r.body.breakpoints.map((b) => checkBlankLineBreakpoint(b, 8));
      if (verified.some(Boolean)) {
        const stop = await step(s, 'continue');
        assert.equal(stop?.body.reason, 'breakpoint');
        const frames = await stack(s);
        assert.equal(frames[0].line, 8);
        const global = (await scopes(s, frames[0].id)).at(-1)!;
        assert.equal(valueMap(await vars(s, global.variablesReference)).a, '2', 'line 8 has not run yet');
      }
      assert.equal(await step(s, 'continue'), undefined);
      assert.match(s.events.text('stdout'), /a = 20\n/);
    });
  });
});

describeEachEngine('robustness', T, (engine) => {
  it('unknown and malformed requests get error responses and the adapter stays usable', T, async () => {
    const program = sample('fib.js');
    await withSession(engine, async (s) => {
      const dc = s.dc;
      await dc.initializeRequest();
      await assert.rejects(dc.customRequest('nestdbgNoSuchRequest', { x: 1 }), 'unknown request');
      await assert.rejects(dc.stackTraceRequest({ threadId: 1 }), 'stackTrace before launch');
      await assert.rejects(dc.variablesRequest({ variablesReference: 12345 }), 'variables before launch');

      await dc.launchRequest({ program } as DebugProtocol.LaunchRequestArguments);
      await s.events.next('initialized');
      await assert.rejects(
        dc.setBreakpointsRequest({ source: {}, breakpoints: [{ line: 5 }] } as DebugProtocol.SetBreakpointsArguments),
        'setBreakpoints without a source path',
      );
      await assert.rejects(
        dc.customRequest('setBreakpoints', { breakpoints: [{ line: 5 }] }),
        'setBreakpoints without source at all',
      );
      await dc.setBreakpointsRequest({ source: { path: program }, breakpoints: [{ line: 5 }] });
      await dc.configurationDoneRequest();
      await s.events.stopped();

      await assert.rejects(dc.variablesRequest({ variablesReference: 987654 }), 'variables with a bogus reference');
      await assert.rejects(dc.scopesRequest({ frameId: 987654 }), 'scopes with a bogus frame');
      await assert.rejects(dc.customRequest('nestdbgNoSuchRequest'), 'unknown request while stopped');
      await assert.rejects(dc.evaluateRequest({ expression: 'noSuchVariable.x', context: 'repl' }), 'evaluate that throws');

      // Still fully usable.
      const frames = await stack(s);
      assert.deepEqual([frames[0].name, frames[0].line], ['fib', 5]);
      const r = await dc.evaluateRequest({ expression: 'n + 1', frameId: frames[0].id, context: 'repl' });
      assert.equal(r.body.result, '6');
      await dc.setBreakpointsRequest({ source: { path: program }, breakpoints: [] });
      assert.equal(await step(s, 'continue'), undefined);
      assert.match(s.events.text('stdout'), /^total = 75140$/m);
    });
  });

  it('launching a missing program yields an error response', T, async () => {
    await withSession(engine, async (s) => {
      await s.dc.initializeRequest();
      const missing = fixture('does-not-exist.js');
      await assert.rejects(
        s.dc.launchRequest({ program: missing } as DebugProtocol.LaunchRequestArguments),
        (e: Error) => e.message.includes('does-not-exist.js'),
      );
      // The adapter is still answering.
      const threads = await s.dc.threadsRequest();
      assert.ok(Array.isArray(threads.body.threads));
    });
  });
});

describeEachEngine('REPL conveniences', {}, (engine) => {
  it('completions, $_ for the last result, and hover refuses side effects', { timeout: 60_000 }, async () => {
    await withSession(engine, async (s) => {
      await launch(s, { program: sample('closures.js'), breakpoints: [16] });
      await s.events.stopped();
      const frameId = (await s.dc.stackTraceRequest({ threadId: 1 })).body.stackFrames[0].id;
      const names = (await s.dc.customRequest('completions', { frameId, text: 'ba', column: 3 })).body.targets.map((t: { label: string }) => t.label);
      assert.ok(names.includes('base'), `completions of "ba": ${names}`);
      const props = (await s.dc.customRequest('completions', { frameId, text: 'Math.fl', column: 8 })).body.targets.map((t: { label: string }) => t.label);
      assert.deepEqual(props, ['floor'], 'completions of Math.fl');
      await s.dc.evaluateRequest({ expression: 'base + y', frameId, context: 'repl' });
      assert.equal((await s.dc.evaluateRequest({ expression: '$_ * 2', frameId, context: 'repl' })).body.result, '22');
      assert.equal((await s.dc.evaluateRequest({ expression: 'base', frameId, context: 'hover' })).body.result, '10');
      await assert.rejects(s.dc.evaluateRequest({ expression: 'base = 0', frameId, context: 'hover' }), /side effects/);
      assert.equal((await s.dc.evaluateRequest({ expression: 'base', frameId, context: 'repl' })).body.result, '10', 'the refused hover changed nothing');
    });
  });
});
