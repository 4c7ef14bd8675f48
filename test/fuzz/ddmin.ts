// Delta debugging (Zeller's ddmin): the smallest sublist of `items` (1-minimal within the budget)
// on which `fails` still holds. Used to minimize the DAP fuzzer's request sequences.

export interface DdminResult<T> {
  items: T[];
  /** Sublists checked. */
  calls: number;
}

export async function ddmin<T>(
  items: readonly T[],
  fails: (xs: T[]) => Promise<boolean>,
  budget: { calls: number; ms: number },
): Promise<DdminResult<T>> {
  const t0 = Date.now();
  let calls = 0;
  const left = () => calls < budget.calls && Date.now() - t0 < budget.ms;
  const check = async (xs: T[]) => {
    calls++;
    try {
      return await fails(xs);
    } catch {
      return false; // a harness error is not the failure being minimized
    }
  };
  let cur = [...items];
  if (cur.length && (await check([]))) return { items: [], calls };
  let n = 2;
  while (cur.length >= 2 && left()) {
    const size = Math.ceil(cur.length / n);
    let reduced = false;
    // Removing one chunk (keeping its complement) first, then keeping one chunk alone.
    for (let i = 0; i < cur.length && left() && !reduced; i += size) {
      const complement = [...cur.slice(0, i), ...cur.slice(i + size)];
      if (await check(complement)) { cur = complement; n = Math.max(n - 1, 2); reduced = true; }
    }
    for (let i = 0; i < cur.length && left() && !reduced && n > 2; i += size) {
      const chunk = cur.slice(i, i + size);
      if (await check(chunk)) { cur = chunk; n = 2; reduced = true; }
    }
    if (!reduced) {
      if (n >= cur.length) break;
      n = Math.min(cur.length, n * 2);
    }
  }
  return { items: cur, calls };
}
