// Reads real QuickJS frames (both engines) from inside a host call, as the debugger does at a stop.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { QuickJSContext, QuickJSHandle } from 'quickjs-emscripten-core';
import { ENGINES, loadEngine, type EngineName } from '../engine.js';
import { FrameMemory, type FrameVariable, type MemoryFrame } from './frame-memory.js';

type OnStop = (fm: FrameMemory, ctx: QuickJSContext, args: QuickJSHandle[]) => void;

/** Runs `code` with a global hostProbe(...) that calls `onStop`; returns the script's value. */
async function run(engine: EngineName, code: string, onStop: OnStop): Promise<unknown> {
  const module = await loadEngine(engine);
  const runtime = module.newRuntime();
  const ctx = runtime.newContext();
  try {
    const fm = FrameMemory.open(ctx);
    if (!(fm instanceof FrameMemory)) throw new Error(`unavailable: ${fm.unavailable}`);
    let stopError: unknown;
    const probe = ctx.newFunction('hostProbe', (...args) => {
      try {
        onStop(fm, ctx, args);
      } catch (e) {
        stopError ??= e;
      }
    });
    ctx.setProp(ctx.global, 'hostProbe', probe);
    probe.dispose();
    const result = ctx.evalCode(code, 'main.js');
    while (runtime.hasPendingJob()) runtime.executePendingJobs().dispose();
    if (stopError) throw stopError;
    const handle = ctx.unwrapResult(result);
    try {
      return ctx.dump(handle);
    } finally {
      handle.dispose();
    }
  } finally {
    ctx.dispose();
    runtime.dispose(); // aborts if a value's reference count was left wrong (a leak)
  }
}

/** name → dumped value of the user-visible variables (last occurrence wins; TDZ shows as a marker). */
function values(fm: FrameMemory, ctx: QuickJSContext, vars: FrameVariable[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const v of vars) {
    if (v.internal || v.global) continue;
    if (v.uninitialized) { out[v.name] = '<tdz>'; continue; }
    const h = fm.value(v);
    out[v.name] = ctx.dump(h);
    if (h.alive) h.dispose(); // dump() consumes a promise handle
  }
  return out;
}

const scriptFrames = (frames: MemoryFrame[]) => frames.filter((f) => !f.native);
const byName = (frames: MemoryFrame[], name: string) => {
  const f = frames.find((x) => x.name === name);
  assert.ok(f, `frame ${name} in ${frames.map((x) => x.name).join(',')}`);
  return f;
};

for (const engine of ENGINES) {
  test(`${engine}: calibration finds the frame layout`, async () => {
    const module = await loadEngine(engine);
    const ctx = module.newContext();
    const fm = FrameMemory.open(ctx);
    ctx.dispose();
    assert.ok(fm instanceof FrameMemory, fm instanceof FrameMemory ? '' : fm.unavailable);
    // What the builds bundled with quickjs-emscripten 0.32 do (frame-memory.md).
    assert.equal(fm.layout.hostFrame, engine === 'quickjs-ng');
    assert.equal(fm.layout.closureHasGlobals, engine === 'quickjs');
  });

  test(`${engine}: callers' args and locals, innermost first`, async () => {
    let seen: Record<string, Record<string, unknown>> = {};
    let order: string[] = [];
    await run(engine, `
      function outer(a, b) { let x = 42; const s = 'str'; let o = {k: 1}; return inner(a + 1); }
      function inner(y) { return hostProbe(); }
      outer(2, 'two');`, (fm, ctx) => {
      const frames = scriptFrames(fm.readFrames());
      order = frames.map((f) => f.name);
      seen = Object.fromEntries(frames.map((f) => [f.name, values(fm, ctx, [...f.args, ...f.locals])]));
      const outer = byName(frames, 'outer');
      assert.deepEqual(outer.args.map((v) => v.name), ['a', 'b']);
      assert.deepEqual(outer.locals.filter((v) => !v.internal).map((v) => [v.name, v.isConst, v.scoped]), [['x', false, true], ['s', true, true], ['o', false, true]]);
    });
    assert.deepEqual(order, ['inner', 'outer', '<eval>']);
    assert.deepEqual(seen.inner, { y: 3 });
    assert.deepEqual(seen.outer, { a: 2, b: 'two', x: 42, s: 'str', o: { k: 1 } });
  });

  test(`${engine}: frames line up with Error().stack, native frames and this included`, async () => {
    await run(engine, `
      function outer(a) { return [1].map(function cb(e) { return arrow(a + e, this); }, {t: 1})[0]; }
      const arrow = (y) => inner(y);
      function inner(y) { return hostProbe(new Error().stack); }
      outer(1);`, (fm, ctx, [stack]) => {
      const lines = ctx.getString(stack).split('\n').filter((l) => l.trim());
      const frames = fm.readFrames();
      assert.equal(frames.length, lines.length, ctx.getString(stack));
      frames.forEach((f, i) => {
        const m = /^\s*at (\S+) \((.*)\)$/.exec(lines[i]);
        assert.ok(m, lines[i]);
        assert.equal(f.native, m[2] === 'native', lines[i]);
        assert.equal(fm.functionName(f), m[1]);
        // The compiled name is '' only for the arrow function, which gets its name when assigned.
        if (!f.native) assert.equal(f.name, m[1] === 'arrow' ? '' : m[1]);
        if (!f.native) assert.equal(f.url, /^(.*):\d+:\d+$/.exec(m[2])?.[1]);
      });
      const cb = byName(frames, 'cb');
      assert.deepEqual(values(fm, ctx, [...cb.args, ...cb.locals, ...cb.closure]), { e: 1, this: { t: 1 }, a: 1 });
    });
  });

  test(`${engine}: closure variables, live and detached`, async () => {
    await run(engine, `
      function makeCounter() { let count = 7; return function tick(step) { count += step; return hostProbe(); }; }
      function live() { let shared = 'on stack'; return (function read() { return hostProbe(shared); })(); }
      makeCounter()(3); live();`, (fm, ctx, args) => {
      const frames = scriptFrames(fm.readFrames());
      if (args.length === 0) {
        // makeCounter has returned: `count` lives in the detached JSVarRef now.
        assert.deepEqual(values(fm, ctx, byName(frames, 'tick').closure), { count: 10 });
      } else {
        assert.deepEqual(values(fm, ctx, byName(frames, 'read').closure), { shared: 'on stack' });
        assert.deepEqual(values(fm, ctx, byName(frames, 'live').locals), { shared: 'on stack' });
      }
    });
  });

  test(`${engine}: a block-scoped name shadowing another appears twice, in declaration order`, async () => {
    await run(engine, `
      function shadow() { let v = 'outer'; { let v = 'inner'; return hostProbe(); } }
      function left() { let w = 'outer'; { let w = 'inner'; } return hostProbe(); }
      shadow(); left();`, (fm, ctx) => {
      const f = scriptFrames(fm.readFrames())[0];
      const name = f.name === 'shadow' ? 'v' : 'w';
      const same = f.locals.filter((v) => v.name === name);
      assert.deepEqual(same.map((v) => v.occurrence), [0, 1]);
      const [outer, inner] = same.map((v) => { const h = fm.value(v); try { return ctx.dump(h); } finally { h.dispose(); } });
      // Both slots keep their values after the block ends: which one is in scope is not in memory.
      assert.deepEqual([outer, inner], ['outer', 'inner']);
      if (engine === 'quickjs-ng') assert.ok(same[1].scopeLevel! > same[0].scopeLevel!);
    });
  });

  test(`${engine}: recursion, each frame its own n`, async () => {
    let ns: unknown[] = [];
    await run(engine, `
      function fib(n) { if (n < 2) return n === 1 && fib.deep ? hostProbe() : n; return fib(n - 1) + fib(n - 2); }
      fib.deep = true; fib(5);`, (fm, ctx) => {
      if (ns.length) return;
      ns = scriptFrames(fm.readFrames()).filter((f) => f.name === 'fib').map((f) => values(fm, ctx, f.args).n);
    });
    assert.deepEqual(ns, [1, 2, 3, 4, 5]);
  });

  test(`${engine}: temporal dead zone, generator and async frames`, async () => {
    const got: Record<string, unknown> = {};
    await run(engine, `
      function tdz() { hostProbe('tdz'); let late = 1; return late; }
      function* gen(a) { let gv = a * 2; yield hostProbe('gen'); }
      async function af(p) { let av = await p; return hostProbe('async'); }
      tdz(); gen(5).next(); af(Promise.resolve(6)); 0;`, (fm, ctx, [tag]) => {
      const f = scriptFrames(fm.readFrames())[0];
      const which = ctx.getString(tag);
      got[which] = values(fm, ctx, [...f.args, ...f.locals]);
      if (which === 'tdz') assert.throws(() => fm.value(f.locals.find((v) => v.name === 'late')!), /uninitialized/);
    });
    assert.deepEqual(got, { tdz: { late: '<tdz>' }, gen: { a: 5, gv: 10 }, async: { p: { type: 'fulfilled', value: 6 }, av: 6 } });
  });

  test(`${engine}: writing locals, args and captured variables; the guest sees the new values`, async () => {
    const result = await run(engine, `
      function callee() { return hostProbe(); }
      function caller(arg) {
        let k = 1; let obj = {old: true}; let shared = 'before'; const get = () => shared;
        callee();
        return [arg, k, obj, get()];
      }
      caller('a');`, (fm, ctx) => {
      const caller = byName(fm.readFrames(), 'caller');
      const v = (name: string) => [...caller.args, ...caller.locals].find((x) => x.name === name)!;
      const set = (name: string, h: QuickJSHandle) => { fm.setValue(v(name), h); h.dispose(); };
      set('arg', ctx.newString('written arg'));
      set('k', ctx.newNumber(41));
      set('obj', ctx.unwrapResult(ctx.evalCode('({fresh: [1, 2]})')));
      set('shared', ctx.newString('after'));
    });
    // run() disposing the runtime checks that the replaced object was released exactly once.
    assert.deepEqual(result, ['written arg', 41, { fresh: [1, 2] }, 'after']);
  });

  test(`${engine}: reading 10 frames with all their values`, async (t) => {
    const times: number[] = [];
    const walks: number[] = [];
    await run(engine, `
      function deep(n, acc) { const here = {n}; let label = 'level' + n; return n === 0 ? hostProbe() : deep(n - 1, acc + n); }
      for (let i = 0; i < 50; i++) deep(9, 0);`, (fm, ctx) => {
      const start = performance.now();
      const frames = fm.readFrames();
      walks.push(performance.now() - start);
      let count = 0;
      for (const f of frames) {
        for (const v of [...f.args, ...f.locals, ...f.closure]) {
          if (v.uninitialized) continue;
          fm.value(v).dispose();
          count++;
        }
      }
      times.push(performance.now() - start);
      assert.equal(frames.filter((f) => f.name === 'deep').length, 10);
      assert.ok(count >= 40);
    });
    const first = times[0];
    times.sort((a, b) => a - b);
    walks.sort((a, b) => a - b);
    t.diagnostic(`${engine}: readFrames() alone (11 frames, names and flags, no handles): median ${walks[walks.length >> 1].toFixed(3)} ms, max ${walks[walks.length - 1].toFixed(3)} ms`);
    t.diagnostic(`${engine}: read 11 frames + a handle to every value: first stop ${first.toFixed(3)} ms, median ${times[times.length >> 1].toFixed(3)} ms, max ${times[times.length - 1].toFixed(3)} ms over ${times.length} stops`);
  });
}

test('an object that is not a quickjs-emscripten context is reported unavailable, not read', () => {
  const fm = FrameMemory.open({} as QuickJSContext);
  assert.deepEqual(fm, { unavailable: 'context internals not recognised' });
});
