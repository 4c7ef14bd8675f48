// mini's errors: try/catch/throw in the language, and exception stops through the ABI (SPEC §6.7):
// caught and uncaught filters, conditions on `error`, exception-info, every frame still there at
// the stop, and an inspection that runs too long cannot be caught by the guest's own `catch`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AbiError, type ExceptionDetails, type ExceptionFilter, type StopEvent } from '../../abi/index.js';
import { ask, type Script } from '../../abi/scripted-host.js';
import { runScripted } from './mini.test.js';
import { MiniProducer } from './producer.js';

const TRYCATCH = fileURLToPath(new URL('../../../samples/mini/trycatch.mini', import.meta.url));

interface Stop { event: StopEvent; frames: string[]; info: ExceptionDetails; evaluated?: string }

/** Runs `source` with exception filters set at load; records each stop with its frames and exception. */
function run(source: string, filters: ExceptionFilter[], evaluate?: string) {
  const stops: Stop[] = [];
  const out: string[] = [];
  let setError: string | undefined;
  const code = runScripted(source, {
    *scriptLoaded() {
      try {
        yield* ask.setExceptionBreakpoints(filters);
      } catch (e) {
        setError = (e as AbiError).payload.message;
      }
    },
    *stopped(event) {
      const frames = (yield* ask.frames()).map((f) => `${f.name}:${f.position.line}`);
      const info = yield* ask.exceptionInfo();
      stops.push({ event, frames, info, evaluated: evaluate && !stops.length ? (yield* ask.evaluate(0, evaluate, 'repl')).display : undefined });
    },
    output: (e) => void out.push(e.text),
  }, '/virtual/x.mini');
  return { code, stops, out: out.join(''), setError };
}

const lineOf = (source: string, text: string) => source.split('\n').findIndex((l) => l.includes(text)) + 1;

test('try/catch/throw: values and runtime errors are caught, rethrown, and end the program when nobody catches', () => {
  const source = fs.readFileSync(TRYCATCH, 'utf8');
  const r = run(source, []);
  assert.equal(r.code, 0);
  assert.equal(r.out, 'finally, status = ok\nresult 6\nfinally, status = started\ncaught invalid value\nbuiltin error: index out of range\n');
  assert.deepEqual(r.stops, []);
  const uncaught = run('fn f() {\n  throw [1, "two"];\n}\ntry { f(); } catch e { print(len(e)); }\nf();\n', []);
  assert.equal(uncaught.code, 1);
  assert.equal(uncaught.out, '2\nmini: /virtual/x.mini:2: [1, "two"]\n');
});

test('caught filter: stops at the throw with every frame, exception-info says caught; a rethrow is a new exception', () => {
  const source = fs.readFileSync(TRYCATCH, 'utf8');
  const r = run(source, [{ kind: 'caught' }], 'value * 10');
  assert.equal(r.code, 0);
  const throwLine = lineOf(source, 'throw "invalid value"');
  assert.deepEqual(r.stops[0].frames, [`check:${throwLine}`, `validate:${lineOf(source, 'check(values[i])')}`,
    `processAll:${lineOf(source, 'result = validate(values)')}`, `run:${lineOf(source, '"result " + processAll')}`, `<main>:${lineOf(source, 'print(run([1, -2, 3]))')}`]);
  assert.deepEqual([r.stops[0].event.reason, r.stops[0].event.description, r.stops[0].evaluated], ['exception', 'invalid value', '-20']);
  assert.deepEqual({ ...r.stops[0].info, stackTrace: undefined }, { id: 'string', description: 'invalid value', kind: 'caught', stackTrace: undefined });
  assert.match(r.stops[0].info.stackTrace!, /^ {4}at check \(\/virtual\/x\.mini:6\)\n {4}at validate \(\/virtual\/x\.mini:14\)\n/);
  // processAll rethrows (a new exception, §6.7), and the interpreter's own index error is caught too.
  assert.deepEqual(r.stops.map((s) => [s.frames[0], s.info.id, s.info.description]), [
    [`check:${throwLine}`, 'string', 'invalid value'],
    [`processAll:${lineOf(source, 'throw failure')}`, 'string', 'invalid value'],
    [`<main>:${lineOf(source, 'print(xs[5])')}`, 'runtime error', 'index out of range'],
  ]);
});

test('uncaught filter: stops before the program ends, frames readable; caught errors do not stop', () => {
  const source = 'fn f(xs) {\n  let n = len(xs);\n  return xs[n + 4];\n}\ntry { f([0]); } catch e { }\nlet ys = [1, 2];\nprint(f(ys));\n';
  const r = run(source, [{ kind: 'uncaught' }], 'n * 100');
  assert.equal(r.code, 1);
  assert.deepEqual(r.stops.map((s) => [s.event.reason, s.frames, s.info.kind, s.evaluated]), [['exception', ['f:3', '<main>:7'], 'uncaught', '200']]);
  assert.equal(r.out, 'mini: /virtual/x.mini:3: index out of range\n');
});

test('filter conditions see the exception as `error`; a condition that does not parse is an error', () => {
  const source = 'fn fail(x) {\n  throw x;\n}\nfor i = 1 to 4 {\n  try { fail(i * 10); } catch e { }\n}\n';
  const r = run(source, [{ kind: 'caught', condition: 'error > 25' }]);
  assert.deepEqual(r.stops.map((s) => s.info.description), ['30', '40']);
  assert.match(run(source, [{ kind: 'caught', condition: 'error >' }]).setError!, /expected an expression/);
  assert.match(run(source, [{ kind: 'caught', condition: 'error = 1' }]).setError!, /not an assignment/);
  // A condition that fails at run time counts as false (§6.7): no stop, the program is unharmed.
  assert.deepEqual(run(source, [{ kind: 'caught', condition: 'error[0]' }]).stops, []);
});

test('exception-info outside an exception stop is an error; an evaluation that runs too long is not caught by the guest', () => {
  let checked = false;
  const message = function* (call: Script<unknown>): Script<string> {
    try {
      yield* call;
    } catch (e) {
      return (e as AbiError).payload.message;
    }
    return 'no error';
  };
  const code = runScripted('let tries = 0;\nprint(tries);\nfn spin() {\n  while true {\n    try { tries = tries + 1; let x = [][0]; } catch e { }\n  }\n}\n', {
    *scriptLoaded(info) {
      yield* ask.setBreakpoints(info.id, [{ line: 2 }]);
    },
    *stopped() {
      assert.match(yield* message(ask.exceptionInfo()), /not stopped at an exception/);
      // spin() catches every error in a loop: the time limit must still end it (SPEC §9.4).
      assert.match(yield* message(ask.evaluate(0, 'spin()', 'repl')), /took too long/);
      assert.equal((yield* ask.evaluate(0, 'tries > 0', 'repl')).display, 'true');
      checked = true;
    },
  });
  assert.ok(checked);
  assert.equal(code, 0);
  assert.throws(() => new MiniProducer().exceptionInfo(), AbiError);
});
