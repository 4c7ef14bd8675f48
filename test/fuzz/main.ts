// `npm run fuzz -- --programs N --seed S [--from F] [--stepping M] [--dap K] [--shrink J] [--verbose]`
// Program i (0 ≤ i < N) has seed S·100000 + F + i, so `--from` selects a slice of a run.
// Runs the three loops (semantic preservation, stepping vs V8, DAP robustness) and prints one
// summary line, with details of every failure above it. Each new kind of failure is minimized
// and saved under test/fuzz/regressions/ (triage.ts); `--shrink 0` turns that off.
import fs from 'node:fs';
import { diffKind } from './compare.js';
import { fuzzDapSession } from './dap-fuzz.js';
import { programFor, semanticCheck, steppingCheck, STEP_PROGRAM } from './loops.js';
import { OracleUnavailable, retrying, scratchDir } from './runners.js';
import { triage, triageDap, type Failure } from './triage.js';

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
const from = option('from', 0);
const seeds = Array.from({ length: programs }, (_, i) => seed * 100_000 + from + i);
const t0 = Date.now();

// Checks whose harness failed (a wait ran out under load, a child died) are run again; a check
// that still fails that way is reported (a semantic one as a difference).
let retries = 0;
const onRetry = () => { retries++; };
let semanticDiffs = 0;
let nodeWarnings = 0;
const sem = await pool(seeds, jobs, async (s) => {
  try {
    return await retrying(() => semanticCheck(programFor(s), dir), 3, onRetry);
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
let harnessErrors = 0;
const diffCounts = new Map<string, number>();
const step = await pool(seeds.slice(0, steppingN), jobs, async (s) => {
  try {
    return await retrying(() => steppingCheck(programFor(s, STEP_PROGRAM), dir), 3, onRetry);
  } catch (e) {
    if (e instanceof OracleUnavailable) return { seed: s, oracleUnavailable: e.message };
    return { seed: s, error: String((e as Error).stack ?? e) };
  }
});
let oracleUnavailable = 0;
for (const r of step) {
  if ('oracleUnavailable' in r) {
    oracleUnavailable++;
    console.log(`STEPPING seed ${r.seed}: oracle unavailable (not compared): ${r.oracleUnavailable}`);
    continue;
  }
  if ('error' in r) {
    harnessErrors++;
    console.log(`STEPPING seed ${r.seed}: harness error ${r.error}`);
    continue;
  }
  agreed += r.agreed;
  total += r.total;
  for (const d of r.diffs) diffCounts.set(diffKind(d), (diffCounts.get(diffKind(d)) ?? 0) + 1);
  if (r.diffs.length) failures.push({ kind: 'stepping', program: programFor(r.seed, STEP_PROGRAM), diffs: r.diffs });
  if (r.diffs.length && (verbose || r.agreed < r.total)) {
    console.log(`STEPPING seed ${r.seed} (${r.file}): ${r.agreed}/${r.total} agree; nestdbg ${r.nestStops} stops, V8 ${r.v8Stops}`);
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

const command = `npm run fuzz -- --programs ${programs} --seed ${seed}${from ? ` --from ${from}` : ''}`;
if (shrinkLimit > 0 && (failures.length || dapFaults)) {
  console.log('triage (minimized failures become regression cases in test/fuzz/regressions/):');
  const report = [...await triage(failures, dir, command, shrinkLimit), ...await triageDap(dap, command, shrinkLimit)];
  for (const line of report) console.log(`  ${line}`);
}

if (dapFaults + semanticDiffs === 0) fs.rmSync(dir, { recursive: true, force: true });
else console.log(`programs kept in ${dir}`);
const pct = total ? ((100 * agreed) / total).toFixed(1) : 'n/a';
console.log(`(semantic ${((t1 - t0) / 1000).toFixed(0)}s, stepping ${((t2 - t1) / 1000).toFixed(0)}s over ${steppingN} programs (${agreed}/${total} stops agree${oracleUnavailable ? `, ${oracleUnavailable} without an oracle` : ''}), dap ${((t3 - t2) / 1000).toFixed(0)}s over ${dapN} sessions, ${retries} checks run again after a harness error${nodeWarnings ? `, ${nodeWarnings} programs print differently under node` : ''})`);
console.log(`programs=${programs} semantic_diffs=${semanticDiffs} step_agreement=${pct}% dap_faults=${dapFaults}${harnessErrors ? ` harness_errors=${harnessErrors}` : ''}${oracleUnavailable ? ` oracle_unavailable=${oracleUnavailable}` : ''}`);
process.exitCode = semanticDiffs + dapFaults + harnessErrors > 0 ? 1 : 0;
