// Fixed-seed stepping comparison against V8 (see normalize.ts for the accepted differences): every
// stop must agree; a new difference is either a product bug or a rule normalize.ts lacks.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateProgram } from './generator.js';
import { STEP_PROGRAM, steppingCheck } from './loops.js';
import { scratchDir } from './runners.js';

const SEEDS = [11, 12, 13, 14, 15, 16];

describe('stepping agrees with V8 over a fixed corpus', () => {
  it(`${SEEDS.length} generated programs, per-line next/stepIn policy`, { timeout: 110_000 }, async () => {
    const dir = scratchDir();
    let agreed = 0;
    let total = 0;
    const report: string[] = [];
    for (const seed of SEEDS) {
      const r = await steppingCheck(generateProgram(seed, STEP_PROGRAM), dir, 150);
      assert.ok(r.nestStops >= 2 && r.v8Stops >= 2, `seed ${seed}: both sides stopped and stepped`);
      agreed += r.agreed;
      total += r.total;
      report.push(`seed ${seed}: ${r.agreed}/${r.total}\n    ${r.diffs.slice(0, 5).join('\n    ')}`);
    }
    assert.equal(agreed, total, `stepping agreement ${agreed}/${total}:\n${report.join('\n')}`);
  });
});
