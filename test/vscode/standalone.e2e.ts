// The VSIX is self-contained: unzipped outside the repository, its bundled adapter debugs a
// sample with no access to the repo's dist/ or node_modules/ (both engines).
// Run by `npm run test:vscode` (after `npm run package`), not by `npm test`.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { REPO } from './code-server.js';
import { vsixPath } from './vsix.js';

const WAIT_MS = 30_000;

describe('the packaged VSIX, unzipped outside the repository', () => {
  let dir: string;
  let extension: string;
  let program: string;

  before(() => {
    const vsix = vsixPath();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nestdbg-vsix-'));
    const unzip = spawnSync('unzip', ['-q', vsix, '-d', dir], { stdio: 'inherit' });
    assert.equal(unzip.status, 0, 'unzip failed');
    extension = path.join(dir, 'extension');
    // The program lives outside the repository too.
    program = path.join(dir, 'fib.js');
    fs.copyFileSync(path.join(REPO, 'samples', 'js', 'fib.js'), program);
  });

  after(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('holds the extension, the bundled adapter and everything it loads by path', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(extension, 'package.json'), 'utf8'));
    assert.equal(manifest.name, 'nestdbg');
    assert.equal(manifest.contributes.debuggers[0].type, 'nestdbg');
    for (const file of [
      'out/extension.js', 'dist/package.json', 'dist/adapters/dap/main.js', 'dist/adapters/quickjs/debuggee.js',
      'dist/runtime/agent/preload.js', 'dist/runtime/agent/worker.js', 'adapters/quickjs/guest/environment.js',
      'adapters/quickjs/guest/debug-runtime.js', 'vendor/@jitl/quickjs-wasmfile-release-sync/dist/emscripten-module.wasm',
      'vendor/@jitl/quickjs-ng-wasmfile-release-sync/dist/emscripten-module.wasm',
    ]) assert.ok(fs.existsSync(path.join(extension, file)), `${file} is in the VSIX`);
    assert.ok(!fs.existsSync(path.join(extension, 'node_modules')), 'no node_modules: everything is bundled');
    for (const bundle of ['out/extension.js', 'dist/adapters/dap/main.js', 'dist/adapters/quickjs/debuggee.js', 'dist/runtime/agent/preload.js', 'dist/runtime/agent/worker.js']) {
      const text = fs.readFileSync(path.join(extension, bundle), 'utf8');
      assert.ok(!text.includes(REPO), `${bundle} has no absolute path into the repository`);
    }
  });

  for (const engine of ['quickjs', 'quickjs-ng'] as const) {
    test(`its adapter stops at a breakpoint, shows variables and runs to the end (${engine})`, async () => {
      const dc = new DebugClient(process.execPath, path.join(extension, 'dist', 'adapters', 'dap', 'main.js'), 'nestdbg', { cwd: dir });
      dc.defaultTimeout = WAIT_MS;
      let output = '';
      dc.on('output', (e: DebugProtocol.OutputEvent) => { output += e.body.output; });
      const terminated = dc.waitForEvent('terminated', WAIT_MS * 2);
      terminated.catch(() => {});
      await dc.start();
      try {
        // printFib: `console.log("fib(" + n + ") = " + value);`
        const stopped = dc.waitForEvent('stopped', WAIT_MS);
        await Promise.all([
          dc.waitForEvent('initialized', WAIT_MS).then(async () => {
            await dc.setBreakpointsRequest({ source: { path: program }, breakpoints: [{ line: 27 }] });
            await dc.configurationDoneRequest();
          }),
          dc.initializeRequest({ adapterID: 'nestdbg', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' })
            .then(() => dc.launchRequest({ program, engine, cwd: dir } as DebugProtocol.LaunchRequestArguments)),
        ]);
        assert.equal(((await stopped) as DebugProtocol.StoppedEvent).body.reason, 'breakpoint');
        const frames = (await dc.stackTraceRequest({ threadId: 1 })).body.stackFrames;
        assert.equal(frames[0]!.name, 'printFib');
        assert.equal(frames[0]!.line, 27);
        assert.equal(frames[0]!.source?.path, program);
        const scopes = (await dc.scopesRequest({ frameId: frames[0]!.id })).body.scopes;
        const locals = (await dc.variablesRequest({ variablesReference: scopes[0]!.variablesReference })).body.variables;
        const value = (name: string) => locals.find((v) => v.name === name)?.value;
        assert.equal(value('n'), '5');
        assert.equal(value('value'), '5');
        const evaluated = await dc.evaluateRequest({ expression: 'n * 2 + value', frameId: frames[0]!.id, context: 'repl' });
        assert.equal(evaluated.body.result, '15');
        await dc.setBreakpointsRequest({ source: { path: program }, breakpoints: [] });
        await dc.continueRequest({ threadId: 1 });
        await terminated;
        assert.match(output, /fib\(5\) = 5\n[^]*fib\(25\) = 75025\n[^]*total = 75140\n/);
      } finally {
        await dc.stop();
      }
    });
  }
});
