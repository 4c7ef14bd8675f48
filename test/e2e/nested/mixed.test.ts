// Nested host calls in mixed mode (issue #4): a script calls a host function that calls back into
// the guest (ctx.callFunction, ctx.evalCode). Each script frame sits directly above the Wasm frame
// of the interpreter call that runs it, inside the entry the host frame below made.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { it } from 'node:test';
import { REPO } from '../dap-client.js';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { assertNoOwnFrames, closeSession, describeEachEngine, launchUntilInitialized, openSession, scopes, stack, step, valueMap, vars, type Session, lineContaining } from '../helpers.js';

const T = { timeout: 90_000 };
const DIR = path.join(REPO, 'test', 'e2e', 'fixtures', 'nested');
const APP = path.join(DIR, 'app.mjs');
const INNER = path.join(DIR, 'inner.js');
const OUTER = path.join(DIR, 'outer.js');

const appLine = (text: string) => lineContaining(APP, text);

const where = (f: DebugProtocol.StackFrame | undefined) => `${path.basename(f?.source?.path ?? '?')}:${f?.line}`;

describeEachEngine('nested host calls', T, (engine) => {
  it('script frames interleave with the Wasm and host frames of each interpreter entry', T, async () => {
    let s: Session | undefined;
    try {
      s = await openSession(engine);
      await launchUntilInitialized(s, { program: APP, mixedStack: true, env: { NESTED_ENGINE: engine } });
      await s.dc.setBreakpointsRequest({ source: { path: INNER }, breakpoints: [{ line: 3 }] });
      await s.dc.configurationDoneRequest();
      assert.equal((await s.events.stopped()).body.reason, 'breakpoint');
      const frames = await stack(s);
      // What each frame is: script (file:name), host (host:name), Wasm (w), glue label (g).
      const kinds = frames.map((f) => {
        if (f.instructionPointerReference) return 'w';
        if (f.presentationHint === 'label') return 'g';
        const file = path.basename(f.source?.path ?? '');
        if (file === 'inner.js' || file === 'outer.js') return `${file}:${f.name}`;
        return file === 'app.mjs' ? `host:${f.name}` : 'other';
      });
      // Consecutive Wasm frames and anything but script, host and Wasm frames left out.
      const shape = kinds.filter((k, i) => k !== 'g' && k !== 'other' && !(k === 'w' && kinds[i - 1] === 'w'));
      // Each script frame directly above the interpreter call that runs it (its own Wasm frames).
      assert.deepEqual(shape, [
        'inner.js:innermost', 'w', 'inner.js:(program)', 'w', 'host:hostEval',
        'w', 'outer.js:twice', 'w', 'host:hostRun',
        'w', 'outer.js:<anonymous>', 'w', 'outer.js:start', 'w', 'outer.js:(program)', 'w', 'host:(anonymous)',
      ], kinds.join(' < '));
      for (const [i, k] of kinds.entries()) {
        if (k.includes('.js:')) assert.equal(kinds[i + 1], 'w', `a Wasm frame right below ${k}: ${kinds.join(' < ')}`);
      }
      assertNoOwnFrames(frames);

      // Every frame still inspects at its own level: the script's locals, the host's.
      const twice = frames.find((f) => f.name === 'twice')!;
      const hostRun = frames.find((f) => f.name === 'hostRun')!;
      const top = valueMap(await vars(s, (await scopes(s, frames[0].id))[0].variablesReference));
      assert.equal(top.k, '4');
      const hostLocals = valueMap(await vars(s, (await scopes(s, hostRun.id)).find((x) => x.name === 'Local')!.variablesReference));
      assert.equal(hostLocals.doubled, '6', 'the host frame that called twice(6)');
      const evaluated = await s.dc.evaluateRequest({ expression: 'n * 3', frameId: hostRun.id, context: 'repl' });
      assert.equal(evaluated.body.result, '9');
      assert.equal(twice.line, 4);

      await s.dc.setBreakpointsRequest({ source: { path: INNER }, breakpoints: [] });
      await s.dc.continueRequest({ threadId: 1 });
      await s.events.next('terminated');
      assert.match(s.events.text('stdout'), /result 47/);
    } finally {
      await closeSession(s);
    }
  });

  it('step in at a host line that runs guest code lands on the guest\'s first statement; other host lines step on', T, async () => {
    const evalLine = appLine('ctx.evalCode(source, outer)');
    const numberLine = appLine('const n = ctx.getNumber(nHandle)');
    const callLine = appLine('ctx.callFunction(fnHandle');
    let s: Session | undefined;
    try {
      s = await openSession(engine);
      await launchUntilInitialized(s, { program: APP, mixedStack: true, env: { NESTED_ENGINE: engine } });
      const set = await s.dc.setBreakpointsRequest({ source: { path: APP }, breakpoints: [{ line: evalLine }, { line: numberLine }] });
      await s.dc.configurationDoneRequest();
      const [evalId, numberId] = set.body.breakpoints.map((b) => b.id);
      assert.deepEqual((await s.events.stopped()).body.hitBreakpointIds, [evalId]);

      // evalCode of the context's first script (its producer does not exist yet): outer.js's first statement.
      let stopped = await step(s, 'stepIn');
      assert.equal(stopped?.body.reason, 'step');
      let frames = await stack(s);
      assert.equal(where(frames[0]), 'outer.js:11', frames.map(where).join(' < '));
      assert.equal(frames[0].source?.path, OUTER);
      assert.ok(frames.some((f) => f.instructionPointerReference), 'a script stop in mixed mode');
      assert.equal(where(frames.find((f) => f.source?.path === APP)), `app.mjs:${evalLine}`, 'the host line below');
      // The script stop inspects as any other.
      assert.deepEqual((await scopes(s, frames[0].id)).map((x) => x.name).at(-1), 'Global');

      // On to hostRun: a host line with no guest code steps to the next host line, and the guest
      // stop that step armed is withdrawn: the next stop is inner.js's breakpoint, not twice().
      await s.dc.setBreakpointsRequest({ source: { path: INNER }, breakpoints: [{ line: 3 }] });
      await s.dc.continueRequest({ threadId: 1 });
      assert.deepEqual((await s.events.stopped()).body.hitBreakpointIds, [numberId]);
      await step(s, 'stepIn');
      assert.equal(where((await stack(s))[0]), `app.mjs:${numberLine + 1}`);
      await s.dc.continueRequest({ threadId: 1 });
      stopped = await s.events.stopped();
      assert.equal(stopped.body.reason, 'breakpoint');
      assert.equal(where((await stack(s))[0]), 'inner.js:3');

      // The second hostRun call: step in down to the callFunction line, then into twice().
      await s.dc.setBreakpointsRequest({ source: { path: INNER }, breakpoints: [] });
      await s.dc.continueRequest({ threadId: 1 });
      assert.deepEqual((await s.events.stopped()).body.hitBreakpointIds, [numberId]);
      await step(s, 'stepIn');
      await step(s, 'stepIn');
      assert.equal(where((await stack(s))[0]), `app.mjs:${callLine}`);
      // ctx.newNumber's Wasm runs first (no guest code: back on the line), then callFunction runs twice().
      for (let i = 0; i < 3 && where((await stack(s))[0]) === `app.mjs:${callLine}`; i++) {
        assert.equal((await step(s, 'stepIn'))?.body.reason, 'step');
      }
      frames = await stack(s);
      assert.deepEqual([frames[0].name, where(frames[0])], ['twice', 'outer.js:3'], frames.map(where).join(' < '));
      assert.equal(valueMap(await vars(s, (await scopes(s, frames[0].id))[0].variablesReference)).x, '8');

      await s.dc.setBreakpointsRequest({ source: { path: APP }, breakpoints: [] });
      const stops = s.events.of('stopped').length;
      await s.dc.continueRequest({ threadId: 1 });
      await s.events.next('terminated');
      assert.equal(s.events.of('stopped').length, stops, 'no further stop');
      assert.match(s.events.text('stdout'), /result 47/);
    } finally {
      await closeSession(s);
    }
  });
});
