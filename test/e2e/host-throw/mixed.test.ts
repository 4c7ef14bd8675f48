// Leaving a host function the guest called by a throw (mixed mode, issue #4): step out of it, or
// step over the throw, lands where the guest receives the exception (its catch), as js-debug lands
// in the caller's catch; with exception breakpoints on, at the guest's exception stop. Never in the
// interpreter's Wasm.
import assert from 'node:assert/strict';
import path from 'node:path';
import { it } from 'node:test';
import { REPO } from '../dap-client.js';
import { closeSession, describeEachEngine, frameWhere as where, launchUntilInitialized, lineContaining, openSession, scopes, stack, step, valueMap, vars, type Session } from '../helpers.js';

const T = { timeout: 90_000 };
const DIR = path.join(REPO, 'test', 'e2e', 'fixtures', 'host-throw');
const APP = path.join(DIR, 'app.mjs');
const GUEST = path.join(DIR, 'guest.js');
const THROW_LINE = lineContaining(APP, 'throw new RangeError');
const CALL_LINE = lineContaining(GUEST, 'const doubled = hostCheck(n)');
const CATCH_LINE = lineContaining(GUEST, 'const text = `caught ${e.message}`');


/**
 * Stopped at the host's throw, reached from a guest breakpoint at the call (a function entered while
 * nothing in the guest was armed runs its plain copy, which has no statement to stop at: see the
 * README's mixed-mode section), or with exception breakpoints on.
 */
async function stoppedAtThrow(engine: string, exceptions: string[] = []): Promise<Session> {
  const s = await openSession(engine as never);
  await launchUntilInitialized(s, { program: APP, mixedStack: true, env: { STEP_ENGINE: engine } });
  await s.dc.setBreakpointsRequest({ source: { path: APP }, breakpoints: [{ line: THROW_LINE }] });
  if (!exceptions.length) await s.dc.setBreakpointsRequest({ source: { path: GUEST }, breakpoints: [{ line: CALL_LINE }] });
  await s.dc.setExceptionBreakpointsRequest({ filters: exceptions });
  await s.dc.configurationDoneRequest();
  for (let n = exceptions.length ? 0 : 2; n > 0; n--) {
    assert.equal((await s.events.stopped()).body.reason, 'breakpoint');
    assert.equal(where((await stack(s))[0]), `checked@guest.js:${CALL_LINE}`);
    await s.dc.continueRequest({ threadId: 1 });
  }
  assert.equal((await s.events.stopped()).body.reason, 'breakpoint');
  assert.equal(where((await stack(s))[0]), `hostCheck@app.mjs:${THROW_LINE}`);
  await s.dc.setBreakpointsRequest({ source: { path: APP }, breakpoints: [] });
  await s.dc.setBreakpointsRequest({ source: { path: GUEST }, breakpoints: [] });
  return s;
}

async function endsWithResult(s: Session): Promise<void> {
  await s.dc.continueRequest({ threadId: 1 });
  await s.events.next('terminated');
  assert.match(s.events.text('stdout'), /result "ok 2, caught negative: -3"/);
}

describeEachEngine('leaving a host function by a throw', T, (engine) => {
  for (const kind of ['stepOut', 'next'] as const) {
    it(`${kind} at the throw lands in the guest's catch`, T, async () => {
      let s: Session | undefined;
      try {
        s = await stoppedAtThrow(engine);
        assert.equal((await step(s, kind))?.body.reason, 'step');
        const frames = await stack(s);
        assert.equal(where(frames[0]), `checked@guest.js:${CATCH_LINE}`, frames.map(where).join(' < '));
        const locals = valueMap(await vars(s, (await scopes(s, frames[0].id))[0].variablesReference));
        assert.equal(locals.n, '-3');
        assert.equal((await s.dc.evaluateRequest({ expression: 'e.message', frameId: frames[0].id, context: 'repl' })).body.result, "'negative: -3'");
        await endsWithResult(s);
      } finally {
        await closeSession(s);
      }
    });
  }

  it('with caught-exception breakpoints on, step out lands at the guest\'s exception stop', T, async () => {
    let s: Session | undefined;
    try {
      s = await stoppedAtThrow(engine, ['caught']);
      const stop = await step(s, 'stepOut');
      const frames = await stack(s);
      assert.equal(stop?.body.reason, 'exception', frames.map(where).join(' < '));
      assert.equal(frames[0].source?.path, GUEST, frames.map(where).join(' < '));
      assert.equal(frames[0].name, 'checked');
      assert.match((await s.dc.exceptionInfoRequest({ threadId: 1 })).body.description ?? '', /negative: -3/);
      await endsWithResult(s);
    } finally {
      await closeSession(s);
    }
  });
});
