// Fixed-seed DAP robustness sessions: every request answered, no crash or hang, no orphan debuggee.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fuzzDapSession } from './dap-fuzz.js';
import { scratchDir } from './runners.js';

const SEEDS = [1, 2, 3, 4, 5, 6];

describe('DAP robustness', () => {
  it(`${SEEDS.length} random/malformed request sequences`, { timeout: 110_000 }, async () => {
    const dir = scratchDir();
    const faults: string[] = [];
    for (const seed of SEEDS) {
      const r = await fuzzDapSession(seed, dir);
      if (r.faults.length) faults.push(`seed ${seed}: ${r.faults.join('; ')}\n  actions: ${r.log.join(' ; ')}`);
    }
    assert.deepEqual(faults, []);
  });
});
