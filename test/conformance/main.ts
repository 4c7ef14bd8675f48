// `npm run conformance [-- --producer NAME] [--fast]`: the ABI conformance suite, as a table.
import { producerNamed, PRODUCERS, type ProducerUnderTest } from './producers.js';
import { runConformance, table } from './run.js';

/** Runs the suite; resolves with the exit code (1 if any check failed, 2 on bad usage). */
export async function conformanceMain(argv: string[]): Promise<number> {
  let producers: ProducerUnderTest[] = [...PRODUCERS];
  let fast = false;
  const chosen: ProducerUnderTest[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--producer') {
      const p = producerNamed(argv[++i] ?? '');
      if (!p) {
        process.stderr.write(`nestdbg conformance: unknown producer ${argv[i]} (known: ${PRODUCERS.map((x) => x.name).join(', ')})\n`);
        return 2;
      }
      chosen.push(p);
    } else if (argv[i] === '--fast') fast = true;
    else {
      process.stderr.write(`nestdbg conformance: unknown option ${argv[i]}\n`);
      return 2;
    }
  }
  if (chosen.length) producers = chosen;
  const results = await runConformance(producers, {
    fast,
    log: (r) => process.stderr.write(`${r.outcome === 'pass' ? 'ok  ' : r.outcome === 'skip' ? 'skip' : 'FAIL'} ${r.producer} ${r.rule} ${r.title}${r.detail ? ` — ${r.detail}` : ''} (${r.ms} ms)\n`),
  });
  process.stdout.write(table(results) + '\n');
  const failures = results.filter((r) => r.outcome === 'fail');
  for (const f of failures) process.stdout.write(`\nFAIL ${f.producer} ${f.rule} ${f.title}\n  ${f.detail}\n`);
  return failures.length ? 1 : 0;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = await conformanceMain(process.argv.slice(2));
