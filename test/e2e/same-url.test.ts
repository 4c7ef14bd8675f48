// End-to-end: two QuickJS contexts of one runtime both evaluate lib.js under one file name
// (test/e2e/fixtures/same-url). The stack text names a frame's script by URL only, so frames of
// the other context's copy looked like the stepping context's own: a step out counted them as its
// frames and stopped early, in a function it never stepped into. An exception's classification
// read only frames of its own context's URLs, so a catch in the other context was missed, and the
// other context's catch clause reported the exception a second time. Frames are now told apart by
// realm (QuickJS's frames in memory, debug/stack-realms.ts) and the contexts share the exception
// last seen (debug/seen-exceptions.ts). The expected stops are V8's for two vm contexts running
// the same scripts: a step out of a function does not stop in the functions its caller calls next,
// in whichever context (V8 also pauses in the caller right after the return, at the call's line,
// where nestdbg has no statement start), and an exception a frame of the other context catches is
// caught, reported once.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { describeEachEngine, fixture, frameWhere, launchUntilInitialized, lineContaining, stack, step, withSession, type Session } from './helpers.js';

const T = { timeout: 60_000 };
const APP = fixture('same-url/app.mjs');
const LIB = fixture('same-url/lib.js');

const where = async (s: Session) => (await stack(s)).map(frameWhere).join(' < ');

/** Launches the app with breakpoints on the lines of lib.js holding each text, and the exception filters. */
async function start(s: Session, engine: string, breakpoints: string[], filters: string[] = []): Promise<void> {
  await launchUntilInitialized(s, { program: APP, env: { SANDBOX_ENGINE: engine } });
  if (breakpoints.length) await s.dc.setBreakpointsRequest({ source: { path: LIB }, breakpoints: breakpoints.map((t) => ({ line: lineContaining(LIB, t) })) });
  await s.dc.setExceptionBreakpointsRequest({ filters });
  await s.dc.configurationDoneRequest();
}

const exceptionInfo = async (s: Session) => (await s.dc.customRequest('exceptionInfo', { threadId: 1 })).body as DebugProtocol.ExceptionInfoResponse['body'];

describeEachEngine('contexts that evaluated a script under one URL', T, (engine) => {
  it("a step out of one context's copy does not stop in the other context's functions", T, async () => {
    await withSession(engine, async (s) => {
      // The breakpoint binds in both copies of lib.js; inner's stops, first with only inner's
      // frames on the stack, then under outer's.
      await start(s, engine, ['const doubled']);
      assert.equal((await s.events.stopped()).body.reason, 'breakpoint');
      assert.equal(await where(s), 'twice@lib.js:3 < innerMain@inner.js:2 < (program)@inner-main.js:1');
      // innerMain goes on into outer's finish (outer has no frame on the stack): a step out of
      // twice runs it, and stops in inner's top level.
      assert.ok(await step(s, 'stepOut'));
      assert.equal(await where(s), '(program)@inner-main.js:2');
      assert.ok(await step(s, 'continue'));
      assert.equal(await where(s), 'twice@lib.js:3 < outerMain@outer.js:6 < (program)@outer-main.js:1', "inner's copy, called by outer");
      // outerMain goes on into its own finish, one frame deeper in outer than it was: not where a
      // step out of twice stops either.
      assert.ok(await step(s, 'stepOut'));
      assert.equal(await where(s), '(program)@outer-main.js:2');
      assert.equal(await step(s, 'continue'), undefined);
      assert.match(s.events.text('stdout'), /^inner-main\.js: 3$/m);
      assert.match(s.events.text('stdout'), /^outer-main\.js: 3 caught$/m);
    });
  });

  it('step over returns into the other context at its next statement, past its deeper calls', T, async () => {
    await withSession(engine, async (s) => {
      await start(s, engine, ['return doubled']);
      await s.events.stopped();
      assert.equal(await where(s), 'twice@lib.js:4 < innerMain@inner.js:2 < (program)@inner-main.js:1');
      assert.ok(await step(s, 'next'));
      assert.equal(await where(s), '(program)@inner-main.js:2');
      assert.ok(await step(s, 'continue'));
      assert.equal(await where(s), 'twice@lib.js:4 < outerMain@outer.js:6 < (program)@outer-main.js:1');
      assert.ok(await step(s, 'next'));
      assert.equal(await where(s), '(program)@outer-main.js:2');
      assert.equal(await step(s, 'continue'), undefined);
    });
  });

  it("an exception one context throws and the other's frame catches is caught", T, async () => {
    await withSession(engine, async (s) => {
      // Only uncaught exceptions: inner's fail throws, outer's guarded catches. No stop.
      await start(s, engine, [], ['uncaught']);
      assert.equal(await s.events.stopped().then(() => 'stopped', () => 'ended'), 'ended', 'no stop for a caught exception');
      assert.match(s.events.text('stdout'), /^outer-main\.js: 3 caught$/m);
    });
    await withSession(engine, async (s) => {
      await start(s, engine, [], ['caught']);
      const stopped = await s.events.stopped();
      assert.equal(stopped.body.reason, 'exception');
      assert.equal(await where(s), 'fail@lib.js:7 < guarded@outer.js:10 < (program)@outer-main.js:2');
      const info = await exceptionInfo(s);
      assert.equal(info.breakMode, 'always', 'caught');
      assert.equal(info.description, 'boom');
      // Reported once, at the throw: outer's catch clause does not report it again.
      assert.equal(await step(s, 'continue'), undefined);
    });
  });
});
