// The producers the conformance suite runs, and what it needs to know about each language.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { QUICKJS_DEBUGGEE } from '../../adapters/quickjs/index.js';
import { LUA_DEBUGGEE } from '../../adapters/lua/index.js';
import { MINI_DEBUGGEE } from '../../adapters/mini/index.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface LanguageFacts {
  /** Directory of the shared samples (fib, closures, generators, trycatch, ...). */
  samples: string;
  ext: string;
  /** An expression whose value is a list of the numbers 1..10. */
  list10: string;
  /** An expression that raises an error when evaluated. */
  throwing: string;
  /** A syntactically invalid expression. */
  invalid: string;
  /** A program that loops forever, with the loop body on line 3. */
  loop: string;
  /** Text of the statement in samples' trycatch that raises (in `check`). */
  raise: string;
  /** A program whose function `f(x)` raises an error nobody catches on line 2; line 4 calls it. */
  uncaught: string;
  /** A program whose `fail(x)` raises x on line 2, called and caught for x = 10, 20, 30, 40. */
  raiseEach: string;
  /** An exception filter condition that itself fails when `error` is a number. */
  failingCondition: string;
  /** The name of the first element of a list child (0 in JavaScript, 1 in Lua). */
  firstIndex: number;
  /** Samples the language cannot express (no closures, say), with why: their checks are skipped. */
  lacks?: Record<string, string>;
}

export interface ProducerUnderTest {
  name: string;
  entry: string;
  /** Debuggee arguments that run `program`. */
  args(program: string): string[];
  lang: LanguageFacts;
}

const JS: LanguageFacts = {
  samples: path.join(ROOT, 'samples/js'),
  ext: '.js',
  list10: '[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]',
  throwing: 'null.x',
  invalid: ')(',
  loop: 'let i = 0;\nwhile (true) {\n  i = i + 1;\n}\n',
  raise: 'throw new ValidationError',
  uncaught: 'function f(x) {\n  return x.y.z;\n}\nf({ n: 7 });\n',
  raiseEach: 'function fail(x) {\n  throw x;\n}\nfor (let i = 1; i <= 4; i++) {\n  try { fail(i * 10); } catch (e) {}\n}\n',
  failingCondition: 'error.a.b',
  firstIndex: 0,
};

const LUA: LanguageFacts = {
  samples: path.join(ROOT, 'samples/lua'),
  ext: '.lua',
  list10: '{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}',
  throwing: 'nil .. "x"',
  invalid: ')(',
  loop: 'local i = 0\nwhile true do\n  i = i + 1\nend\n',
  raise: 'error(setmetatable',
  uncaught: 'local function f(x)\n  return x.y.z\nend\nf({ n = 7 })\n',
  raiseEach: 'local function fail(x)\n  error(x)\nend\nfor i = 1, 4 do\n  pcall(fail, i * 10)\nend\n',
  failingCondition: 'error.a.b',
  firstIndex: 1,
};

const MINI: LanguageFacts = {
  samples: path.join(ROOT, 'samples/mini'),
  ext: '.mini',
  list10: '[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]',
  throwing: 'nosuch + 1',
  invalid: ')(',
  loop: 'let i = 0;\nwhile true {\n  i = i + 1;\n}\n',
  raise: 'throw "invalid value"',
  uncaught: 'fn f(x) {\n  return x[7];\n}\nf([7]);\n',
  raiseEach: 'fn fail(x) {\n  throw x;\n}\nfor i = 1 to 4 {\n  try { fail(i * 10); } catch e { }\n}\n',
  failingCondition: 'error[0]',
  firstIndex: 0,
  lacks: {
    closures: 'mini has no closures (functions are top-level only)',
    generators: 'mini has no coroutines',
  },
};

export const PRODUCERS: readonly ProducerUnderTest[] = [
  { name: 'quickjs', entry: QUICKJS_DEBUGGEE, args: (p) => ['--engine', 'quickjs', p], lang: JS },
  { name: 'quickjs-ng', entry: QUICKJS_DEBUGGEE, args: (p) => ['--engine', 'quickjs-ng', p], lang: JS },
  { name: 'lua', entry: LUA_DEBUGGEE, args: (p) => [p], lang: LUA },
  { name: 'mini', entry: MINI_DEBUGGEE, args: (p) => [p], lang: MINI },
];

export function producerNamed(name: string): ProducerUnderTest | undefined {
  return PRODUCERS.find((p) => p.name === name);
}
