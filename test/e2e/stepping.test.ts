// End-to-end: next / stepIn / stepOut land where V8 would, and stopOnEntry.
//
// Each scenario runs the same breakpoint + step sequence through nestdbg and through V8's own
// debugger and compares the stop lines (v8-compare.ts).
//
// Scenarios excluded because they differ legitimately (nestdbg stops at statement granularity):
//  - closures.js line 49 `const mixed = a(1) + b(2);`, stepIn into a, then stepOut / next: V8
//    stops again on line 49 (column 22, the `b(2)` call) after a(1) returns because more of the
//    expression remains; nestdbg has no statement start there.
//  - closures.js line 19 `return inner(1) + inner(2);` stepping out of / over the end of inner:
//    same reason (V8 stops at 19:21 and 19:30 between and after the calls).
//  - any `next` on a `return` statement: V8 stops a second time on that line at the function's
//    return position (e.g. fib.js 28:3 then 28:16), which costs V8 one extra step; the step
//    sequences below use stepOut (or stop) there instead.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { runV8Stepper, type V8StepKind } from '../oracle/v8-stepper.js';
import { sample } from './dap-client.js';
import { describeEachEngine, fixture, launch, stack, step, withSession } from './helpers.js';
import { compareWithV8 } from './v8-compare.js';

const T = { timeout: 60_000 };

describeEachEngine('stepping lands where V8 would', T, (engine) => {
  it('fib.js: stepIn into printFib and fib, next, stepOut twice back to printFib', T, async () => {
    await compareWithV8(engine, sample('fib.js'), 32, ['stepIn', 'stepIn', 'next', 'stepIn', 'stepIn', 'stepOut', 'stepOut', 'next']);
  });

  it('fib.js: stepIn / stepOut inside the recursion', T, async () => {
    await compareWithV8(engine, sample('fib.js'), 26, ['stepIn', 'next', 'stepIn', 'stepOut', 'stepOut', 'next']);
  });

  it('fib.js: next through a for loop (header hit once per iteration)', T, async () => {
    await compareWithV8(engine, sample('fib.js'), 17, Array<V8StepKind>(10).fill('next'));
  });

  it('closures.js: next over calls, stepIn to lateLet, next over its console.log, back to the caller', T, async () => {
    await compareWithV8(engine, sample('closures.js'), 36, ['next', 'next', 'stepIn', 'next', 'next', 'next', 'stepIn', 'next', 'next']);
  });

  it('closures.js: stepIn to a closure, stepOut to the caller, again', T, async () => {
    await compareWithV8(engine, sample('closures.js'), 31, ['stepIn', 'next', 'stepOut', 'stepIn', 'stepOut', 'next']);
  });

  it('classes.js: stepIn through new Rect -> super -> Shape constructor, stepOut, into methods', T, async () => {
    await compareWithV8(engine, sample('classes.js'), 49, ['stepIn', 'stepIn', 'next', 'next', 'stepOut', 'next', 'stepOut', 'stepIn', 'stepIn']);
  });

  it('generators.js: next through a for..of over a generator', T, async () => {
    await compareWithV8(engine, sample('generators.js'), 23, Array<V8StepKind>(6).fill('next'));
  });

  it('guarded-throw.js: next over a call that throws lands in the catch block', T, async () => {
    await compareWithV8(engine, fixture('guarded-throw.js'), 11, ['next', 'next', 'stepOut']);
  });

  it('guarded-throw.js: stepIn from the caller into a function whose body starts with try', T, async () => {
    await compareWithV8(engine, fixture('guarded-throw.js'), 19, ['stepIn', 'next']);
  });

  it('next off the end of a callee does not enter a later call in the same caller statement', T, async () => {
    // closures.js line 19: `return inner(1) + inner(2);`; breakpoint on 17 (`return sum;`), first hit is inner(1).
    const program = sample('closures.js');
    const v8 = await runV8Stepper(program, { breakpointLine: 17, steps: ['next', 'next'] });
    const v8After = v8.stops.find((x) => x.line !== 17);
    assert.equal(v8After?.functionName, 'outer', 'V8: a step over off the end of inner lands in its caller');
    await withSession(engine, async (s) => {
      await launch(s, { program, breakpoints: [17] });
      await s.events.stopped();
      await s.dc.setBreakpointsRequest({ source: { path: program }, breakpoints: [] });
      const stop = await step(s, 'next');
      assert.ok(stop, 'still stopped somewhere after one next');
      const top = (await stack(s))[0];
      // Statement granularity may skip the rest of line 19 (then the next stop is line 37), but it
      // must never enter inner(2): that is a step *into* a call the user asked to step over.
      assert.notEqual(top.name, 'inner', `next stepped into inner(2): stopped at ${top.name} line ${top.line}`);
      assert.ok([19, 37].includes(top.line), `expected line 19 or 37, got ${top.line}`);
    });
  });
});

describeEachEngine('stopOnEntry', T, (engine) => {
  it("stops with reason 'entry' at the first statement", T, async () => {
    const program = sample('fib.js');
    await withSession(engine, async (s) => {
      await launch(s, { program, stopOnEntry: true });
      const stop = await s.events.stopped();
      assert.equal(stop.body.reason, 'entry');
      const frames = await stack(s);
      assert.equal(frames.length, 1);
      assert.equal(frames[0].line, 32, 'line 32 `const small = printFib(5);` is the first statement');
      assert.equal(frames[0].source?.path, program);
      assert.equal(s.events.text('stdout'), '', 'nothing ran yet');
      assert.equal(await step(s, 'continue'), undefined);
      assert.match(s.events.text('stdout'), /^total = 75140$/m);
    });
  });
});
