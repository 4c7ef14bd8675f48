// The fast subset of the ABI conformance suite (`npm run conformance` runs all of it), for every
// producer, through the ABI in real debuggee processes. Each test is named after its SPEC rule.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PRODUCERS } from './producers.js';
import { SCENARIOS } from './scenarios.js';
import { declaredCapabilities, runScenario } from './run.js';

// The QuickJS producer's known deviations (see abi/SPEC.md §16.5); the full suite reports them.
const KNOWN: Record<string, string[]> = {
  quickjs: [],
  'quickjs-ng': [],
};

for (const p of PRODUCERS) {
  test(`conformance: ${p.name}`, { timeout: 120_000 }, async (t) => {
    const caps = await declaredCapabilities(p);
    for (const scenario of SCENARIOS.filter((s) => s.fast)) {
      await t.test(`${scenario.rule} ${scenario.title}`, async (st) => {
        const r = await runScenario(p, scenario, caps);
        if (r.outcome === 'skip') return st.skip(r.detail);
        if (r.outcome === 'fail' && KNOWN[p.name]?.includes(scenario.rule)) return st.todo(`known deviation of ${p.name}: ${r.detail}`);
        assert.equal(r.outcome, 'pass', r.detail);
      });
    }
  });
}
