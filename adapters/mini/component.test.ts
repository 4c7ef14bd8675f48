// The component route: the committed core module, wrapped as a WebAssembly component of the WIT world
// `debuggee` (plus a `mini-run` export) by wasm-tools, and bound to a host by jco's generated
// JavaScript. wasm-tools checks every import and export against the canonical ABI's lowering of the
// WIT, so this fails if the C code's signatures drift from the WIT. The same session then runs through
// jco's bindings and through the core-module binding the debuggee uses (producer.ts): same stops, same
// answers. The host never calls into the component while it is blocked in a host call: it inspects
// through the command loop (SPEC §2.6), so this would run under a runtime that enforces the
// Component Model's ban on re-entrance (Wasmtime traps: "cannot enter component instance").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ABI_VERSION, type Host, type Producer } from '../../abi/index.js';
import { ask, scriptedHost } from '../../abi/scripted-host.js';
import { MINI_WASM, MiniProducer } from './producer.js';

const require = createRequire(import.meta.url);
// The package's main entry is dist/index.js; its vendored wasm-tools is beside dist/.
const JCO = path.resolve(path.dirname(require.resolve('@bytecodealliance/jco-transpile')), '..');
const WIT = fileURLToPath(new URL('../../../abi/wit/debug-hook.wit', import.meta.url));

interface WasmTools {
  componentEmbed(o: { binary: Uint8Array; witSource: string; world: string }): Uint8Array;
  componentNew(binary: Uint8Array, adapters: undefined): Uint8Array;
  componentWit(binary: Uint8Array): string;
}

/** Builds the component and its jco bindings in a temp dir; returns the bindings' module path. */
async function transpiledComponent(): Promise<{ dir: string; wit: string }> {
  const wasmTools = await import(pathToFileURL(path.join(JCO, 'vendor/wasm-tools.js')).href) as { $init: Promise<void>; tools: WasmTools };
  await wasmTools.$init;
  const wit = fs.readFileSync(WIT, 'utf8') +
    '\nworld mini {\n  include debuggee;\n  export mini-run: func(url: string, source: string, stop-on-entry: bool) -> s32;\n}\n';
  const embedded = wasmTools.tools.componentEmbed({ binary: fs.readFileSync(MINI_WASM), witSource: wit, world: 'mini' });
  const component = wasmTools.tools.componentNew(embedded, undefined);
  const { transpileBytes } = await import('@bytecodealliance/jco-transpile') as unknown as {
    transpileBytes(b: Uint8Array, o: object): Promise<{ files: Record<string, Uint8Array> }>;
  };
  const { files } = await transpileBytes(component, { name: 'mini', instantiation: 'async', noTypescript: true });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nestdbg-mini-component-'));
  for (const [name, bytes] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), bytes);
  }
  return { dir, wit: wasmTools.tools.componentWit(component) };
}

const PROGRAM = 'fn fib(n) {\n  if n < 2 {\n    return n;\n  }\n  return fib(n - 1) + fib(n - 2);\n}\nlet r = fib(4);\nprint("r = " + r);\n';

/** A session: breakpoint on line 2; at each of the first 3 stops, read frames and locals and evaluate. */
function sessionHost(log: string[]): Host & { failures: unknown[] } {
  return scriptedHost({
    *scriptLoaded(info) {
      const [bp] = yield* ask.setBreakpoints(info.id, [{ line: 2 }]);
      log.push(`loaded ${info.url} bp ${bp.verified} ${bp.line}`);
    },
    *stopped(e) {
      const frames = yield* ask.frames();
      const [local] = yield* ask.scopes(0);
      const vars = (yield* ask.variables(local.handle, 'all', 0, 0)).map((v) => `${v.name}=${v.value.display}`);
      log.push(`${e.reason} ${e.position.line} [${frames.map((f) => f.name).join(',')}] ${vars.join(' ')} n*10=${(yield* ask.evaluate(0, 'n * 10', 'repl')).display}`);
      try {
        yield* ask.evaluate(0, 'nosuch', 'repl');
      } catch (err) {
        log.push(`error: ${(err as Error).message}`);
      }
      if (log.length > 8) yield* ask.setBreakpoints(e.position.script, []);
      return log.length > 8 ? { tag: 'run' } : { tag: 'step', val: 'over' };
    },
    output: (e) => void log.push(`out ${JSON.stringify(e.text)} line ${e.position?.line}`),
  });
}

test('the C producer is a valid component of the debuggee world, and debugs the same through jco bindings', { timeout: 60_000 }, async () => {
  const { dir, wit } = await transpiledComponent();
  try {
    // The C code names the version the WIT declares (ABI_VERSION is generated from the WIT's package line).
    assert.ok(wit.includes(`import nestdbg:debug-hook/host@${ABI_VERSION};`), wit);
    assert.ok(wit.includes(`export nestdbg:debug-hook/producer@${ABI_VERSION};`), wit);

    const viaJco: string[] = [];
    type Instance = { producer: Producer; miniRun(url: string, source: string, stopOnEntry: boolean): number };
    const { instantiate } = await import(pathToFileURL(path.join(dir, 'mini.js')).href) as {
      instantiate(get: (name: string) => Promise<WebAssembly.Module>, imports: object): Promise<Instance>;
    };
    const jcoHost = sessionHost(viaJco);
    const instance = await instantiate((name) => WebAssembly.compile(fs.readFileSync(path.join(dir, name))), {
      'nestdbg:debug-hook/host': jcoHost,
    });
    assert.equal(instance.miniRun('/virtual/fib.mini', PROGRAM, false), 0);
    assert.deepEqual(jcoHost.failures, []);
    // While idle the producer's exports are for the host to call: no stop, so inspection is an error.
    assert.throws(() => instance.producer.frames());
    assert.deepEqual(instance.producer.capabilities(), new MiniProducer().capabilities());

    const viaCore: string[] = [];
    const core = new MiniProducer();
    const coreHost = sessionHost(viaCore);
    core.connect(coreHost);
    assert.equal(core.run('/virtual/fib.mini', PROGRAM, false), 0);
    assert.deepEqual(coreHost.failures, []);

    assert.deepEqual(viaJco, viaCore);
    assert.equal(viaCore[0], 'loaded /virtual/fib.mini bp true 2');
    assert.equal(viaCore[1], 'breakpoint 2 [fib,<main>] n=4 n*10=40');
    assert.equal(viaCore[2], "error: undefined variable 'nosuch'");
    assert.equal(viaCore[3], 'step 5 [fib,<main>] n=4 n*10=40');
    assert.equal(viaCore.at(-1), 'out "r = 3\\n" line 8');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
