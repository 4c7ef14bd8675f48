// End-to-end: bad input gets a clear DAP answer and the session goes on — a condition that does not
// parse, a logpoint whose expression throws, setVariable on a const, evaluate of a syntax error or
// of a throwing expression.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { closeSession, launchUntilInitialized, describeEachEngine, fixture, openSession, scopes, stack, step, type Session, valueMap, vars } from './helpers.js';

const T = { timeout: 60_000 };
const program = fixture('bad-input.js');

describeEachEngine('bad input', T, (engine) => {
  let s: Session;
  let bound: DebugProtocol.Breakpoint[];

  before(async () => {
    s = await openSession(engine);
    await launchUntilInitialized(s, { program });
    await s.dc.setBreakpointsRequest({ source: { path: program }, breakpoints: [
      { line: 5, condition: 'n ===' }, // does not parse
      { line: 6, logMessage: 'sum={sum} bad={nosuch.prop} after' }, // the second expression throws
      { line: 10 }, // a plain breakpoint, to stop at
    ] });
    await s.dc.configurationDoneRequest();
    // Breakpoints bind when the script loads; the events carry the verdicts.
    bound = [];
    for (let k = 0; k < 3; k++) bound.push((await s.events.next<DebugProtocol.BreakpointEvent>('breakpoint')).body.breakpoint);
    bound.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  });
  after(async () => { await closeSession(s); });

  it('a condition with a syntax error leaves the breakpoint unverified, with a message, and never stops', T, async () => {
    assert.equal(bound[0].line, 5);
    assert.equal(bound[0].verified, false);
    assert.match(bound[0].message ?? '', /SyntaxError/, `message: ${bound[0].message}`);
    assert.equal(bound[1].verified, true, 'the logpoint binds');
    assert.equal(bound[2].verified, true);
    const stop = await s.events.stopped();
    assert.equal(stop.body.reason, 'breakpoint');
    assert.equal((await stack(s))[0].line, 10, 'the first stop is the plain breakpoint, not the broken condition');
  });

  it('evaluate of a syntax error or a throwing expression is an error response', T, async () => {
    const frameId = (await stack(s))[0].id;
    await assert.rejects(s.dc.evaluateRequest({ expression: 'i +* 2', frameId, context: 'repl' }), /SyntaxError/);
    await assert.rejects(s.dc.evaluateRequest({ expression: 'nosuch.prop', frameId, context: 'watch' }), /ReferenceError/);
    await assert.rejects(s.dc.evaluateRequest({ expression: 'throw 42', frameId, context: 'repl' }), /42/);
    assert.equal((await s.dc.evaluateRequest({ expression: 'i + LIMIT', frameId, context: 'repl' })).body.result, '3');
  });

  it('setVariable on a const is a DAP error and changes nothing', T, async () => {
    const [top] = await stack(s);
    const [local] = await scopes(s, top.id);
    assert.equal(valueMap(await vars(s, local.variablesReference)).twice, '0');
    await assert.rejects(s.dc.setVariableRequest({ variablesReference: local.variablesReference, name: 'twice', value: '1' }), /read-only/);
    assert.equal(valueMap(await vars(s, local.variablesReference)).twice, '0');
    const global = (await scopes(s, top.id)).find((x) => x.name === 'Global');
    assert.ok(global);
    assert.equal(valueMap(await vars(s, global.variablesReference)).LIMIT, '3');
    await assert.rejects(s.dc.setVariableRequest({ variablesReference: global.variablesReference, name: 'LIMIT', value: '10' }), /'LIMIT' is read-only/);
    assert.equal(valueMap(await vars(s, global.variablesReference)).LIMIT, '3');
    // A `let` in the same scope can be set.
    const set = await s.dc.setVariableRequest({ variablesReference: global.variablesReference, name: 'sum', value: '100' });
    assert.equal(set.body.value, '100');
  });

  it('a logpoint whose expression throws prints the error in place and does not stop', T, async () => {
    await s.dc.setBreakpointsRequest({ source: { path: program }, breakpoints: [{ line: 5, condition: 'n ===' }, { line: 6, logMessage: 'sum={sum} bad={nosuch.prop} after' }] });
    assert.equal(await step(s, 'continue'), undefined, 'runs to the end: neither the logpoint nor the broken condition stops');
    const logs = s.events.of<DebugProtocol.OutputEvent>('output').map((e) => e.body.output).filter((t) => t.startsWith('sum='));
    assert.equal(logs.length, 3);
    assert.match(logs[0], /^sum=\d+ bad=<ReferenceError: .*nosuch.*> after\n$/);
    assert.match(s.events.text('stdout'), /^sum 103$/m, 'the program ran on, with the value set above');
  });
});
