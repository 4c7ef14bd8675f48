// Stepping across levels in mixed mode (issue #4): from a script line that calls a host function
// (one the app exposes with ctx.newFunction), step in lands in that host function, as js-debug
// would; step out of it, or step over its last line, lands back on the script's next line, not in
// the interpreter's Wasm.
import assert from 'node:assert/strict';
import path from 'node:path';
import { it } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { REPO } from '../dap-client.js';
import { describeEachEngine, frameWhere as where, launchUntilInitialized, lineContaining, scopes, stack, step, valueMap, vars, withSession, type Session } from '../helpers.js';

const T = { timeout: 90_000 };
const DIR = path.join(REPO, 'test', 'e2e', 'fixtures', 'step-levels');
const APP = path.join(DIR, 'app.mjs');
const GUEST = path.join(DIR, 'guest.js');
const FIRST_HOST_LINE = lineContaining(APP, 'const a = ctx.getNumber(aHandle)');
const EXPOSE_LINE = lineContaining(APP, "ctx.setProp(ctx.global, 'hostAdd', add)");
const SECOND_HOST_LINE = lineContaining(APP, 'const b = ctx.getNumber(bHandle)');
const LAST_HOST_LINE = lineContaining(APP, 'return ctx.newNumber(a + b)');
const PROGRAM_LINE = lineContaining(GUEST, 'calc(5);');


async function top(s: Session): Promise<{ frame: DebugProtocol.StackFrame; all: string }> {
  const frames = await stack(s);
  return { frame: frames[0], all: frames.map(where).join(' < ') };
}

async function locals(s: Session, frame: DebugProtocol.StackFrame): Promise<Record<string, string>> {
  return valueMap(await vars(s, (await scopes(s, frame.id))[0].variablesReference));
}

/** Launches the app in `s` and stops at a guest breakpoint at `line`, then clears it. */
async function stoppedAtGuestLine(s: Session, engine: string, line: number): Promise<void> {
  await launchUntilInitialized(s, { program: APP, mixedStack: true, env: { STEP_ENGINE: engine } });
  await s.dc.setBreakpointsRequest({ source: { path: GUEST }, breakpoints: [{ line }] });
  await s.dc.configurationDoneRequest();
  assert.equal((await s.events.stopped()).body.reason, 'breakpoint');
  await s.dc.setBreakpointsRequest({ source: { path: GUEST }, breakpoints: [] });
}

describeEachEngine('stepping across levels', T, (engine) => {
  it('step in at a script call of a host function lands in it; step out lands on the script\'s next line', T, async () => {
    await withSession(engine, async (s) => {
      await stoppedAtGuestLine(s, engine, 3);
      assert.equal(where((await top(s)).frame), 'calc@guest.js:3');

      assert.equal((await step(s, 'stepIn'))?.body.reason, 'step');
      let t = await top(s);
      assert.equal(where(t.frame), `hostAdd@app.mjs:${FIRST_HOST_LINE}`, t.all);
      assert.ok(t.all.includes('(wasm)'), `the interpreter's Wasm below the host function: ${t.all}`);

      assert.equal((await step(s, 'stepOut'))?.body.reason, 'step');
      t = await top(s);
      assert.equal(where(t.frame), 'calc@guest.js:4', t.all);
      assert.equal((await locals(s, t.frame)).y, '7', 'the host call returned into y');

      // On to the second call; this time step over the host function's lines, past its last.
      assert.equal(where((await step(s, 'next'), await top(s)).frame), 'calc@guest.js:5');
      await step(s, 'stepIn');
      assert.equal(where((await top(s)).frame), `hostAdd@app.mjs:${FIRST_HOST_LINE}`);
      await step(s, 'next');
      await step(s, 'next');
      t = await top(s);
      assert.equal(where(t.frame), `hostAdd@app.mjs:${LAST_HOST_LINE}`, t.all);
      // V8 stops once more on the same line, at the return itself, as js-debug shows it too.
      for (let i = 0; i < 2 && where((await top(s)).frame) === `hostAdd@app.mjs:${LAST_HOST_LINE}`; i++) {
        assert.equal((await step(s, 'next'))?.body.reason, 'step');
      }
      t = await top(s);
      assert.equal(where(t.frame), 'calc@guest.js:6', t.all);
      assert.equal((await locals(s, t.frame)).w, '71');

      const stops = s.events.of('stopped').length;
      await s.dc.continueRequest({ threadId: 1 });
      await s.events.next('terminated');
      assert.equal(s.events.of('stopped').length, stops, 'no further stop');
      assert.match(s.events.text('stdout'), /result 72/);
    });
  });

  it('after a step in lands in the host, continue runs on: the script step that step armed is dropped', T, async () => {
    await withSession(engine, async (s) => {
      await stoppedAtGuestLine(s, engine, 3);
      await step(s, 'stepIn');
      assert.equal(where((await top(s)).frame), `hostAdd@app.mjs:${FIRST_HOST_LINE}`);
      const stops = s.events.of('stopped').length;
      await s.dc.continueRequest({ threadId: 1 });
      await s.events.next('terminated');
      assert.equal(s.events.of('stopped').length, stops, 'no stop at the script\'s next line');
      assert.match(s.events.text('stdout'), /result 72/);
    });
  });

  it('with only host breakpoints set, step out of the host function lands on the script\'s next line', T, async () => {
    await withSession(engine, async (s) => {
      // No script breakpoint ever: calc is entered while nothing in the guest is armed.
      await launchUntilInitialized(s, { program: APP, mixedStack: true, env: { STEP_ENGINE: engine } });
      await s.dc.setBreakpointsRequest({ source: { path: APP }, breakpoints: [{ line: FIRST_HOST_LINE }] });
      await s.dc.configurationDoneRequest();
      assert.equal((await s.events.stopped()).body.reason, 'breakpoint');
      assert.equal(where((await top(s)).frame), `hostAdd@app.mjs:${FIRST_HOST_LINE}`);

      assert.equal((await step(s, 'stepOut'))?.body.reason, 'step');
      let t = await top(s);
      assert.equal(where(t.frame), 'calc@guest.js:4', t.all);
      assert.equal((await locals(s, t.frame)).y, '7', 'the host call returned into y');

      // The second call stops at the host breakpoint again; a step over past its last line lands on the script's next line.
      await s.dc.continueRequest({ threadId: 1 });
      assert.equal((await s.events.stopped()).body.reason, 'breakpoint');
      await s.dc.setBreakpointsRequest({ source: { path: APP }, breakpoints: [] });
      for (let i = 0; i < 5 && where((await top(s)).frame).startsWith('hostAdd@'); i++) await step(s, 'next');
      t = await top(s);
      assert.equal(where(t.frame), 'calc@guest.js:6', t.all);
      assert.equal((await locals(s, t.frame)).w, '71');

      await s.dc.continueRequest({ threadId: 1 });
      await s.events.next('terminated');
      assert.match(s.events.text('stdout'), /result 72/);
    });
  });

  it('with only an instruction breakpoint set, in the Wasm a host function runs: step out to the host function, then out of it, lands on the script\'s next line', T, async () => {
    // Where the Wasm under hostAdd's first line begins (an instruction step in from there), found in
    // a session of its own: a host breakpoint would keep the guest's callers ready by itself.
    const address = await withSession(engine, async (s) => {
      await launchUntilInitialized(s, { program: APP, mixedStack: true, env: { STEP_ENGINE: engine } });
      await s.dc.setBreakpointsRequest({ source: { path: APP }, breakpoints: [{ line: FIRST_HOST_LINE }] });
      await s.dc.configurationDoneRequest();
      assert.equal((await s.events.stopped()).body.reason, 'breakpoint');
      await s.dc.stepInRequest({ threadId: 1, granularity: 'instruction' });
      assert.equal((await s.events.stopped()).body.reason, 'step');
      const t = await top(s);
      assert.ok(t.frame.instructionPointerReference, `in the Wasm getNumber runs: ${t.all}`);
      return t.frame.instructionPointerReference;
    });
    await withSession(engine, async (s) => {
      // Stopped before the guest runs, with no script or host breakpoint left: calc is entered
      // while nothing is armed but the instruction breakpoint.
      await launchUntilInitialized(s, { program: APP, mixedStack: true, env: { STEP_ENGINE: engine } });
      await s.dc.setBreakpointsRequest({ source: { path: APP }, breakpoints: [{ line: EXPOSE_LINE }] });
      await s.dc.configurationDoneRequest();
      assert.equal((await s.events.stopped()).body.reason, 'breakpoint');
      await s.dc.setBreakpointsRequest({ source: { path: APP }, breakpoints: [] });
      const set = await s.dc.customRequest('setInstructionBreakpoints', { breakpoints: [{ instructionReference: address }] });
      assert.equal(set.body.breakpoints[0].verified, true);
      await s.dc.continueRequest({ threadId: 1 });
      assert.equal((await s.events.stopped()).body.reason, 'instruction breakpoint');
      let t = await top(s);
      assert.equal(t.frame.instructionPointerReference, address, t.all);
      assert.ok(t.all.includes(`hostAdd@app.mjs:${FIRST_HOST_LINE}`), `under hostAdd: ${t.all}`);
      // Gone before the steps, which would otherwise end at it again (hostAdd's second getNumber).
      await s.dc.customRequest('setInstructionBreakpoints', { breakpoints: [] });

      // Out of the Wasm: V8 lands in hostAdd (the glue between is blackboxed), on the statement after the call.
      assert.equal((await step(s, 'stepOut'))?.body.reason, 'step');
      t = await top(s);
      assert.equal(where(t.frame), `hostAdd@app.mjs:${SECOND_HOST_LINE}`, t.all);
      // Out of hostAdd: the guest's next statement, as js-debug steps out of a JS callee.
      assert.equal((await step(s, 'stepOut'))?.body.reason, 'step');
      t = await top(s);
      assert.equal(where(t.frame), 'calc@guest.js:4', t.all);
      assert.equal((await locals(s, t.frame)).y, '7', 'the host call returned into y');

      await s.dc.continueRequest({ threadId: 1 });
      await s.events.next('terminated');
      assert.match(s.events.text('stdout'), /result 72/);
    });
  });

  it('a host breakpoint set at a script stop, with the script\'s own gone: step out of the host function still lands on the script\'s next line', T, async () => {
    await withSession(engine, async (s) => {
      await stoppedAtGuestLine(s, engine, PROGRAM_LINE);
      await s.dc.setBreakpointsRequest({ source: { path: APP }, breakpoints: [{ line: FIRST_HOST_LINE }] });
      await s.dc.continueRequest({ threadId: 1 });
      assert.equal((await s.events.stopped()).body.reason, 'breakpoint');
      assert.equal((await step(s, 'stepOut'))?.body.reason, 'step');
      const t = await top(s);
      assert.equal(where(t.frame), 'calc@guest.js:4', t.all);
    });
  });
});
