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
  let jsProgram: string;
  let luaProgram: string;
  let miniProgram: string;

  before(() => {
    const vsix = vsixPath();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nestdbg-vsix-'));
    const unzip = spawnSync('unzip', ['-q', vsix, '-d', dir], { stdio: 'inherit' });
    assert.equal(unzip.status, 0, 'unzip failed');
    extension = path.join(dir, 'extension');
    // The program lives outside the repository too.
    jsProgram = path.join(dir, 'fib.js');
    fs.copyFileSync(path.join(REPO, 'samples', 'js', 'fib.js'), jsProgram);
    luaProgram = path.join(dir, 'fib.lua');
    fs.copyFileSync(path.join(REPO, 'samples', 'lua', 'fib.lua'), luaProgram);
    miniProgram = path.join(dir, 'fib.mini');
    fs.copyFileSync(path.join(REPO, 'samples', 'mini', 'fib.mini'), miniProgram);
    // The TypeScript sample keeps its layout: out/main.js's map points at ../src/*.ts.
    if (fs.existsSync(path.join(REPO, 'samples', 'ts', 'out'))) fs.cpSync(path.join(REPO, 'samples', 'ts'), path.join(dir, 'ts'), { recursive: true });
  });

  after(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('holds the extension, the bundled adapter and everything it loads by path', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(extension, 'package.json'), 'utf8'));
    assert.equal(manifest.name, 'nestdbg');
    assert.equal(manifest.contributes.debuggers[0].type, 'nestdbg');
    // .lua and .mini files can be launched: languages, breakpoints and the engine enum cover them.
    assert.deepEqual(manifest.contributes.languages.map((l: { id: string; extensions: string[] }) => [l.id, l.extensions]), [['mini', ['.mini']]]);
    assert.deepEqual(manifest.contributes.breakpoints.map((b: { language: string }) => b.language), ['javascript', 'typescript', 'lua', 'mini']);
    assert.deepEqual(manifest.contributes.debuggers[0].configurationAttributes.launch.properties.engine.enum, ['quickjs', 'quickjs-ng', 'lua', 'mini']);
    for (const file of [
      'out/extension.js', 'dist/package.json', 'dist/adapters/dap/main.js', 'dist/adapters/quickjs/debuggee.js',
      'dist/runtime/agent/preload.js', 'dist/runtime/agent/worker.js', 'adapters/quickjs/guest/environment.js',
      'adapters/quickjs/guest/debug-runtime.js', 'vendor/@jitl/quickjs-wasmfile-release-sync/dist/emscripten-module.wasm',
      'vendor/@jitl/quickjs-ng-wasmfile-release-sync/dist/emscripten-module.wasm',
      'dist/adapters/lua/debuggee.js', 'dist/node_modules/wasmoon/dist/index.js', 'dist/node_modules/wasmoon/dist/glue.wasm',
      'dist/adapters/mini/debuggee.js', 'interpreters/mini/mini.wasm', 'language-configuration/mini.json',
    ]) assert.ok(fs.existsSync(path.join(extension, file)), `${file} is in the VSIX`);
    assert.ok(!fs.existsSync(path.join(extension, 'node_modules')), 'no node_modules: everything is bundled (but wasmoon, in dist/node_modules)');
    for (const bundle of ['out/extension.js', 'dist/adapters/dap/main.js', 'dist/adapters/quickjs/debuggee.js', 'dist/adapters/lua/debuggee.js', 'dist/adapters/mini/debuggee.js', 'dist/runtime/agent/preload.js', 'dist/runtime/agent/worker.js']) {
      const text = fs.readFileSync(path.join(extension, bundle), 'utf8');
      assert.ok(!text.includes(REPO), `${bundle} has no absolute path into the repository`);
    }
  });

  interface Case {
    name: string;
    program: () => string;
    /** Where the breakpoint goes (the program itself, or an original source). */
    source: () => string;
    line: number;
    launch: Record<string, unknown>;
    frame: string;
    locals: Record<string, string>;
    evaluate: [expression: string, result: string];
    output: RegExp;
    /** Mixed stack: the stop also lists the interpreter's Wasm frames. */
    wasmFrames?: boolean;
  }
  // printFib, line 27 in fib.js, fib.lua and fib.mini; measure, line 13 in samples/ts/src/main.ts.
  const fib = { line: 27, frame: 'printFib', locals: { n: '5', value: '5' }, evaluate: ['n * 2 + value', '15'] as [string, string], output: /fib\(5\) = 5\n[^]*fib\(25\) = 75025\n[^]*total = 75140\n/ };
  const cases: Case[] = [
    { name: 'quickjs', program: () => jsProgram, source: () => jsProgram, launch: { engine: 'quickjs' }, ...fib },
    { name: 'quickjs-ng', program: () => jsProgram, source: () => jsProgram, launch: { engine: 'quickjs-ng' }, ...fib },
    { name: 'quickjs, mixed stack', program: () => jsProgram, source: () => jsProgram, launch: { mixedStack: true }, wasmFrames: true, ...fib },
    { name: 'lua', program: () => luaProgram, source: () => luaProgram, launch: {}, ...fib },
    { name: 'mini', program: () => miniProgram, source: () => miniProgram, launch: {}, ...fib },
    {
      name: 'typescript, through its source map', program: () => path.join(dir, 'ts', 'out', 'main.js'),
      source: () => path.join(dir, 'ts', 'src', 'main.ts'), line: 13, launch: {}, frame: 'measure',
      locals: { area: '3.141592653589793', total: '0' }, evaluate: ['total + 1', '1'], output: /circle r=1: 3\.14\n[^]*total area 7\.93\n/,
    },
  ];

  for (const c of cases) {
    test(`its adapter stops at a breakpoint, shows variables and runs to the end (${c.name})`, async () => {
      const program = c.program();
      const source = c.source();
      const dc = new DebugClient(process.execPath, path.join(extension, 'dist', 'adapters', 'dap', 'main.js'), 'nestdbg', { cwd: dir });
      dc.defaultTimeout = WAIT_MS;
      let output = '';
      dc.on('output', (e: DebugProtocol.OutputEvent) => { output += e.body.output; });
      const terminated = dc.waitForEvent('terminated', WAIT_MS * 2);
      terminated.catch(() => {});
      await dc.start();
      try {
        const stopped = dc.waitForEvent('stopped', WAIT_MS);
        await Promise.all([
          dc.waitForEvent('initialized', WAIT_MS).then(async () => {
            await dc.setBreakpointsRequest({ source: { path: source }, breakpoints: [{ line: c.line }] });
            await dc.configurationDoneRequest();
          }),
          dc.initializeRequest({ adapterID: 'nestdbg', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' })
            .then(() => dc.launchRequest({ program, cwd: dir, ...c.launch } as DebugProtocol.LaunchRequestArguments)),
        ]);
        assert.equal(((await stopped) as DebugProtocol.StoppedEvent).body.reason, 'breakpoint');
        const frames = (await dc.stackTraceRequest({ threadId: 1 })).body.stackFrames;
        assert.equal(frames[0]!.name, c.frame);
        assert.equal(frames[0]!.line, c.line);
        assert.equal(frames[0]!.source?.path, source);
        if (c.wasmFrames) assert.ok(frames.some((f) => f.instructionPointerReference), `Wasm frames: ${frames.map((f) => f.name).join(' < ')}`);
        const scopes = (await dc.scopesRequest({ frameId: frames[0]!.id })).body.scopes;
        const locals = (await dc.variablesRequest({ variablesReference: scopes[0]!.variablesReference })).body.variables;
        for (const [name, value] of Object.entries(c.locals)) {
          assert.equal(locals.find((v) => v.name === name)?.value, value, `${name} in ${JSON.stringify(locals.map((v) => `${v.name}=${v.value}`))}`);
        }
        const evaluated = await dc.evaluateRequest({ expression: c.evaluate[0], frameId: frames[0]!.id, context: 'repl' });
        assert.equal(evaluated.body.result, c.evaluate[1]);
        await dc.setBreakpointsRequest({ source: { path: source }, breakpoints: [] });
        await dc.continueRequest({ threadId: 1 });
        await terminated;
        assert.match(output, c.output);
      } finally {
        await dc.stop();
      }
    });
  }
});
