// End-to-end: stack, scopes, variables (TDZ, expansion, paging), evaluate in an outer frame,
// setVariable — each test drives a real adapter process over DAP.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { sample } from './dap-client.js';
import { describeEachEngine, fixture, launch, scopes, stack, step, valueMap, vars, withSession } from './helpers.js';

const T = { timeout: 60_000 };
const UNINIT = '<uninitialized>';

describeEachEngine('breakpoint in a nested function, stack and scopes', T, (engine) => {
  it('stops in inner() with the right stack, Local/Closure/Global scopes and TDZ bindings', T, async () => {
    const program = sample('closures.js');
    await withSession(engine, async (s) => {
      // 16: `const sum = base + y;` in inner (nested in outer); 26: `let later = ...` in lateLet.
      await launch(s, { program, breakpoints: [16, 26] });

      // ---- first hit: inner(1) called from outer(5) called from the top level
      const stop1 = await s.events.stopped();
      assert.equal(stop1.body.reason, 'breakpoint');
      let frames = await stack(s);
      assert.deepEqual(
        frames.map((f) => [f.name, f.line]),
        [['inner', 16], ['outer', 19], ['(program)', 36]],
        'stack: each function with its current line',
      );
      for (const f of frames) assert.equal(f.source?.path, program);

      let sc = await scopes(s, frames[0].id);
      assert.equal(sc.length, 3, `scopes: ${sc.map((x) => x.name).join(', ')}`);
      assert.equal(sc[0].name, 'Local');
      assert.match(sc[1].name, /^Closure/);
      assert.equal(sc[2].name, 'Global');

      const local = await vars(s, sc[0].variablesReference);
      assert.deepEqual(valueMap(local), { y: '1', sum: UNINIT }, 'Local: parameter y, `const sum` still in its TDZ');

      // As V8 does, the closure scope lists the outer bindings inner() uses: base, not x.
      const closure = await vars(s, sc[1].variablesReference);
      assert.deepEqual(valueMap(closure), { base: '10' });

      const global = await vars(s, sc[2].variablesReference);
      const gm = valueMap(global);
      assert.equal(gm.c, '16', 'c = counter(3) already ran');
      assert.equal(gm.o, UNINIT, '`const o = outer(5)` is still in its TDZ');
      assert.equal(gm.l, UNINIT);
      assert.ok((global.find((v) => v.name === 'outer')?.variablesReference ?? 0) > 0, 'global function outer is listed');

      // ---- second hit: inner(2)
      await step(s, 'continue');
      frames = await stack(s);
      assert.deepEqual(frames.map((f) => [f.name, f.line]), [['inner', 16], ['outer', 19], ['(program)', 36]]);
      sc = await scopes(s, frames[0].id);
      assert.equal(valueMap(await vars(s, sc[0].variablesReference)).y, '2');

      // ---- lateLet: `early` initialized, the `let later` binding still in its temporal dead zone
      const stop3 = await step(s, 'continue');
      assert.equal(stop3?.body.reason, 'breakpoint');
      frames = await stack(s);
      assert.deepEqual(frames.map((f) => [f.name, f.line]), [['lateLet', 26], ['(program)', 39]]);
      sc = await scopes(s, frames[0].id);
      assert.equal(sc[0].name, 'Local');
      assert.deepEqual(valueMap(await vars(s, sc[0].variablesReference)), { early: '1', later: UNINIT });
      const g2 = valueMap(await vars(s, sc.at(-1)!.variablesReference));
      assert.equal(sc.at(-1)!.name, 'Global');
      assert.equal(g2.o, '23');
      assert.equal(g2.l, UNINIT);

      assert.equal(await step(s, 'continue'), undefined, 'runs to the end');
      assert.match(s.events.text('stdout'), /lateLet = 42\n/);
    });
  });
});

describeEachEngine('objects, arrays and paging', T, (engine) => {
  it('expands objects and arrays, and pages a 10,000-element array', T, async () => {
    const program = fixture('big-array.js');
    await withSession(engine, async (s) => {
      await launch(s, { program, breakpoints: [7] });
      await s.events.stopped();
      const frames = await stack(s);
      assert.deepEqual([frames[0].name, frames[0].line], ['build', 7]);
      const sc = await scopes(s, frames[0].id);
      const local = await vars(s, sc[0].variablesReference);
      const big = local.find((v) => v.name === 'big');
      const obj = local.find((v) => v.name === 'obj');
      assert.ok(big && obj, `locals: ${local.map((v) => v.name).join(', ')}`);

      // The big array: expandable, 10,000 indexed children, paged on request.
      assert.ok(big.variablesReference > 0);
      assert.equal(big.indexedVariables, 10000);
      const page = await vars(s, big.variablesReference, { filter: 'indexed', start: 5000, count: 100 });
      assert.equal(page.length, 100);
      page.forEach((v, k) => {
        const i = 5000 + k;
        assert.equal(v.name, String(i));
        assert.equal(v.value, String(i * 3));
        assert.equal(v.variablesReference, 0);
      });

      // The object: its own properties, with nested ones expandable in turn.
      assert.ok(obj.variablesReference > 0);
      const children = await vars(s, obj.variablesReference);
      const byName = new Map(children.map((v) => [v.name, v] as const));
      assert.match(byName.get('name')?.value ?? '', /box/);
      assert.equal(byName.get('name')?.variablesReference, 0);
      const nested = byName.get('nested');
      assert.ok(nested && nested.variablesReference > 0);
      assert.equal(valueMap(await vars(s, nested.variablesReference)).depth, '2');
      const list = byName.get('list');
      assert.ok(list && list.variablesReference > 0);
      assert.equal(list.indexedVariables, 3);
      const items = await vars(s, list.variablesReference, { filter: 'indexed', start: 0, count: 3 });
      assert.deepEqual(items.map((v) => v.name), ['0', '1', '2']);
      assert.equal(items[0].value, '1');
      assert.match(items[1].value, /^['"]two['"]$/);
      assert.equal(items[2].value, 'true');
    });
  });
});

describeEachEngine('evaluate in an outer frame', T, (engine) => {
  it('sees the variables of the chosen frame in a recursion (fib.js)', T, async () => {
    const program = sample('fib.js');
    await withSession(engine, async (s) => {
      await launch(s, { program, breakpoints: [5] });
      await s.events.stopped(); // fib(5)
      await step(s, 'continue'); // fib(4)
      await step(s, 'continue'); // fib(3)
      const frames = await stack(s);
      assert.deepEqual(
        frames.map((f) => [f.name, f.line]),
        [['fib', 5], ['fib', 8], ['fib', 8], ['printFib', 26], ['(program)', 32]],
      );
      const evalIn = async (frame: DebugProtocol.StackFrame, expression: string) =>
        (await s!.dc.evaluateRequest({ expression, frameId: frame.id, context: 'repl' })).body.result;
      assert.equal(await evalIn(frames[0], 'n'), '3');
      assert.equal(await evalIn(frames[1], 'n'), '4', 'frame 1 is fib(4), not the top frame');
      assert.equal(await evalIn(frames[2], 'n'), '5');
      assert.equal(await evalIn(frames[1], 'n * 10 + 1'), '41');
    });
  });

  it("sees the outer function's scope, not the nested callee's (closures.js)", T, async () => {
    const program = sample('closures.js');
    await withSession(engine, async (s) => {
      await launch(s, { program, breakpoints: [16] });
      await s.events.stopped();
      const frames = await stack(s);
      assert.equal(frames[1].name, 'outer');
      const evalIn = async (frame: DebugProtocol.StackFrame, expression: string) =>
        (await s!.dc.evaluateRequest({ expression, frameId: frame.id, context: 'watch' })).body.result;
      assert.match(await evalIn(frames[0], 'typeof y'), /number/);
      assert.match(await evalIn(frames[1], 'typeof y'), /undefined/, '`y` is inner\'s parameter: not visible in outer');
      assert.equal(await evalIn(frames[1], 'x + base'), '15');
    });
  });
});

describeEachEngine('setVariable', T, (engine) => {
  it('changing a local changes what the program computes after continue', T, async () => {
    const program = sample('fib.js');
    await withSession(engine, async (s) => {
      await launch(s, { program, breakpoints: [26] }); // printFib(5): `const value = fib(n);`
      await s.events.stopped();
      const frames = await stack(s);
      assert.deepEqual([frames[0].name, frames[0].line], ['printFib', 26]);
      const local = (await scopes(s, frames[0].id))[0];
      assert.equal(valueMap(await vars(s, local.variablesReference)).n, '5');

      const r = await s.dc.setVariableRequest({ variablesReference: local.variablesReference, name: 'n', value: '7' });
      assert.equal(r.body.value, '7');
      assert.equal(valueMap(await vars(s, local.variablesReference)).n, '7');

      await s.dc.setBreakpointsRequest({ source: { path: program }, breakpoints: [] });
      assert.equal(await step(s, 'continue'), undefined);
      const out = s.events.text('stdout');
      assert.match(out, /^fib\(7\) = 13$/m, 'printFib computed with the new n');
      assert.doesNotMatch(out, /fib\(5\) = 5/);
      assert.match(out, /^fib\(10\) = 55$/m);
    });
  });

  it('changing a closure variable, a global and an object property: the program computes with them after continue', T, async () => {
    const program = fixture('set-targets.js');
    await withSession(engine, async (s) => {
      await launch(s, { program, breakpoints: [6] }); // in add(n): `const sum = base + n * settings.factor * scale;`
      await s.events.stopped();
      const [top] = await stack(s);
      const sc = await scopes(s, top.id);
      const closure = sc.find((x) => x.name.startsWith('Closure'));
      const global = sc.find((x) => x.name === 'Global');
      assert.ok(closure && global, `scopes: ${sc.map((x) => x.name)}`);
      assert.equal((await s.dc.setVariableRequest({ variablesReference: closure.variablesReference, name: 'base', value: '100' })).body.value, '100');
      assert.equal(valueMap(await vars(s, closure.variablesReference)).base, '100');
      assert.equal((await s.dc.setVariableRequest({ variablesReference: global.variablesReference, name: 'scale', value: '3' })).body.value, '3');
      const settings = (await vars(s, global.variablesReference)).find((v) => v.name === 'settings');
      assert.ok(settings && settings.variablesReference > 0);
      assert.equal((await s.dc.setVariableRequest({ variablesReference: settings.variablesReference, name: 'factor', value: '2 + 3' })).body.value, '5');
      assert.equal(valueMap(await vars(s, settings.variablesReference)).factor, '5');
      await s.dc.setBreakpointsRequest({ source: { path: program }, breakpoints: [] });
      assert.equal(await step(s, 'continue'), undefined);
      // 100 + 1 * 5 * 3, in this call and the next (the closure variable and the global stay changed).
      assert.equal(s.events.text('stdout'), 'first 115\nsecond 115\n');
    });
  });
});
