// Runs the conformance scenarios against producers and reports a table.
import { CheckFailure } from './driver.js';
import { PRODUCERS, type ProducerUnderTest } from './producers.js';
import { CAPABILITY_CHECKS, SCENARIOS, type Scenario } from './scenarios.js';
import { Session } from './driver.js';
import path from 'node:path';
import type { Capability } from '../../abi/index.js';

export type Outcome = 'pass' | 'fail' | 'skip';

export interface Result {
  producer: string;
  rule: string;
  title: string;
  outcome: Outcome;
  detail?: string;
  ms: number;
}

/** The producer's declared capabilities, asked through the ABI at script-loaded. */
export async function declaredCapabilities(p: ProducerUnderTest): Promise<Capability[]> {
  const s = await Session.start(p, path.join(p.lang.samples, 'fib' + p.lang.ext));
  try {
    await s.loaded();
    return await s.capabilities();
  } finally {
    s.close();
  }
}

export async function runScenario(p: ProducerUnderTest, scenario: Scenario, caps: Capability[]): Promise<Result> {
  const start = Date.now();
  const base = { producer: p.name, rule: scenario.rule, title: scenario.title };
  const missing = scenario.needs.filter((c) => !caps.includes(c));
  if (missing.length) return { ...base, outcome: 'skip', detail: `not declared: ${missing.join(', ')}`, ms: 0 };
  const lacking = (scenario.samples ?? []).map((name) => p.lang.lacks?.[name]).filter((why) => why !== undefined);
  if (lacking.length) return { ...base, outcome: 'skip', detail: lacking.join('; '), ms: 0 };
  try {
    await scenario.run(p);
    return { ...base, outcome: 'pass', ms: Date.now() - start };
  } catch (e) {
    const detail = e instanceof CheckFailure ? e.message : `${(e as Error).message}`;
    return { ...base, outcome: 'fail', detail, ms: Date.now() - start };
  }
}

export async function runConformance(producers: readonly ProducerUnderTest[], options: { fast?: boolean; log?: (r: Result) => void } = {}): Promise<Result[]> {
  const results: Result[] = [];
  for (const p of producers) {
    const caps = await declaredCapabilities(p);
    for (const scenario of SCENARIOS.filter((s) => !options.fast || s.fast)) {
      const r = await runScenario(p, scenario, caps);
      results.push(r);
      options.log?.(r);
    }
    // §12: a declared capability is backed by passing checks.
    const failed = new Set(results.filter((r) => r.producer === p.name && r.outcome === 'fail').map((r) => r.rule));
    const falseClaims = caps.filter((c) => CAPABILITY_CHECKS[c]?.some((rule) => failed.has(rule)));
    const r: Result = {
      producer: p.name, rule: '§12', title: `declared capabilities match behaviour (${caps.join(', ')})`,
      outcome: falseClaims.length ? 'fail' : 'pass', detail: falseClaims.length ? `failing: ${falseClaims.join(', ')}` : undefined, ms: 0,
    };
    results.push(r);
    options.log?.(r);
  }
  return results;
}

/** One row per check, one column per producer. */
export function table(results: Result[]): string {
  const producers = [...new Set(results.map((r) => r.producer))];
  const rows = [...new Map(results.map((r) => [`${r.rule} ${r.title}`, r])).keys()];
  const cell = (o: Outcome | undefined) => (o === 'pass' ? 'pass' : o === 'fail' ? 'FAIL' : o === 'skip' ? 'skip' : '-');
  const width = Math.min(96, Math.max(...rows.map((r) => r.length)));
  const cols = producers.map((p) => Math.max(p.length, 4));
  const lines = [
    ['check'.padEnd(width), ...producers.map((p, i) => p.padEnd(cols[i]))].join(' | '),
    ['-'.repeat(width), ...cols.map((c) => '-'.repeat(c))].join('-|-'),
  ];
  for (const row of rows) {
    const cells = producers.map((p, i) => cell(results.find((r) => r.producer === p && `${r.rule} ${r.title}` === row)?.outcome).padEnd(cols[i]));
    const label = row.length > width ? row.slice(0, width - 1) + '…' : row.padEnd(width);
    lines.push([label, ...cells].join(' | '));
  }
  const totals = producers.map((p) => {
    const mine = results.filter((r) => r.producer === p);
    return `${p}: ${mine.filter((r) => r.outcome === 'pass').length} passed, ${mine.filter((r) => r.outcome === 'fail').length} failed, ${mine.filter((r) => r.outcome === 'skip').length} skipped`;
  });
  // Every skip says why (a capability not declared, or a sample the language cannot express).
  const skips = results.filter((r) => r.outcome === 'skip').map((r) => `skip: ${r.producer} ${r.rule} ${r.title.split(':')[0]} — ${r.detail}`);
  return [...lines, '', ...totals, ...(skips.length ? ['', ...skips] : [])].join('\n');
}

export { PRODUCERS };
