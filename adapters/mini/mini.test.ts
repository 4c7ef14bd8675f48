// The mini interpreter and its producer, driven directly through the ABI with a scripted host:
// the language (output of every sample, number formatting, runtime and syntax errors), the debug
// info the build keeps, and SPEC §11: no input from the host traps or corrupts the guest.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AbiError, type OutputEvent, type ResumeAction, type StopEvent } from '../../abi/index.js';
import { ask, scriptedHost, type HostScript, type Script } from '../../abi/scripted-host.js';
import { MINI_WASM, MiniProducer } from './producer.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CLI = path.join(ROOT, 'dist/adapters/cli/main.js');

interface Run { code: number; stdout: string; stderr: string; stops: StopEvent[] }

/** Runs `script` on a producer; fails if any of its host code threw (an assertion, say). */
export function runScripted(source: string, script: HostScript, url = '/virtual/test.mini'): number {
  const producer = new MiniProducer();
  const host = scriptedHost(script);
  producer.connect(host);
  const code = producer.run(url, source, false);
  if (host.failures.length) throw host.failures[0];
  return code;
}

/**
 * Runs `source` under a host that sets `breakpoints` at load and lets `onStop` inspect each stop
 * through the command loop (SPEC §2.6): `yield* ask.frames()` and so on.
 */
function run(source: string, options: { breakpoints?: number[]; onStop?: (e: StopEvent, n: number) => Script<ResumeAction | void> } = {}): Run {
  const out: OutputEvent[] = [];
  const stops: StopEvent[] = [];
  const code = runScripted(source, {
    *scriptLoaded(info) {
      if (options.breakpoints) yield* ask.setBreakpoints(info.id, options.breakpoints.map((line) => ({ line })));
    },
    *stopped(e) {
      stops.push(e);
      return options.onStop ? yield* options.onStop(e, stops.length) : undefined;
    },
    output: (e) => void out.push(e),
  });
  const text = (c: string) => out.filter((e) => e.category === c).map((e) => e.text).join('');
  return { code, stdout: text('stdout'), stderr: text('stderr'), stops };
}

/** The message of the AbiError the call fails with. */
function* fails(call: Script<unknown>): Script<string> {
  try {
    yield* call;
  } catch (e) {
    assert.ok(e instanceof AbiError, `expected an AbiError, got ${e}`);
    assert.ok(e.payload.message.length > 0);
    return e.payload.message;
  }
  assert.fail('expected an error');
}

function abiError(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof AbiError, `expected an AbiError, got ${e}`);
    assert.ok(e.payload.message.length > 0);
    return e.payload.message;
  }
  assert.fail('expected an error');
}

test('the samples print what they should (nestdbg run file.mini)', () => {
  const r = spawnSync(process.execPath, [CLI, 'run', 'samples/mini/fib.mini'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, 'fib(5) = 5\nfib(10) = 55\nfib(25) = 75025\nfibLoop(10) = 55\ntotal = 75140\n');
  const arrays = spawnSync(process.execPath, [CLI, 'run', 'samples/mini/arrays.mini'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(arrays.status, 0, arrays.stderr);
  assert.equal(arrays.stdout, fs.readFileSync(path.join(ROOT, 'samples/mini/arrays.expected'), 'utf8'));
});

test('nestdbg run: the build without hooks and --instrumented (hooks idle) print the same; other flags are usage errors', () => {
  for (const sample of ['samples/mini/fib.mini', 'samples/mini/arrays.mini', 'samples/mini/trycatch.mini']) {
    const plain = spawnSync(process.execPath, [CLI, 'run', sample], { cwd: ROOT, encoding: 'utf8' });
    const hooked = spawnSync(process.execPath, [CLI, 'run', '--instrumented', sample], { cwd: ROOT, encoding: 'utf8' });
    assert.ok(plain.stdout.length > 0, sample);
    assert.deepEqual([hooked.status, hooked.stdout, hooked.stderr], [plain.status, plain.stdout, plain.stderr], sample);
  }
  const checkAll = spawnSync(process.execPath, [CLI, 'run', '--check-all', 'samples/mini/fib.mini'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(checkAll.status, 2);
  assert.match(checkAll.stderr, /--check-all is for JavaScript/);
  const args = spawnSync(process.execPath, [CLI, 'run', 'samples/mini/fib.mini', 'x'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(args.status, 2);
  assert.match(args.stderr, /takes no arguments/);
});

test('numbers, strings, booleans, arrays, control flow', () => {
  const r = run([
    'print(0.1 + 0.2, 1 / 3, 2.5, -7 % 3, 100000000000000000000, 1 / 0, 0 - 0);',
    'let xs = [1, "two", true, nil, [3]];',
    'push(xs, len(xs));',
    'print(xs, len("héllo"), str(12) + "!", xs[1][0]);',
    'let i = 0; let s = "";',
    'while i < 5 { if i % 2 == 0 { s = s + i; } else if i == 3 { s = s + "x"; } else { s = s + "-"; } i = i + 1; }',
    'print(s, not (1 < 2) or "fallback", "a" < "b", [1] == [1]);',
  ].join('\n'));
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '0.3 0.333333333333333 2.5 2 1e20 inf 0\n[1, "two", true, nil, [3], 5] 6 12! t\n0-2x4 fallback true false\n');
});

test('runtime and syntax errors: a message with the line, exit code 1, no trap', () => {
  const cases: Array<[string, RegExp]> = [
    ['let a = 1;\nlet b = a - "x";\n', /^mini: \/virtual\/test\.mini:2: arithmetic or comparison on a value of type 'string'\n$/],
    ['let a = [1];\nprint(a[3]);\n', /:2: index out of range/],
    ['fn f(x) {\n  return f(x + 1);\n}\nf(1);\n', /:2: stack overflow calling 'f'/],
    ['fn f(x) { return x; }\nf(1, 2);\n', /:2: wrong number of arguments to 'f'/],
    ['let x = 1;\nx();\n', /:2: attempt to call a value of type 'number'/],
    ['fn f() {\n  print(later);\n}\nf();\n', /:2: undefined variable 'later'/],
    ['fn f() {\n  if false {\n    let skipped = 1;\n  }\n  print(skipped);\n}\nf();\n', /:5: variable used before its 'let': 'skipped'/],
    ['let x = ;\n', /:1: syntax error: expected an expression near ';'/],
    ['fn f( {\n', /:1: syntax error: expected a parameter name near '\{'/],
    ['let s = "open\n', /:1: syntax error: unterminated string/],
    ['if true { return 1; }\n', /:1: syntax error: 'return' outside a function/],
    ['let x = ' + '('.repeat(500) + '1' + ')'.repeat(500) + ';\n', /syntax error: expression nested too deeply/],
    ['let x = 1 @ 2;\n', /syntax error: unexpected character/],
  ];
  for (const [source, message] of cases) {
    const r = run(source);
    assert.equal(r.code, 1, source);
    assert.match(r.stderr, message, source);
  }
});

test('the build keeps C names (name section) and DWARF, for mixed stacks', () => {
  const module = new WebAssembly.Module(fs.readFileSync(MINI_WASM));
  const names = Buffer.from(WebAssembly.Module.customSections(module, 'name')[0]).toString('latin1');
  for (const fn of ['eval_expr', 'on_position', 'mini_run', 'parse_program']) assert.ok(names.includes(fn), fn);
  for (const section of ['.debug_info', '.debug_line']) assert.equal(WebAssembly.Module.customSections(module, section).length, 1, section);
  const line = Buffer.from(WebAssembly.Module.customSections(module, '.debug_line')[0]).toString('latin1');
  assert.ok(line.includes('interp.c') && !line.includes(ROOT), 'relative source paths in DWARF');
});

test('SPEC §11: bad host input gives errors; the guest is unharmed and inspection stays usable', () => {
  const source = 'fn spin() {\n  while true {\n  }\n}\nfn f(n) {\n  let t = [n, n * 2];\n  return t[1];\n}\nprint(f(21));\n';
  let checked = false;
  const r = run(source, {
    breakpoints: [7],
    *onStop() {
      const [top] = (yield* ask.frames());
      assert.deepEqual([top.name, top.position.line], ['f', 7]);
      const [local] = (yield* ask.scopes(0));
      for (const bad of [0, 0xffffffff, local.handle + 1000]) yield* fails(ask.variables(bad, 'all', 0, 0));
      yield* fails(ask.scopes(0xffffffff));
      yield* fails(ask.evaluate(0xffffffff, 'n', 'repl'));
      for (const text of ['', ')(', 'n +', 'x'.repeat(1 << 20), '\ud800', 'n = ', '"unterminated', '('.repeat(10_000)]) yield* fails(ask.evaluate(0, text, 'repl'));
      yield* fails(ask.setVariable(local.handle, 'nope', '1'));
      yield* fails(ask.setVariable(local.handle, 'n', 'nosuch'));
      // A call that never returns is ended (SPEC §9.4) and the stop goes on.
      assert.match(yield* fails(ask.evaluate(0, 'spin()', 'repl')), /took too long/);
      assert.deepEqual((yield* ask.frames()).map((f) => f.name), ['f', '<main>']);
      // Paging: slices, past the end, filters.
      const t = (yield* ask.variables(local.handle, 'all', 0, 0)).find((v) => v.name === 't')!.value;
      assert.deepEqual([t.display, t.typeName, t.indexedCount], ['[21, 42]', 'array', 2]);
      assert.deepEqual((yield* ask.variables(t.handle, 'indexed', 1, 5)).map((v) => [v.name, v.value.display]), [['1', '42']]);
      assert.deepEqual((yield* ask.variables(t.handle, 'named', 0, 0)), []);
      assert.deepEqual((yield* ask.variables(t.handle, 'indexed', 0xffffffff, 0xffffffff)), []);
      // Assignments persist: into the array and through evaluate.
      assert.equal((yield* ask.setVariable(t.handle, '1', '"forty-two"')).display, '"forty-two"');
      assert.equal((yield* ask.evaluate(0, 'n = n + 1', 'repl')).display, '22');
      assert.equal((yield* ask.evaluate(undefined, 'f', 'hover')).display, 'fn f');
      yield* fails(ask.evaluate(undefined, 'n', 'hover')); // global scope: n is f's local
      checked = true;
    },
  });
  assert.ok(checked);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'forty-two\n');
  // Outside a stop every inspection call is an error, not a trap.
  const idle = new MiniProducer();
  abiError(() => idle.frames());
  abiError(() => idle.evaluate(undefined, '1', 'repl'));
  assert.deepEqual(idle.setBreakpoints(1, [{ line: 1 }]).map((b) => b.verified), [false]);
});

test('breakpoints: line granularity, moved to the next line with code, kinds mini does not do are refused', () => {
  const source = '// comment\n\nlet a = 1; let b = 2;\nfn g() {\n  return 1;\n}\nprint(a + b + g());\n';
  let results: ReturnType<MiniProducer['setBreakpoints']> = [];
  runScripted(source, {
    *scriptLoaded(info) {
      results = yield* ask.setBreakpoints(info.id, [
        { line: 1 }, { line: 3, column: 12 }, { line: 4 }, { line: 99 }, { line: 7, condition: 'a > 0' }, { line: 0 },
      ]);
    },
  });
  assert.deepEqual(results.map((r) => [r.verified, r.line, r.column]), [
    [true, 3, 1], [true, 3, 1], [true, 5, 1], [false, undefined, undefined], [false, undefined, undefined], [true, 3, 1],
  ]);
  assert.match(results[3].message!, /no code at or after line 99/);
  assert.match(results[4].message!, /not supported/);
});

test('a loop on one line still arrives at its line each iteration: pause works, a runaway evaluation ends', () => {
  let polls = 0;
  const stops: StopEvent[] = [];
  const out: string[] = [];
  const code = runScripted('fn spin() { let x = 0; while true { x = x + 1; } }\nlet i = 0; while i >= 0 { i = i + 1; } print(i);\n', {
    // Ask for a pause once the loop has run for a while (the host's flag, read at poll points).
    pollPause: () => ++polls === 50,
    *stopped(e) {
      stops.push(e);
      assert.ok(Number((yield* ask.evaluate(0, 'i', 'watch')).display) > 0);
      assert.match(yield* fails(ask.evaluate(0, 'spin()', 'repl')), /took too long/);
      yield* ask.evaluate(0, 'i = -100', 'repl'); // ends the loop below
    },
    output: (e) => void out.push(e.text),
  });
  assert.equal(code, 0);
  assert.deepEqual(stops.map((e) => [e.reason, e.position.line]), [['pause', 2]]);
  assert.deepEqual(out, ['-100\n']); // the stop was at the loop's line, before its condition
});
