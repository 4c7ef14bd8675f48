// End-to-end: step in, over and out stay where V8 puts them across callbacks passed to builtins
// (`list.map(fn)`), getters and setters, an exception that unwinds several frames, generators, and
// async/await (a step over an `await` lands on the next statement of the same async function once
// it resumes). Each scenario is compared with V8's own debugger (v8-compare.ts).
import { it } from 'node:test';
import { describeEachEngine, fixture, lineContaining } from './helpers.js';
import { compareWithV8 } from './v8-compare.js';

const T = { timeout: 60_000 };
const program = fixture('stepping-kinds.js');
const at = (text: string) => lineContaining(program, text);

describeEachEngine('stepping across callbacks, accessors, unwinding, generators and await', T, (engine) => {
  it('a callback passed to a builtin: stepIn enters it from the map call, stepOut leaves the map call', T, async () => {
    await compareWithV8(engine, program, at('list.map(double)'), ['stepIn', 'next', 'stepOut']);
  });

  // SPEC §6.4: a step over the last statement of a callback stops in the next guest code that runs
  // at depth <= d, so V8 and the spec stop in the builtin's next call of the callback.
  it('next off the end of a callback stops in the builtin\'s next call of it', T, async () => {
    await compareWithV8(engine, program, at('list.map(double)'), ['stepIn', 'next', 'next', 'next']);
  });

  it('a getter and a setter: stepIn enters each, next and stepOut return to the accessing line', T, async () => {
    await compareWithV8(engine, program, at('const before = account.dollars'), ['stepIn', 'next', 'next', 'stepIn', 'next', 'next']);
  });

  it('next over a throw that unwinds two frames lands in the catch block of the frame that catches', T, async () => {
    await compareWithV8(engine, program, at("throw new RangeError('too deep')"), ['next', 'next', 'next']);
  });

  it('stepIn two frames down to the throw, then next lands in the catching frame', T, async () => {
    await compareWithV8(engine, program, at('const r = middle(v + 1)'), ['stepIn', 'stepIn', 'next', 'next', 'next']);
  });

  it('a generator: next over a yield stays in the generator, at its next statement once resumed', T, async () => {
    await compareWithV8(engine, program, at('const next = i * 10'), ['next', 'next', 'next', 'next', 'next', 'next']);
  });

  it('next over an await lands on the next statement of the same async function', T, async () => {
    await compareWithV8(engine, program, at('const a = await half(8)'), ['next', 'next', 'next', 'next']);
  });

  it('stepIn into an async callee, next over its await, stepOut back to the awaiting caller', T, async () => {
    await compareWithV8(engine, program, at('const a = await half(8)'), ['stepIn', 'next', 'stepOut', 'next']);
  });
});
