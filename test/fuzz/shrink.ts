// Minimizes a failing generated program by shrinking the generator's choices (choices.ts): whole
// statements, helpers and classes first (the choices' spans), then shorter and smaller choice
// lists, keeping each candidate only while the failure it must reproduce still shows. Greedy, like Hypothesis's
// shrinker, and bounded by a budget of checks and time (every check runs real debuggers).
import { generateFromChoices, type GeneratedProgram, type GeneratorOptions } from './generator.js';

export interface ShrinkBudget {
  /** Most candidate programs checked. */
  calls: number;
  /** Wall-clock limit in milliseconds (checked between candidates). */
  ms: number;
}

export interface ShrinkResult {
  program: GeneratedProgram;
  calls: number;
  /** Candidates that still failed. */
  accepted: number;
}

/** Shortlex order on (options, choices): fewer statements and functions first, then shorter, then smaller. */
function simpler(a: GeneratedProgram, b: GeneratedProgram): boolean {
  const ka = [a.options.statements ?? 0, a.options.functions ?? 0, a.choices.length];
  const kb = [b.options.statements ?? 0, b.options.functions ?? 0, b.choices.length];
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i]! < kb[i]!;
  for (let i = 0; i < a.choices.length; i++) if (a.choices[i] !== b.choices[i]) return a.choices[i]! < b.choices[i]!;
  return false;
}

export async function shrinkProgram(
  start: GeneratedProgram,
  fails: (p: GeneratedProgram) => Promise<boolean>,
  budget: ShrinkBudget = { calls: 150, ms: 240_000 },
): Promise<ShrinkResult> {
  const t0 = Date.now();
  let best = start;
  let calls = 0;
  let accepted = 0;
  const seen = new Set<string>([best.source]);
  const left = () => calls < budget.calls && Date.now() - t0 < budget.ms;

  /** Checks the program these choices give; adopts it when it is simpler and still fails. */
  const attempt = async (choices: number[], options: GeneratorOptions): Promise<boolean> => {
    if (!left()) return false;
    const p = generateFromChoices(choices, options, start.seed);
    if (seen.has(p.source) || !simpler(p, best)) return false;
    seen.add(p.source);
    calls++;
    let failed = false;
    try {
      failed = await fails(p);
    } catch {
      failed = false; // a harness error is not the failure being shrunk
    }
    if (failed) {
      best = p;
      accepted++;
    }
    return failed;
  };

  // Whole units first (a statement, a helper, a class), largest first: they remove the most code
  // per check. Deleting one also lowers what counts it; each success starts over from the largest.
  let progress = true;
  while (progress && left()) {
    progress = false;
    for (const sp of [...best.spans].sort((a, b) => b.end - b.start - (a.end - a.start))) {
      if (!left()) break;
      const c = [...best.choices.slice(0, sp.start), ...best.choices.slice(sp.end)];
      let o = best.options;
      if (typeof sp.count === 'number') {
        if (!(c[sp.count]! > 0)) continue;
        c[sp.count]!--;
      } else {
        const n = o[sp.count] ?? 0;
        if (n <= (sp.count === 'statements' ? 1 : 0)) continue;
        o = { ...o, [sp.count]: n - 1 };
      }
      if (await attempt(c, o)) { progress = true; break; }
    }
  }

  // Then the choices: delete chunks, zero chunks, lower single values; repeat while it helps.
  let improved = true;
  while (improved && left()) {
    improved = false;
    for (let k = Math.max(1, Math.floor(best.choices.length / 4)); k >= 1 && left(); k = Math.floor(k / 2)) {
      for (let i = best.choices.length - k; i >= 0 && left(); i -= k) {
        const c = best.choices;
        if (await attempt([...c.slice(0, i), ...c.slice(i + k)], best.options)) improved = true;
        else if (c.slice(i, i + k).some((v) => v > 0) && (await attempt([...c.slice(0, i), ...Array<number>(k).fill(0), ...c.slice(i + k)], best.options))) improved = true;
      }
    }
    for (let i = best.choices.length - 1; i >= 0 && left(); i--) {
      const v = best.choices[i]!;
      if (v > 1 && (await attempt(best.choices.map((x, j) => (j === i ? v - 1 : x)), best.options))) improved = true;
    }
  }
  return { program: best, calls, accepted };
}
