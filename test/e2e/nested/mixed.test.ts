// Nested host calls in mixed mode (issue #4): a script calls a host function that calls back into
// the guest (ctx.callFunction, ctx.evalCode). Each script frame sits above the Wasm frames of the
// interpreter entry that runs it, below the host frame that made that entry.
import assert from 'node:assert/strict';
import path from 'node:path';
import { it } from 'node:test';
import { REPO } from '../dap-client.js';
import { closeSession, describeEachEngine, launchUntilInitialized, openSession, scopes, stack, valueMap, vars, type Session } from '../helpers.js';

const T = { timeout: 90_000 };
const DIR = path.join(REPO, 'test', 'e2e', 'fixtures', 'nested');
const APP = path.join(DIR, 'app.mjs');
const INNER = path.join(DIR, 'inner.js');

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
      assert.deepEqual(shape, [
        'inner.js:innermost', 'inner.js:(program)', 'w', 'host:hostEval',
        'outer.js:twice', 'w', 'host:hostRun',
        'outer.js:<anonymous>', 'outer.js:start', 'outer.js:(program)', 'w', 'host:(anonymous)',
      ], kinds.join(' < '));

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

      await s.dc.continueRequest({ threadId: 1 });
      await s.events.next('terminated');
      assert.match(s.events.text('stdout'), /result 47/);
    } finally {
      await closeSession(s);
    }
  });
});
