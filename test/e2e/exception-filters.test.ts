// Exception filters alone arm no statement checks (guest level 1, see debug-runtime.js refreshMode),
// yet an exception raised in a function that calls nothing, whose plain copy would otherwise run,
// still stops in the raising frame with its bindings, as V8 does.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { describeEachEngine, fixture, launchUntilInitialized, stack, withSession, type Session } from './helpers.js';

const program = fixture('exception-levels.js');

async function evaluate(s: Session, expression: string) {
  const [top] = await stack(s);
  return (await s.dc.evaluateRequest({ expression, frameId: top.id, context: 'watch' })).body.result;
}

const exceptionInfo = async (s: Session) => (await s.dc.customRequest('exceptionInfo', { threadId: 1 })).body as DebugProtocol.ExceptionInfoResponse['body'];

describeEachEngine('exception filters without breakpoints', {}, (engine) => {
  it('stop in the call-free function that raised, caught and then uncaught', async () => {
    await withSession(engine, async (s) => {
      await launchUntilInitialized(s, { program });
      await s.dc.setExceptionBreakpointsRequest({ filters: ['caught', 'uncaught'] });
      await s.dc.configurationDoneRequest();

      let e = await s.events.stopped();
      assert.equal(e.body.reason, 'exception');
      let frames = await stack(s);
      assert.deepEqual(frames.map((f) => [f.name, f.line]), [['leaf', 3], ['middle', 6], ['(program)', 12]]);
      assert.equal(await evaluate(s, 'typeof o.inner'), "'undefined'");
      let info = await exceptionInfo(s);
      assert.equal(info.exceptionId, 'TypeError');
      assert.equal(info.breakMode, 'always');
      await s.dc.continueRequest({ threadId: 1 });

      e = await s.events.stopped();
      assert.equal(e.body.reason, 'exception');
      frames = await stack(s);
      assert.deepEqual(frames.map((f) => [f.name, f.line]), [['leaf', 3], ['middle', 6], ['(program)', 17]]);
      assert.equal(await evaluate(s, 'o.inner'), 'null');
      info = await exceptionInfo(s);
      assert.equal(info.breakMode, 'unhandled');
      assert.match(s.events.text('stdout'), /total 106/);
      await s.dc.continueRequest({ threadId: 1 });
      await s.events.next('terminated');
    });
  });
});
