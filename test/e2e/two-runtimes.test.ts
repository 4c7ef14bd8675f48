// End-to-end: an embedding app with two QuickJS runtimes (test/e2e/fixtures/two-runtimes): outer.js
// in the first calls the host function evalInner, which evaluates inner-call.js in the second (it
// calls inner.js's square). A stop in
// the second runtime shows the first runtime's frames under its own, as V8 shows the frames of a
// script under those of the code it made run; each frame evaluates in its own runtime; a step out
// of the second runtime's last frame lands in the first at the caller's next statement.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { describeEachEngine, fixture, frameWhere, launchUntilInitialized, lineContaining, scopes, stack, step, valueMap, vars, withSession, type Session } from './helpers.js';

const T = { timeout: 60_000 };
const APP = fixture('two-runtimes/app.mjs');
const INNER = fixture('two-runtimes/inner.js');
const OUTER = fixture('two-runtimes/outer.js');

const where = async (s: Session) => (await stack(s)).map(frameWhere).join(' < ');

async function start(s: Session, engine: string, [file, text] = [INNER, 'return x * x']): Promise<void> {
  await launchUntilInitialized(s, { program: APP, env: { SANDBOX_ENGINE: engine } });
  await s.dc.setBreakpointsRequest({ source: { path: file }, breakpoints: [{ line: lineContaining(file, text) }] });
  await s.dc.configurationDoneRequest();
  assert.equal((await s.events.stopped()).body.reason, 'breakpoint');
}

const evaluateIn = async (s: Session, frame: DebugProtocol.StackFrame, expression: string) =>
  (await s.dc.evaluateRequest({ expression, context: 'watch', frameId: frame.id })).body.result;

describeEachEngine('two runtimes, one evaluating code for the other', T, (engine) => {
  it("a stop in the second runtime shows the first runtime's frames under its own, each inspectable", T, async () => {
    await withSession(engine, async (s) => {
      await start(s, engine);
      const frames = await stack(s);
      assert.deepEqual(frames.map(frameWhere), ['square@inner.js:2', '(program)@inner-call.js:1', 'main@outer.js:2', '(program)@outer.js:5']);
      assert.equal(new Set(frames.map((f) => f.id)).size, frames.length, 'every frame has its own id');
      const [square, , main] = frames;
      assert.equal(await evaluateIn(s, square, 'contextName + x'), "'inner3'");
      assert.equal(await evaluateIn(s, main, 'contextName + n'), "'outer3'");
      assert.deepEqual(valueMap(await vars(s, (await scopes(s, main.id))[0].variablesReference)), { n: '3', squared: '<uninitialized>' });
      assert.equal(await step(s, 'continue'), undefined);
      assert.match(s.events.text('stdout'), /^outer: 10$/m);
    });
  });

  it('step out and over go on from the second runtime into the first', T, async () => {
    await withSession(engine, async (s) => {
      await start(s, engine);
      assert.ok(await step(s, 'stepOut'));
      assert.equal(await where(s), '(program)@inner-call.js:2 < main@outer.js:2 < (program)@outer.js:5');
      // The inner script's last statement: a step over leaves the second runtime for the caller.
      assert.ok(await step(s, 'next'));
      assert.equal(await where(s), 'main@outer.js:3 < (program)@outer.js:5');
      assert.ok(await step(s, 'stepOut'));
      assert.equal(await where(s), '(program)@outer.js:6');
      assert.equal(await step(s, 'next'), undefined);
      assert.match(s.events.text('stdout'), /^outer: 10$/m);
    });
  });

  it('step in goes through the host function into the second runtime', T, async () => {
    await withSession(engine, async (s) => {
      await start(s, engine, [OUTER, 'const squared']);
      assert.equal(await where(s), 'main@outer.js:2 < (program)@outer.js:5');
      assert.ok(await step(s, 'stepIn'));
      assert.equal(await where(s), '(program)@inner-call.js:1 < main@outer.js:2 < (program)@outer.js:5');
      assert.ok(await step(s, 'stepIn'));
      assert.equal(await where(s), 'square@inner.js:2 < (program)@inner-call.js:1 < main@outer.js:2 < (program)@outer.js:5');
      assert.ok(await step(s, 'stepOut'));
      assert.equal(await where(s), '(program)@inner-call.js:2 < main@outer.js:2 < (program)@outer.js:5');
      assert.ok(await step(s, 'stepIn'));
      assert.equal(await where(s), 'main@outer.js:3 < (program)@outer.js:5', 'off the end of the inner script: back in the caller');
      assert.equal(await step(s, 'continue'), undefined);
    });
  });
});
