// The generator's randomness as a sequence of small integer choices, so a program can be
// regenerated from its choices alone and shrunk by shrinking them (shrink.ts), the way
// Hypothesis shrinks test cases.
//
// Recording (from a seed) draws exactly one number from the seeded PRNG per choice, so a seed
// gives the same program as before choices existed. Replaying takes the choices from a list;
// a value out of range is clamped, and a missing one is 0. Every choice is laid out so that 0 is
// the simplest option: the lower bound of a range, `false` for a chance, the first alternative.

/** mulberry32: small, fast, good enough, and identical everywhere. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Choices {
  /** Every choice made so far (a replayed list comes out clamped and completed). */
  readonly made: number[] = [];
  private readonly r?: () => number;
  private readonly replay?: readonly number[];

  private constructor(r?: () => number, replay?: readonly number[]) {
    this.r = r;
    this.replay = replay;
  }

  static fromSeed(seed: number): Choices {
    return new Choices(rng(seed));
  }

  static replaying(choices: readonly number[]): Choices {
    return new Choices(undefined, choices);
  }

  private take(n: number, fromRandom: (x: number) => number): number {
    let v: number;
    if (this.r) v = fromRandom(this.r());
    else v = Math.max(0, Math.min(n - 1, Math.floor(this.replay![this.made.length] ?? 0)));
    this.made.push(v);
    return v;
  }

  /** An integer in [0, n). */
  below(n: number): number {
    return this.take(n, (x) => Math.floor(x * n));
  }

  /** true with probability p (recorded as 1). */
  chance(p: number): boolean {
    return this.take(2, (x) => (x < p ? 1 : 0)) === 1;
  }

  /** An index into `weights` (the zero weights never chosen), with probability by weight. */
  weighted(weights: readonly number[]): number {
    const enabled = weights.flatMap((w, i) => (w > 0 ? [i] : []));
    const k = this.take(enabled.length, (x) => {
      let y = x * weights.reduce((s, w) => s + w, 0);
      for (let j = 0; j < enabled.length; j++) if ((y -= weights[enabled[j]!]!) < 0) return j;
      return enabled.length - 1;
    });
    return enabled[k]!;
  }
}
