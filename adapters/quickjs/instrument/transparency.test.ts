// The instrumentation is invisible: every sample prints the same, and exits the same, when it runs
// plain and when it runs instrumented (idle), on both QuickJS builds. Runs the real CLI.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(fileURLToPath(new URL('../../../../', import.meta.url)));
const cli = path.join(repo, 'dist', 'adapters', 'cli', 'main.js');
const fixtures = path.join(repo, 'adapters', 'quickjs', 'instrument', 'fixtures');
const programs = [
  ...fs.readdirSync(path.join(repo, 'samples', 'js')).filter((f) => f.endsWith('.js')).map((f) => path.join(repo, 'samples', 'js', f)),
  ...fs.readdirSync(fixtures).filter((f) => f.endsWith('.js')).map((f) => path.join(fixtures, f)),
];

const run = (engine: string, program: string, ...flags: string[]) => {
  const r = spawnSync(process.execPath, [cli, 'run', '--engine', engine, ...flags, program], { encoding: 'utf8', timeout: 60_000 });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
};

for (const engine of ['quickjs', 'quickjs-ng']) {
  describe(`instrumentation is transparent on ${engine}`, () => {
    for (const program of programs) {
      it(path.relative(repo, program), () => {
        const plain = run(engine, program);
        const instrumented = run(engine, program, '--instrumented');
        assert.ok(plain.stdout.length > 0, 'the program prints something');
        assert.deepEqual(instrumented, plain);
      });
    }
  });
}
