// Fixed-seed DAP robustness sessions: every request answered, no crash or hang, no orphan debuggee.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fuzzDapSession } from './dap-fuzz.js';
import { portableActions, replayDapCase } from './regression-files.js';
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

  it('a session saved as a case (as fault triage saves one) replays the same requests', { timeout: 60_000 }, async () => {
    const dir = scratchDir();
    const r = await fuzzDapSession(3, dir);
    const actions = portableActions(r.actions, r.program);
    assert.ok(!JSON.stringify(actions).includes(r.program), 'the program path is replaced');
    const again = await replayDapCase({ kind: 'dap', failure: '', foundBy: '', seed: 3, source: r.source, actions }, dir);
    const rel = (log: string[]) => log.map((l) => l.split(dir).join('<dir>').replace(/dap(-case)?-3\.js/g, 'p.js'));
    assert.deepEqual(rel(again.log), rel(r.log));
    assert.deepEqual(again.faults, []);
  });
});
