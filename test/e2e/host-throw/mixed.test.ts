// Leaving a host function the guest called by a throw (mixed mode, issue #4): step out of it, or
// step over the throw, lands where the guest receives the exception (its catch), as js-debug lands
// in the caller's catch; with exception breakpoints on, at the guest's exception stop. Never in the
// interpreter's Wasm.
import assert from 'node:assert/strict';
import path from 'node:path';
import { it } from 'node:test';
import { REPO } from '../dap-client.js';
import { describeEachEngine, frameWhere as where, launchUntilInitialized, lineContaining, scopes, stack, step, valueMap, vars, withSession, type Session } from '../helpers.js';

const T = { timeout: 90_000 };
const DIR = path.join(REPO, 'test', 'e2e', 'fixtures', 'host-throw');
const APP = path.join(DIR, 'app.mjs');
const GUEST = path.join(DIR, 'guest.js');
const THROW_LINE = lineContaining(APP, 'throw new RangeError');
const CATCH_LINE = lineContaining(GUEST, 'const text = `caught ${e.message}`');

/** Launches the app in `s` and stops at the host's throw, a host breakpoint (with exception breakpoints on, if given); nothing set in the guest. */
async function stoppedAtThrow(s: Session, engine: string, exceptions: string[] = []): Promise<void> {
  await launchUntilInitialized(s, { program: APP, mixedStack: true, env: { STEP_ENGINE: engine } });
  await s.dc.setBreakpointsRequest({ source: { path: APP }, breakpoints: [{ line: THROW_LINE }] });
  await s.dc.setExceptionBreakpointsRequest({ filters: exceptions });
  await s.dc.configurationDoneRequest();
  assert.equal((await s.events.stopped()).body.reason, 'breakpoint');
  assert.equal(where((await stack(s))[0]), `hostCheck@app.mjs:${THROW_LINE}`);
  await s.dc.setBreakpointsRequest({ source: { path: APP }, breakpoints: [] });
}

async function endsWithResult(s: Session): Promise<void> {
  await s.dc.continueRequest({ threadId: 1 });
  await s.events.next('terminated');
  assert.match(s.events.text('stdout'), /result "ok 2, caught negative: -3"/);
}

describeEachEngine('leaving a host function by a throw', T, (engine) => {
  for (const kind of ['stepOut', 'next'] as const) {
    it(`${kind} at the throw lands in the guest's catch`, T, async () => {
      await withSession(engine, async (s) => {
        await stoppedAtThrow(s, engine);
        assert.equal((await step(s, kind))?.body.reason, 'step');
        const frames = await stack(s);
        assert.equal(where(frames[0]), `checked@guest.js:${CATCH_LINE}`, frames.map(where).join(' < '));
        const locals = valueMap(await vars(s, (await scopes(s, frames[0].id))[0].variablesReference));
        assert.equal(locals.n, '-3');
        assert.equal((await s.dc.evaluateRequest({ expression: 'e.message', frameId: frames[0].id, context: 'repl' })).body.result, "'negative: -3'");
        await endsWithResult(s);
      });
    });
  }

  it('with caught-exception breakpoints on, step out lands at the guest\'s exception stop', T, async () => {
    await withSession(engine, async (s) => {
      await stoppedAtThrow(s, engine, ['caught']);
      const stop = await step(s, 'stepOut');
      const frames = await stack(s);
      assert.equal(stop?.body.reason, 'exception', frames.map(where).join(' < '));
      assert.equal(frames[0].source?.path, GUEST, frames.map(where).join(' < '));
      assert.equal(frames[0].name, 'checked');
      assert.match((await s.dc.exceptionInfoRequest({ threadId: 1 })).body.description ?? '', /negative: -3/);
      await endsWithResult(s);
    });
  });
});
