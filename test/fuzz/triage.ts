// Triage of the fuzzer's failures: each new kind of failure is minimized (shrink.ts) and saved as
// a regression case (regression-files.ts). One program per kind: others of the same kind are
// almost always the same bug, and every minimization runs real debuggers many times.
import { diffKind } from './compare.js';
import type { DapFuzzResult } from './dap-fuzz.js';
import { replayDapSession, type DapAction } from './dap-session.js';
import { ddmin } from './ddmin.js';
import type { GeneratedProgram } from './generator.js';
import { semanticCheck, steppingCheck } from './loops.js';
import { loadRegressions, portableActions, saveRegression, type RegressionCase } from './regression-files.js';
import { shrinkProgram, type ShrinkBudget } from './shrink.js';

export interface Failure {
  kind: 'stepping' | 'semantic';
  program: GeneratedProgram;
  /** The differences the check reported for it. */
  diffs: string[];
}

/** The kind a semantic difference is filed under: which run differed (`quickjs armed (DAP)`…). */
export function semanticKind(diff: string): string {
  return diff.split(':')[0]!;
}

function kindsOf(f: Failure): string[] {
  return f.kind === 'stepping' ? f.diffs.map(diffKind) : f.diffs.map(semanticKind);
}

/** Whether the program still shows a failure of this kind. */
async function stillFails(kind: Failure['kind'], want: string, p: GeneratedProgram, dir: string): Promise<boolean> {
  if (kind === 'semantic') return (await semanticCheck(p, dir)).diffs.some((d) => semanticKind(d) === want);
  const r = await steppingCheck(p, dir, 150);
  return r.diffs.some((d) => diffKind(d) === want);
}

/**
 * Minimizes and saves up to `limit` failures of kinds no stored regression case has. Returns one
 * line per failure kind for the report.
 */
export async function triage(failures: Failure[], dir: string, foundBy: string, limit: number, budget?: ShrinkBudget): Promise<string[]> {
  const known = new Set(loadRegressions().map(({ c }) => `${c.kind}: ${c.failure.split('\n')[0]}`));
  const report: string[] = [];
  const done = new Set<string>();
  let minimized = 0;
  for (const f of failures) {
    const kind = kindsOf(f)[0];
    if (kind === undefined) continue;
    const key = `${f.kind}: ${kind}`;
    if (done.has(key)) continue;
    done.add(key);
    if (known.has(key)) {
      report.push(`${key} — seed ${f.program.seed}: a stored regression case has this kind already`);
      continue;
    }
    if (minimized >= limit) {
      report.push(`${key} — seed ${f.program.seed}: not minimized (--shrink ${limit} reached)`);
      continue;
    }
    minimized++;
    const t0 = Date.now();
    const r = await shrinkProgram(f.program, (p) => stillFails(f.kind, kind, p, dir), budget);
    const p = r.program;
    const c: RegressionCase = {
      kind: f.kind,
      failure: `${kind}\n${f.diffs[0]}`,
      foundBy: `${foundBy}, program seed ${f.program.seed}`,
      seed: p.seed, options: p.options, choices: p.choices, source: p.source, firstLine: p.firstLine, deadLine: p.deadLine,
    };
    const file = saveRegression(c);
    const lines = (s: string) => s.split('\n').length;
    report.push(`${key} — seed ${f.program.seed}: minimized ${lines(f.program.source)} → ${lines(p.source)} lines in ${r.calls} checks (${((Date.now() - t0) / 1000).toFixed(0)} s), saved ${file}`);
  }
  return report;
}

/** The kind a DAP fault is filed under: its text with numbers (seqs, codes, pids) left out. */
export function dapFaultKind(fault: string): string {
  return fault.replace(/\d+/g, '_').slice(0, 120);
}

/**
 * Minimizes up to `limit` DAP faults of kinds no stored case has to the shortest action list
 * that still faults the same way (ddmin over the session's actions; the ending is kept, and made
 * a plain disconnect when that still faults), and saves each as a `dap` regression case.
 */
export async function triageDap(results: DapFuzzResult[], foundBy: string, limit: number, budget = { calls: 40, ms: 300_000 }): Promise<string[]> {
  const known = new Set(loadRegressions().map(({ c }) => `${c.kind}: ${c.failure.split('\n')[0]}`));
  const report: string[] = [];
  const done = new Set<string>();
  let minimized = 0;
  for (const r of results) {
    if (!r.faults.length) continue;
    const kind = dapFaultKind(r.faults[0]!);
    const key = `dap: ${kind}`;
    if (done.has(key)) continue;
    done.add(key);
    if (known.has(key)) { report.push(`${key} — seed ${r.seed}: a stored regression case has this kind already`); continue; }
    if (minimized >= limit) { report.push(`${key} — seed ${r.seed}: not minimized (--shrink ${limit} reached)`); continue; }
    minimized++;
    const t0 = Date.now();
    const faults = async (xs: DapAction[]) => (await replayDapSession(r.program, xs)).faults.some((f) => dapFaultKind(f) === kind);
    let end = r.actions.at(-1)!;
    const body = r.actions.slice(0, -1);
    if (!(await faults(r.actions))) { report.push(`${key} — seed ${r.seed}: did not fault again on replay (timing); not saved`); continue; }
    const plain: DapAction = { t: 'end', ending: 'disconnect' };
    if (end.t === 'end' && end.ending !== 'disconnect' && (await faults([...body, plain]))) end = plain;
    const m = await ddmin(body, (xs) => faults([...xs, end]), budget);
    const file = saveRegression({
      kind: 'dap', failure: `${kind}\n${r.faults[0]}`, foundBy: `${foundBy}, DAP session seed ${r.seed}`,
      seed: r.seed, source: r.source, actions: portableActions([...m.items, end], r.program),
    });
    report.push(`${key} — seed ${r.seed}: minimized ${r.actions.length} → ${m.items.length + 1} actions in ${m.calls + 1} replays (${((Date.now() - t0) / 1000).toFixed(0)} s), saved ${file}`);
  }
  return report;
}
