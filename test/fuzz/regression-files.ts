// Minimized fuzzer failures stored as regression cases in test/fuzz/regressions/*.json, written by
// `npm run fuzz` (triage.ts) and replayed by regressions.test.ts under `npm test`.
import fs from 'node:fs';
import path from 'node:path';
import { REPO } from '../e2e/dap-client.js';
import type { GeneratedProgram, GeneratorOptions } from './generator.js';
import { replayDapSession, type DapAction, type DapSessionResult } from './dap-session.js';
import { semanticCheck, steppingCheck } from './loops.js';
import { writeProgram } from './runners.js';

export const REGRESSION_DIR = path.join(REPO, 'test', 'fuzz', 'regressions');

export type RegressionCase = ProgramCase | DapCase;

/** A DAP fault: the program and the minimized request sequence that made the adapter fault. */
export interface DapCase {
  kind: 'dap';
  failure: string;
  foundBy: string;
  seed: number;
  /** The debugged program's source. */
  source: string;
  /** The session's actions; `${program}` stands for the program's path. */
  actions: DapAction[];
  open?: string;
  resolution?: string;
}

export interface ProgramCase {
  kind: 'stepping' | 'semantic';
  /** The failure as the fuzzer reported it (its kind, then the first difference). */
  failure: string;
  /** The fuzz command and program seed that found it. */
  foundBy: string;
  /** Labels the program and seeds the step policy. */
  seed: number;
  options: GeneratorOptions;
  /** The generator's choices: with `options`, they regenerate `source` exactly. */
  choices: number[];
  source: string;
  firstLine: number;
  deadLine: number;
  /** Set while the failure is known and not fixed: the test is then a todo, with this reason. */
  open?: string;
  /** How it was resolved (a fix, or the normalize.ts rule for a legitimate difference); added by hand. */
  resolution?: string;
}

export function caseProgram(c: ProgramCase): GeneratedProgram {
  return { seed: c.seed, source: c.source, firstLine: c.firstLine, deadLine: c.deadLine, throwsAtEnd: false, choices: c.choices, options: c.options, spans: [] };
}

export function loadRegressions(dir = REGRESSION_DIR): Array<{ file: string; c: RegressionCase }> {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort()
    .map((f) => ({ file: f, c: JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as RegressionCase }));
}

export function saveRegression(c: RegressionCase, dir = REGRESSION_DIR): string {
  fs.mkdirSync(dir, { recursive: true });
  let file = path.join(dir, `${c.kind}-${c.seed}.json`);
  for (let i = 2; fs.existsSync(file); i++) file = path.join(dir, `${c.kind}-${c.seed}-${i}.json`);
  fs.writeFileSync(file, JSON.stringify(c, null, 1) + '\n');
  return file;
}

/** Runs the case's check again; returns its differences ([] when it passes). */
export async function replayRegression(c: RegressionCase, scratch: string): Promise<string[]> {
  if (c.kind === 'dap') return (await replayDapCase(c, scratch)).faults;
  const p = caseProgram(c);
  if (c.kind === 'semantic') return (await semanticCheck(p, scratch)).diffs;
  const r = await steppingCheck(p, scratch, 150);
  const out = [...r.diffs];
  if (r.agreed < r.total && !out.length) out.push(`${r.agreed}/${r.total} stops agree`);
  return out;
}

const PROGRAM = '${program}';

/** Actions with the program's path replaced by `${program}` (a saved case runs anywhere). */
export function portableActions(actions: readonly DapAction[], program: string): DapAction[] {
  return JSON.parse(JSON.stringify(actions).split(JSON.stringify(program).slice(1, -1)).join(PROGRAM)) as DapAction[];
}

/** Runs a DAP case's actions against its program written to `scratch`. */
export function replayDapCase(c: DapCase, scratch: string): Promise<DapSessionResult> {
  const program = writeProgram(scratch, `dap-case-${c.seed}.js`, c.source);
  const actions = JSON.parse(JSON.stringify(c.actions).split(PROGRAM).join(JSON.stringify(program).slice(1, -1))) as DapAction[];
  return replayDapSession(program, actions);
}
