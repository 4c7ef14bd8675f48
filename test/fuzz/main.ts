// `npm run fuzz -- --programs N --seed S [--stepping M] [--dap K] [--shrink J] [--verbose]`
// Runs the three loops (semantic preservation, stepping vs V8, DAP robustness) and prints one
// summary line, with details of every failure above it. Each new kind of failure is minimized
// and saved under test/fuzz/regressions/ (triage.ts); `--shrink 0` turns that off.
import fs from 'node:fs';
import { diffKind } from './compare.js';
import { fuzzDapSession } from './dap-fuzz.js';
import { programFor, semanticCheck, steppingCheck, STEP_PROGRAM } from './loops.js';
import { scratchDir } from './runners.js';
import { triage, type Failure } from './triage.js';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isFinite(v)) throw new Error(`--${name} needs a number`);
  return v;
}

/** Runs `fn` over `items` with at most `limit` in flight, in order of start. */
async function pool<T, R>(items: T[], limit: number, fn: (x: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  }));
  return out;
}

const programs = option('programs', 50);
const seed = option('seed', 1);
const steppingN = option('stepping', programs);
const dapN = option('dap', Math.max(10, Math.round(programs / 4)));
const jobs = option('jobs', 2);
const shrinkLimit = option('shrink', 3);
const failures: Failure[] = [];
const verbose = process.argv.includes('--verbose');
const dir = scratchDir();
const seeds = Array.from({ length: programs }, (_, i) => seed * 100_000 + i);
const t0 = Date.now();

let semanticDiffs = 0;
let nodeWarnings = 0;
const sem = await pool(seeds, jobs, async (s) => {
  try {
    return await semanticCheck(programFor(s), dir);
  } catch (e) {
    return { seed: s, file: '', diffs: [`harness error: ${(e as Error).stack ?? e}`], nodeMismatch: undefined };
  }
});
for (const r of sem) {
  if (r.diffs.length) {
    semanticDiffs++;
    if (r.file) failures.push({ kind: 'semantic', program: programFor(r.seed), diffs: r.diffs });
    console.log(`SEMANTIC seed ${r.seed} (${r.file}):\n  ${r.diffs.join('\n  ')}`);
  }
  if (r.nodeMismatch) {
    nodeWarnings++;
    if (verbose) console.log(`note: seed ${r.seed} prints differently under node (generator determinism): ${r.nodeMismatch}`);
  }
}
const t1 = Date.now();

let agreed = 0;
let total = 0;
let inconsistent = 0;
const diffCounts = new Map<string, number>();
const step = await pool(seeds.slice(0, steppingN), jobs, async (s) => {
  try {
    return await steppingCheck(programFor(s, STEP_PROGRAM), dir);
  } catch (e) {
    return { seed: s, error: String((e as Error).stack ?? e) };
  }
});
for (const r of step) {
  if ('error' in r) {
    console.log(`STEPPING seed ${r.seed}: harness error ${r.error}`);
    continue;
  }
  agreed += r.agreed;
  total += r.total;
  if (!r.v8Consistent) inconsistent++;
  for (const d of r.diffs) diffCounts.set(diffKind(d), (diffCounts.get(diffKind(d)) ?? 0) + 1);
  // Only comparisons V8 converged on are minimized: the others may not reproduce.
  if (r.diffs.length && r.v8Consistent) failures.push({ kind: 'stepping', program: programFor(r.seed, STEP_PROGRAM), diffs: r.diffs });
  if (r.diffs.length && (verbose || r.agreed < r.total)) {
    console.log(`STEPPING seed ${r.seed} (${r.file}): ${r.agreed}/${r.total} agree; nestdbg ${r.nestStops} stops, V8 ${r.v8Stops} (${r.v8Iterations} oracle runs)`);
    for (const d of r.diffs.slice(0, verbose ? 50 : 4)) console.log(`  ${d}`);
  }
}
if (diffCounts.size) {
  console.log('stepping disagreements by kind:');
  for (const [k, n] of [...diffCounts].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`  ${String(n).padStart(5)}  ${k}`);
}
const t2 = Date.now();

let dapFaults = 0;
const dap = await pool(Array.from({ length: dapN }, (_, i) => seed * 100_000 + i), jobs, (s) => fuzzDapSession(s, dir));
for (const r of dap) {
  if (!r.faults.length) continue;
  dapFaults += r.faults.length;
  console.log(`DAP seed ${r.seed}:\n  ${r.faults.join('\n  ')}\n  actions: ${r.log.join(' ; ').slice(0, 1500)}`);
}
const t3 = Date.now();

if (shrinkLimit > 0 && failures.length) {
  console.log('triage (minimized failures become regression cases in test/fuzz/regressions/):');
  const report = await triage(failures, dir, `npm run fuzz -- --programs ${programs} --seed ${seed}`, shrinkLimit);
  for (const line of report) console.log(`  ${line}`);
}

if (dapFaults + semanticDiffs === 0) fs.rmSync(dir, { recursive: true, force: true });
else console.log(`programs kept in ${dir}`);
const pct = total ? ((100 * agreed) / total).toFixed(1) : 'n/a';
console.log(`(semantic ${((t1 - t0) / 1000).toFixed(0)}s, stepping ${((t2 - t1) / 1000).toFixed(0)}s over ${steppingN} programs, ${inconsistent} with an unconverged V8 step list, dap ${((t3 - t2) / 1000).toFixed(0)}s over ${dapN} sessions${nodeWarnings ? `, ${nodeWarnings} programs print differently under node` : ''})`);
console.log(`programs=${programs} semantic_diffs=${semanticDiffs} step_agreement=${pct}% dap_faults=${dapFaults}`);
process.exitCode = semanticDiffs + dapFaults > 0 ? 1 : 0;
