// The generator is deterministic and its programs terminate and print under plain node.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateProgram } from './generator.js';
import { runCli, scratchDir, writeProgram } from './runners.js';

describe('fuzz program generator', () => {
  it('same seed, same program; different seeds, different programs', () => {
    assert.equal(generateProgram(42).source, generateProgram(42).source);
    assert.notEqual(generateProgram(42).source, generateProgram(43).source);
  });

  it('programs run to completion under node and print their first line', { timeout: 60_000 }, async () => {
    const dir = scratchDir();
    for (let seed = 900; seed < 905; seed++) {
      const p = generateProgram(seed);
      const lines = p.source.split('\n');
      assert.match(lines[p.firstLine - 1]!, /^console\.log\("program \d+"\);$/);
      assert.match(lines[p.deadLine - 1]!, /dead code ran/);
      const r = await runCli(writeProgram(dir, `gen-${seed}.js`, p.source), 'node', false);
      assert.equal(r.code, p.throwsAtEnd ? 1 : 0, `seed ${seed}: ${r.stderr}`);
      assert.match(r.stdout, new RegExp(`^program ${seed}\n`));
      assert.doesNotMatch(r.stdout, /dead code ran/);
    }
  });
});
