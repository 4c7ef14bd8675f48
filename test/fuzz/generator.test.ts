// The generator is deterministic, its programs terminate and print under plain node, its choices
// regenerate its programs, and shrinking them keeps a property while the program gets smaller.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateFromChoices, generateProgram } from './generator.js';
import { shrinkProgram } from './shrink.js';
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

  it('a program\'s choices and options regenerate it', () => {
    for (const seed of [1, 77, 4242]) {
      const p = generateProgram(seed);
      assert.equal(generateFromChoices(p.choices, p.options, seed).source, p.source);
    }
  });

  it('shrinking keeps the property and makes the program smaller', async () => {
    // A property of the text: a generator that is resumed by a for-of loop.
    const has = (src: string) => /function\* (gen\d+)[\s\S]*for \(const \w+ of \1\(/.test(src);
    const seed = [...Array(200).keys()].map((i) => 500 + i).find((s) => has(generateProgram(s).source))!;
    const start = generateProgram(seed);
    const r = await shrinkProgram(start, async (p) => has(p.source), { calls: 400, ms: 20_000 });
    assert.ok(has(r.program.source));
    assert.ok(r.program.source.length < start.source.length / 2, `${start.source.length} -> ${r.program.source.length} chars`);
    assert.equal(generateFromChoices(r.program.choices, r.program.options, seed).source, r.program.source);
  });
});
