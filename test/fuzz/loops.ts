// The differential loops over one generated program: semantic preservation and stepping vs V8.
import { compareStops, type StepComparison } from './compare.js';
import { generateProgram, type GeneratedProgram, type GeneratorOptions } from './generator.js';
import { HarnessError, runArmed, runCli, stepNestdbg, stepPolicy, stepV8, writeProgram, type Engine, type RunResult } from './runners.js';

export const ENGINES: Engine[] = ['quickjs', 'quickjs-ng'];

export interface SemanticResult {
  seed: number;
  file: string;
  diffs: string[];
  /** Plain QuickJS output differs from node's (a generator determinism warning, not a product bug). */
  nodeMismatch?: string;
}

function describeDiff(label: string, want: RunResult, got: RunResult): string | undefined {
  const parts: string[] = [];
  if (want.code !== got.code) parts.push(`exit code ${want.code} vs ${got.code}`);
  for (const k of ['stdout', 'stderr'] as const) {
    if (want[k] === got[k]) continue;
    const wl = want[k].split('\n');
    const gl = got[k].split('\n');
    let i = 0;
    while (i < wl.length && wl[i] === gl[i]) i++;
    parts.push(`${k} differs at line ${i + 1}: plain ${JSON.stringify(wl[i] ?? '<end>')} vs ${JSON.stringify(gl[i] ?? '<end>')}`);
  }
  return parts.length ? `${label}: ${parts.join('; ')}` : undefined;
}

/**
 * plain == instrumented idle on both engines, and plain == armed-never-hit (DAP) on `armedEngines`.
 */
export async function semanticCheck(p: GeneratedProgram, dir: string, armedEngines: Engine[] = ['quickjs']): Promise<SemanticResult> {
  const file = writeProgram(dir, `sem-${p.seed}.js`, p.source);
  const diffs: string[] = [];
  let nodeMismatch: string | undefined;
  for (const engine of ENGINES) {
    const [plain, idle] = await Promise.all([runCli(file, engine, false), runCli(file, engine, true)]);
    // A run that did not finish in time says nothing yet: the caller retries (main.ts), and only
    // then reports it, as a difference.
    if (plain.timedOut || idle.timedOut) throw new HarnessError(`${engine}: a run was killed after its time limit (${plain.timedOut ? 'plain' : 'instrumented'})`);
    const d = describeDiff(`${engine} instrumented-idle`, plain, idle);
    if (d) diffs.push(d);
    if (armedEngines.includes(engine)) {
      const armed = await runArmed(file, engine, p.deadLine);
      if (armed.stopped) diffs.push(`${engine} armed: stopped (${armed.stopped}) on a breakpoint that is never reached`);
      const da = describeDiff(`${engine} armed (DAP)`, plain, armed);
      if (da) diffs.push(da);
    }
    if (engine === 'quickjs') {
      const node = await runCli(file, 'node', false);
      if (node.stdout !== plain.stdout) nodeMismatch = describeDiff('node vs quickjs', node, { ...plain, stderr: node.stderr, code: node.code });
    }
  }
  return { seed: p.seed, file, diffs, nodeMismatch };
}

export interface SteppingResult extends StepComparison {
  seed: number;
  file: string;
  nestStops: number;
  v8Stops: number;
}

/** Steps the program in nestdbg and in V8 under the same policy and compares the stops. */
export async function steppingCheck(p: GeneratedProgram, dir: string, maxStops = 250): Promise<SteppingResult> {
  const file = writeProgram(dir, `step-${p.seed}.js`, p.source);
  const policy = stepPolicy(p.seed, p.source);
  const nest = await stepNestdbg(file, p.firstLine, policy, maxStops);
  const v8 = await stepV8(file, p.firstLine, policy, Math.round(maxStops * 1.6));
  const cmp = compareStops(p.source, nest.stops, nest.ended, v8.stops, v8.ended);
  return {
    ...cmp, seed: p.seed, file, nestStops: nest.stops.length, v8Stops: v8.stops.length,
  };
}

/** Smaller programs for stepping (every step is a DAP round trip plus an oracle run). */
export const STEP_PROGRAM: GeneratorOptions = { functions: 3, statements: 5 };

export function programFor(seed: number, options?: GeneratorOptions): GeneratedProgram {
  return generateProgram(seed, options);
}
