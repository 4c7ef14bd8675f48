// Two QuickJS runtimes in mixed mode (fixtures/two-runtimes): a stop in the second runtime shows
// the host function of the first that evaluated the code (evalInner, and the app's evaluate it
// calls) between the two runtimes' script frames, each runtime's frames above the Wasm and host
// frames of its own entry.
import assert from 'node:assert/strict';
import path from 'node:path';
import { it } from 'node:test';
import { describeEachEngine, fixture, launchUntilInitialized, lineContaining, stack, step, withSession } from '../helpers.js';

const T = { timeout: 90_000 };
const APP = fixture('two-runtimes/app.mjs');
const INNER = fixture('two-runtimes/inner.js');

describeEachEngine('two runtimes in mixed mode', T, (engine) => {
  it('the host function that evaluated the second runtime\'s code sits between the runtimes\' frames', T, async () => {
    await withSession(engine, async (s) => {
      await launchUntilInitialized(s, { program: APP, mixedStack: true, env: { SANDBOX_ENGINE: engine } });
      await s.dc.setBreakpointsRequest({ source: { path: INNER }, breakpoints: [{ line: lineContaining(INNER, 'return x * x') }] });
      await s.dc.configurationDoneRequest();
      assert.equal((await s.events.stopped(60_000)).body.reason, 'breakpoint');
      // Script and host frames (Wasm frames and glue labels left out), as file:name.
      const shown = (await stack(s))
        .filter((f) => !f.instructionPointerReference && f.presentationHint !== 'label')
        .map((f) => `${path.basename(f.source?.path ?? '?')}:${f.name}`);
      const where = (name: string) => shown.indexOf(name);
      assert.deepEqual(shown.slice(0, 2), ['inner.js:square', 'inner-call.js:(program)'], shown.join(' < '));
      const evalInner = shown.findIndex((n, i) => n.startsWith('app.mjs:') && i > where('inner-call.js:(program)') && i < where('outer.js:main'));
      assert.ok(evalInner > 0, `a host frame of app.mjs between the runtimes: ${shown.join(' < ')}`);
      assert.deepEqual(shown.slice(where('outer.js:main'), where('outer.js:main') + 2), ['outer.js:main', 'outer.js:(program)'], shown.join(' < '));
      assert.equal(await step(s, 'continue', 60_000), undefined);
    });
  });
});
