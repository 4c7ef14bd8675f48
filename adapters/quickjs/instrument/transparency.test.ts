// The instrumentation is invisible: every sample prints the same, and exits the same, when it runs
// plain, instrumented idle (the plain versions of functions and loops run) and instrumented with
// every check on (their instrumented copies run), on both QuickJS builds. Runs the real CLI.
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
        assert.ok(plain.stdout.length > 0, 'the program prints something');
        assert.deepEqual(run(engine, program, '--instrumented'), plain, 'idle');
        // Instrumented copies are flattened onto one line, and the guest's own err.stack cannot be
        // remapped (bellard's QuickJS has no Error.prepareStackTrace): positions the program prints
        // from it may differ there. The debugger maps positions on the host side.
        const positionless = (r: ReturnType<typeof run>) => ({ ...r, stdout: r.stdout.replace(/\.js:\d+:\d+\)/g, '.js)') });
        assert.deepEqual(positionless(run(engine, program, '--check-all')), positionless(plain), 'every check on');
      });
    }
  });
}
