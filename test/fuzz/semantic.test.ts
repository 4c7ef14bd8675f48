// Fixed-seed corpus: every program prints the same text and exits the same way plain, instrumented
// idle (both engines), and armed with a breakpoint that is never hit (DAP, quickjs).
// Programs never end with an uncaught exception here: that case is a reported bug, see
// regressions.test.ts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateProgram } from './generator.js';
import { semanticCheck } from './loops.js';
import { scratchDir } from './runners.js';

const SEEDS = Array.from({ length: 30 }, (_, i) => 7_000 + i);

describe('semantic preservation over a fixed corpus', () => {
  // About 200 interpreter runs: on a shared 2-core machine under load this took over 110 s.
  it(`${SEEDS.length} generated programs: plain == instrumented idle == armed`, { timeout: 300_000 }, async () => {
    const dir = scratchDir();
    const failures: string[] = [];
    let next = 0;
    await Promise.all([0, 1].map(async () => {
      while (next < SEEDS.length) {
        const seed = SEEDS[next++]!;
        // Armed runs (a DAP session each) on every third program keep the corpus fast.
        const r = await semanticCheck(generateProgram(seed, { noUncaught: true }), dir, seed % 3 === 0 ? ['quickjs'] : []);
        if (r.diffs.length) failures.push(`seed ${seed} (${r.file}):\n  ${r.diffs.join('\n  ')}`);
      }
    }));
    assert.deepEqual(failures, []);
  });
});
