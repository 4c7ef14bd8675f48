// ddmin finds a small failing sublist: what the DAP fuzzer's fault minimization relies on.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ddmin } from './ddmin.js';

describe('ddmin', () => {
  it('reduces a list to the items the failure needs, in their order', async () => {
    const items = Array.from({ length: 40 }, (_, i) => i);
    const r = await ddmin(items, async (xs) => xs.includes(7) && xs.includes(23), { calls: 200, ms: 60_000 });
    assert.deepEqual(r.items, [7, 23]);
    assert.ok(r.calls < 60, `${r.calls} checks`);
  });

  it('keeps the whole list when every item is needed, and stops at its budget', async () => {
    const items = [1, 2, 3, 4];
    assert.deepEqual((await ddmin(items, async (xs) => xs.length === 4, { calls: 100, ms: 60_000 })).items, items);
    const big = Array.from({ length: 100 }, (_, i) => i);
    const r = await ddmin(big, async (xs) => xs.includes(50), { calls: 3, ms: 60_000 });
    assert.ok(r.calls <= 3 && r.items.includes(50));
  });
});
