// A seeded, deterministic generator of random JavaScript programs for the differential loops.
//
// Every program is a classic script that terminates (loops have constant bounds, calls only go to
// functions defined earlier, recursion is explicitly bounded) and prints a deterministic trace with
// console.log: integers only (no floats, no Date, no Math.random), string keys only, and errors
// are printed through their `name` or a custom `code` field, never through a builtin's message.
// One statement per line, so stepping comparisons line up.
//
// Layout of a program:
//   helper classes / functions (hoisted declarations, async functions, generators, classes)
//   `console.log("program <seed>");`          <- `firstLine`: the stepping breakpoint
//   top-level statements
//   optionally an uncaught throw at the very end (exit code 1, stderr)
//   function __fuzzDead() { console.log(...) } <- `deadLine`: a line that never runs

import { Choices } from './choices.js';
import { Gen } from './gen-definitions.js';
import type { Ctx, FnKind } from './gen-base.js';

export { rng } from './choices.js';

export interface GeneratedProgram {
  seed: number;
  source: string;
  /** 1-based line of the first top-level statement (the stepping breakpoint). */
  firstLine: number;
  /** 1-based line inside a function that is never called (the "armed but never hit" breakpoint). */
  deadLine: number;
  /** True when the program ends with an uncaught exception (exit code 1). */
  throwsAtEnd: boolean;
  /** The generator's choices: `generateFromChoices(choices, options)` gives this program again. */
  choices: number[];
  options: GeneratorOptions;
  /** Units of `choices` (indexes into it). */
  spans: Span[];
}

/**
 * The choices [start, end) that made one statement, helper function or class: the shrinker
 * deletes them as a unit, together with one from what counts them (`count`: the index of the
 * choice holding a count, or the option that sets it).
 */
export interface Span {
  start: number;
  end: number;
  count: number | 'functions' | 'statements';
}

export interface GeneratorOptions {
  /** Number of top-level helper functions (default 3..6, random). */
  functions?: number;
  /** Number of top-level statements after the helpers (default 6..14, random). */
  statements?: number;
  /** Never end with an uncaught exception. */
  noUncaught?: boolean;
}

/** Generates the program for `seed` (same seed, same program, always). */
export function generateProgram(seed: number, options: GeneratorOptions = {}): GeneratedProgram {
  return generate(new Gen(seed, Choices.fromSeed(seed)), options);
}

/** Generates the program these choices describe (`seed` only labels it). */
export function generateFromChoices(choices: readonly number[], options: GeneratorOptions, seed: number): GeneratedProgram {
  return generate(new Gen(seed, Choices.replaying(choices)), options);
}

function generate(g: Gen, options: GeneratorOptions): GeneratedProgram {
  const seed = g.seed;
  g.emit(`// nestdbg fuzz program, seed ${seed}`);
  g.errorClass();
  // Counts drawn here are left out of the returned choices and put in its options instead, so
  // the shrinker can lower them below the random range.
  const drawnCounts: number[] = [];
  const count = (given: number | undefined, lo: number, hi: number) => {
    if (given !== undefined) return given;
    drawnCounts.push(g.choices.made.length);
    return g.int(lo, hi);
  };
  const nFns = count(options.functions, 3, 6);
  const kinds: FnKind[] = ['plain', 'plain', 'rec', 'thrower', 'factory', 'gen', 'async'];
  for (let i = 0; i < nFns; i++) g.spanned('functions', () => g.defineFunction(i < 2 ? 'plain' : g.pick(kinds)));
  const firstLine = g.emit(`console.log("program ${seed}");`);
  const classCount = g.choices.made.length;
  const nClasses = g.int(0, 2);
  for (let i = 0; i < nClasses; i++) g.spanned(classCount, () => g.defineClass());
  const top: Ctx = {
    vars: [], mutable: new Set(), loops: [], inSwitch: false, inFunction: false, inAsync: false, inGenerator: false,
    depth: 2, callables: [...g.callables], classes: [...g.classes],
  };
  const n = count(options.statements, 6, 14);
  for (let i = 0; i < n; i++) g.spanned('statements', () => g.statement(top));
  // Every helper is used at least once.
  for (const f of g.callables) {
    const v = g.fresh('u');
    if (f.kind === 'thrower') {
      g.open('try {');
      g.emit(`${g.call(top, f)};`);
      g.indent--;
      g.open(`} catch (${v}) {`);
      g.emit(`console.log("crossed", ${v}.name, ${v}.code);`);
      g.close();
    } else if (f.kind === 'gen') {
      g.emit(`const ${v} = [...${g.call(top, f)}];`);
      g.emit(`console.log("gen", ${v}.join("|"));`);
    } else if (f.kind === 'async') {
      g.emit(`${g.call(top, f)}.then((${v}) => console.log("async", ${v}));`);
    } else if (f.kind === 'factory') {
      g.emit(`const ${v} = ${g.call(top, f)};`);
      g.emit(`${v}.inc(${g.int(1, 5)});`);
      g.emit(`console.log("counter", ${v}.inc(), ${v}.current);`);
    } else {
      g.emit(`const ${v} = ${g.call(top, f)};`);
      g.emit(`console.log("use", ${v});`);
    }
  }
  const throwsAtEnd = g.chance(0.1) && !options.noUncaught;
  if (throwsAtEnd) g.emit(`throw new FuzzError(${g.int(0, 9)});`);
  g.emit('');
  g.open('function __fuzzDead() {');
  const deadLine = g.emit('console.log("dead code ran");');
  g.close();
  const choices = g.choices.made.filter((_, i) => !drawnCounts.includes(i));
  const at = (i: number) => i - drawnCounts.filter((d) => d < i).length;
  const spans = g.spans.map((x) => ({ start: at(x.start), end: at(x.end), count: typeof x.count === 'number' ? at(x.count) : x.count }));
  return { seed, source: g.text(), firstLine, deadLine, throwsAtEnd, choices, options: { ...options, functions: nFns, statements: n }, spans };
}
