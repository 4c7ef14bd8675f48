import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InstrumentError, instrumentScript, stripInstrumentation } from './instrument.js';

const instrument = (source: string) => instrumentScript(source, { url: '/t.js', firstSiteId: 0 });

describe('instrumentScript', () => {
  const source = [
    '"use strict"',
    'function fib(n) {',
    '  if (n < 2) return n',
    '  return fib(n - 1) + fib(n - 2)',
    '}',
    'outer: for (let i = 0; i < 3; i++) { for (let j = 0; j < 3; j++) { if (j == 1) continue outer } }',
    'const sq = x => x * x, obj = () => ({ a: 1 })',
    'async function f(p) { try { return await p } catch (e) { return e } }',
    'function* g() { yield 1; yield* [2, 3] }',
  ].join('\n');

  it('keeps every line where it was', () => {
    const { code } = instrument(source);
    assert.equal(code.split('\n').length, source.split('\n').length);
  });

  it('strips back to the original text exactly', () => {
    assert.equal(stripInstrumentation(instrument(source).code), source);
  });

  it('keeps the directive prologue first', () => {
    assert.ok(instrument(source).code.startsWith('"use strict"'));
  });

  it('does not put a block between a label and its loop', () => {
    assert.match(instrument(source).code, /outer: for/);
  });

  it('puts a site at each statement, with 1-based lines and columns', () => {
    const sites = instrument(source).sites;
    assert.ok(sites.some((s) => s.line === 3 && s.column === 3), 'if statement');
    assert.ok(sites.some((s) => s.line === 3 && s.column === 14), 'return inside the if');
    assert.ok(sites.some((s) => s.line === 4 && s.column === 3), 'return');
    assert.ok(sites.some((s) => s.line === 5 && s.kind === 'function-end'), 'closing brace');
    assert.ok(!sites.some((s) => s.line === 1), 'no site on the directive');
    assert.ok(!sites.some((s) => s.line === 2), 'no site on a function declaration');
  });

  it('maps instrumented columns back to the original', () => {
    const { code, columns } = instrument(source);
    const line4 = code.split('\n')[3];
    const at = line4.lastIndexOf('return fib');
    assert.deepEqual(columns.toOriginal(4, at), { line: 4, column: 2 });
    assert.equal(columns.toGenerated(4, 2), at);
  });

  it('gives a loop-free function without nested functions two versions, picked by its flag at entry', () => {
    const { code, columns, functions } = instrument(source);
    const fib = functions.find((f) => f.name === 'fib')!;
    const lines = code.split('\n');
    // The original body stays on its lines, untouched; the instrumented one is flattened onto line 2.
    assert.ok(lines[1].includes(`if($__nd_f${fib.id}){`), lines[1]);
    assert.ok(lines[3].endsWith('  return fib(n - 1) + fib(n - 2)'), lines[3]);
    const copy = lines[1].lastIndexOf('fib(n - 2)');
    assert.deepEqual(columns.toOriginal(2, copy), { line: 4, column: 22 });
    // A loop, a nested function, a generator or async: one (instrumented) version.
    for (const text of ['function f() { for (;;) break }', 'function f() { return () => 1 }', 'function* f() { yield 1 }', 'async function f() { await 1 }']) {
      assert.ok(!/^[^{]*\{\/\*\{nd\*\/if\(/.test(instrument(text).code), text);
    }
    // ASI inside the flattened copy.
    const asi = instrument('function f(a) {\n  let x = a\n  return x\n    + 1\n}').code.split('\n')[0];
    assert.ok(asi.includes('let x = a;'), asi);
    assert.ok(asi.includes('return x + 1;'), asi);
  });

  it('gives loops without functions, try or await two versions, switched at the top of each iteration', () => {
    const text = 'function f(n) {\n  let s = 0\n  for (let i = 0; i < n; i++) {\n    s += i\n  }\n  return s\n}';
    const { code, columns, functions } = instrument(text);
    const lines = code.split('\n');
    const k = `$__nd_k${functions.find((fn) => fn.name === 'f')!.id}`;
    // The original body keeps its line; the instrumented remainder sits at the top of the body.
    assert.ok(lines[3].endsWith('    s += i'), lines[3]);
    assert.ok(lines[2].includes(`{if(${k}){do{`), lines[2]);
    const copy = lines[2].indexOf('s += i');
    assert.deepEqual(columns.toOriginal(3, copy), { line: 4, column: 4 });
    // A closure, a try or an await in the loop: one version.
    for (const body of ['a.push(() => i)', 'try { g() } catch {}', 'await g()']) {
      const one = instrument(`async function f(a) { for (let i = 0; i < 3; i++) { ${body} } }`).code;
      assert.ok(!one.includes('){do{'), body);
    }
  });

  it('describes the scopes a statement sees, innermost first', () => {
    const script = instrument('function a(x) { let y = 1; function b(z) { return x + y + z } return b }');
    const inner = script.sites.find((s) => s.column > 40 && s.kind === 'statement')!;
    const groups = script.scopes[inner.scope];
    assert.deepEqual(groups.map((g) => [g.kind, g.name, g.names]), [
      ['local', 'Local', ['z']],
      ['closure', 'Closure (a)', ['x', 'y']], // only what b uses, as V8 shows captured variables
    ]);
  });

  it('reports a syntax error with its position', () => {
    assert.throws(() => instrument('let x = ;'), (e: unknown) => e instanceof InstrumentError && e.line === 1 && e.column === 9);
  });

  it('emits a source map back to the original', () => {
    const map = JSON.parse(instrument(source).sourceMap);
    assert.equal(map.version, 3);
    assert.deepEqual(map.sources, ['/t.js']);
    assert.ok(map.mappings.length > 0);
  });
});

describe('instrumentScript (modules)', () => {
  const source = [
    "import { a, b as c } from './x.mjs';",
    "import * as ns from './y.mjs';",
    'export const total = a + c;',
    'export function f(n) { return n + ns.k }',
    "export { total as t } from './z.mjs';",
    'export default class K {}',
  ].join('\n');
  const { code, sites, topLevelNames, scopes } = instrumentScript(source, { url: '/m.mjs', firstSiteId: 0, module: true });

  it('leaves import and export declarations at top level, unchecked', () => {
    for (const line of code.split('\n').slice(0, 2)) assert.match(line, /^import /);
    assert.match(code.split('\n')[4], /^export \{/);
    assert.ok(!sites.some((s) => s.line === 1 || s.line === 2 || s.line === 5));
    assert.ok(sites.some((s) => s.line === 3), 'the exported const is a statement');
  });

  it('shows module bindings as locals, not globals', () => {
    assert.deepEqual(topLevelNames, []);
    const site = sites.find((s) => s.line === 3)!;
    const names = scopes[site.scope].flatMap((g) => g.names);
    for (const n of ['a', 'c', 'ns', 'total', 'f', 'K']) assert.ok(names.includes(n), `${n} in ${names}`);
  });
});
