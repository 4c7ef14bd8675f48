// Which slot of a name a frame sees, checked against real QuickJS frames (both engines): for each
// case, the body passes the values it sees to hostProbe({...}), and the slot that
// declarations.ts + localSlot choose must hold the same value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINES, loadEngine } from '../engine.js';
import { FrameMemory } from './frame-memory.js';
import { ScriptDeclarations } from './declarations.js';
import { localSlot } from './memory-frames.js';

const CASES: Record<string, string> = {
  'parameters with defaults (the body sees the argument slots)': 'function f(a, b = 2) { a = 7; hostProbe({ a, b }); } f(1);',
  'a pattern parameter next to a default': 'function f(a, b = 2, { c }) { c = 8; hostProbe({ a, b, c }); } f(1, undefined, { c: 1 });',
  'a default inside a pattern': 'function f(a, [b = 2]) { b++; hostProbe({ a, b }); } f(1, []);',
  'an arrow with a default': 'const f = (a, b = 1) => { b++; hostProbe({ a, b }); }; f(1);',
  'a rest parameter and a pattern': 'function f(a, { c }, ...r) { hostProbe({ a, c, r }); } f(1, { c: 2 }, 3);',
  'a function declared in a block, after the block (Annex B var)': 'function f() { if (true) { function g() { return 1; } } hostProbe({ g }); } f();',
  'a function declared in a block, inside it (sloppy)': 'function f() { if (true) { function g() { return 1; } hostProbe({ g }); } } f();',
  'a function declared in a block (strict: no var)': 'function f() { "use strict"; if (true) { function g() { return 1; } hostProbe({ g }); } } f();',
  'a shadowing let in a block': 'function f(x) { { let x = 2; hostProbe({ x }); } } f(1);',
};

for (const engine of ENGINES) {
  for (const [name, code] of Object.entries(CASES)) {
    test(`slot choice [${engine}]: ${name}`, async () => {
      const module = await loadEngine(engine);
      const runtime = module.newRuntime();
      const ctx = runtime.newContext();
      const fm = FrameMemory.open(ctx);
      assert.ok(fm instanceof FrameMemory);
      const offset = code.indexOf('hostProbe(');
      const decls = new ScriptDeclarations(code, false).at(offset)!;
      let checked = 0;
      const failures: string[] = [];
      const probe = ctx.newFunction('hostProbe', (seen) => {
        const frame = fm.readFrames()[0];
        const own = [...frame.args, ...frame.locals].filter((v) => !v.internal);
        const keys = ctx.evalCode('(o) => Object.keys(o)').unwrap().consume((f) => ctx.callFunction(f, ctx.undefined, seen).unwrap().consume((k) => ctx.dump(k) as string[]));
        for (const key of keys) {
          const slot = localSlot(own, key, decls, offset);
          if (!slot) {
            failures.push(`${key}: no slot (${own.filter((v) => v.name === key).length} slots, ${decls.get(key)?.length ?? 0} declarations)`);
            continue;
          }
          const expected = ctx.getProp(seen, key);
          const actual = fm.value(slot);
          const same = ctx.evalCode('Object.is').unwrap().consume((is) => ctx.callFunction(is, ctx.undefined, expected, actual).unwrap().consume((r) => ctx.dump(r)));
          if (!same) failures.push(`${key}: slot holds ${ctx.dump(actual)}, the body sees ${ctx.dump(expected)}`);
          expected.dispose();
          actual.dispose();
          checked++;
        }
      });
      ctx.setProp(ctx.global, 'hostProbe', probe);
      probe.dispose();
      try {
        ctx.unwrapResult(ctx.evalCode(code, 'main.js')).dispose();
        assert.deepEqual(failures, []);
        assert.ok(checked > 0);
      } finally {
        ctx.dispose();
        runtime.dispose();
      }
    });
  }
}
