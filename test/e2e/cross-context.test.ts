// End-to-end: two QuickJS contexts of one runtime that call into each other
// (test/e2e/fixtures/joint-stack: through a host function and through shared values) debug as one
// stack, as two vm contexts do in Node: a stop in one shows the other's frames under its own,
// interleaved as the calls are, and scopes, evaluate and setVariable on each frame reach that
// frame's context; step in enters the other context, step over and out return into it, and
// breakpoints in both contexts stop steps as they do in one. The expected stops are V8's: the same
// scripts in two vm contexts of one Node process, stepped with node:inspector (the host function
// blackboxed), stop at the same lines in the same order: cross-context-v8.test.ts checks these
// walks against V8 on every run.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import {
  describeEachEngine, fixture, frameWhere, launchUntilInitialized, lineContaining, scopes, stack, step, valueMap, vars, withSession,
  type Session, type StepKind,
} from './helpers.js';
import { JOINT_STACK, WALKS } from './joint-stack-walks.js';

const T = { timeout: 60_000 };
const { app: APP, caller: CALLER, shared: SHARED } = JOINT_STACK;
const [INTO_AND_BACK, OVER_TO_BREAKPOINT, CALLEE_ONLY] = WALKS;

/** Launches the app with breakpoints on the lines holding each text, and waits for the first stop. */
async function start(s: Session, engine: string, breakpoints: Array<[string, string[]]>): Promise<DebugProtocol.StoppedEvent> {
  await launchUntilInitialized(s, { program: APP, env: { SANDBOX_ENGINE: engine } });
  for (const [file, texts] of breakpoints) {
    await s.dc.setBreakpointsRequest({ source: { path: file }, breakpoints: texts.map((t) => ({ line: lineContaining(file, t) })) });
  }
  await s.dc.configurationDoneRequest();
  return await s.events.stopped();
}

const where = async (s: Session) => (await stack(s)).map(frameWhere).join(' < ');

async function localsOf(s: Session, frame: DebugProtocol.StackFrame): Promise<Record<string, string>> {
  return valueMap(await vars(s, (await scopes(s, frame.id))[0].variablesReference));
}

async function evaluateIn(s: Session, frame: DebugProtocol.StackFrame, expression: string): Promise<string> {
  return (await s.dc.evaluateRequest({ expression, context: 'watch', frameId: frame.id })).body.result;
}

/** Takes each step; where each one stopped (the whole stack), or '(ended)'. */
async function walk(s: Session, steps: StepKind[]): Promise<string[]> {
  const out: string[] = [];
  for (const kind of steps) {
    const stopped = await step(s, kind);
    out.push(stopped ? `${kind} -> ${await where(s)}` : `${kind} -> (ended)`);
    if (!stopped) break;
  }
  return out;
}

describeEachEngine('contexts of one runtime debug as one stack', T, (engine) => {
  it('a stop shows both contexts\' frames interleaved; each frame inspects, evaluates and assigns in its own context', T, async () => {
    await withSession(engine, async (s) => {
      // shared.js is evaluated in both contexts: the breakpoint binds in each, the caller's copy stops.
      await start(s, engine, [[SHARED, ['return v / 2']]]);
      const frames = await stack(s);
      assert.deepEqual(frames.map(frameWhere), [
        'halve@shared.js:3', 'helper@caller.js:2', 'applyTo@shared.js:6', 'viaCaller@callee.js:6', 'run@caller.js:8', '(program)@main.js:1',
      ]);
      assert.equal(new Set(frames.map((f) => f.id)).size, frames.length, 'every frame has its own id');
      assert.ok(frames.every((f) => f.presentationHint === undefined), 'every frame is inspectable');
      const [halve, helper, applyTo, viaCaller, run] = frames;
      // Each frame evaluates in its own context (its own globals), the two shared.js frames included.
      const contexts = [];
      for (const f of frames) contexts.push(await evaluateIn(s, f, 'contextName'));
      assert.deepEqual(contexts, ["'caller'", "'caller'", "'callee'", "'callee'", "'caller'", "'caller'"]);
      assert.deepEqual(await localsOf(s, halve), { v: '4' });
      assert.deepEqual(await localsOf(s, helper), { v: '4', half: '<uninitialized>' });
      assert.equal((await localsOf(s, applyTo)).v, '4');
      assert.deepEqual(await localsOf(s, viaCaller), { y: '4', back: '<uninitialized>' });
      assert.deepEqual(await localsOf(s, run), { n: '4', viaHost: '13', direct: '13', nested: '<uninitialized>' });
      assert.equal(await evaluateIn(s, applyTo, 'fn === callerHelper && fn(v)'), '2', "the callee's binding of the caller's helper");
      assert.equal(await evaluateIn(s, viaCaller, 'y * 10'), '40');
      assert.equal(await evaluateIn(s, run, 'viaHost + direct'), '26');
      // Assignments through each frame's scope land in that frame's context: viaCaller returns
      // back + y, run returns viaHost + direct + nested.
      const assign = async (frame: DebugProtocol.StackFrame, name: string, value: string) =>
        (await s.dc.setVariableRequest({ variablesReference: (await scopes(s, frame.id))[0].variablesReference, name, value })).body.value;
      assert.equal(await assign(viaCaller, 'y', '10'), '10');
      assert.equal(await assign(run, 'direct', '100'), '100');
      assert.equal((await localsOf(s, viaCaller)).y, '10');
      assert.equal(await step(s, 'continue'), undefined, 'runs to the end');
      assert.match(s.events.text('stdout'), /^run: 125$/m, '13 + 100 + (2 + 10)');
    });
  });

  it('step in enters the other context (host function and shared value); step over and out return into the caller', T, async () => {
    await withSession(engine, async (s) => {
      await start(s, engine, INTO_AND_BACK.breakpoints);
      assert.equal(await where(s), 'run@caller.js:6 < (program)@main.js:1');
      assert.deepEqual(await walk(s, INTO_AND_BACK.steps), [
        'stepIn -> compute@callee.js:2 < run@caller.js:6 < (program)@main.js:1', // through the host function askCallee
        'next -> compute@callee.js:3 < run@caller.js:6 < (program)@main.js:1',
        'next -> run@caller.js:7 < (program)@main.js:1', // over the last statement: back in the caller, after the call
        'stepIn -> compute@callee.js:2 < run@caller.js:7 < (program)@main.js:1', // the callee's compute as a shared value
        'stepOut -> run@caller.js:8 < (program)@main.js:1',
        'stepIn -> viaCaller@callee.js:6 < run@caller.js:8 < (program)@main.js:1',
        'stepIn -> applyTo@shared.js:6 < viaCaller@callee.js:6 < run@caller.js:8 < (program)@main.js:1', // the callee's copy
        'stepIn -> helper@caller.js:2 < applyTo@shared.js:6 < viaCaller@callee.js:6 < run@caller.js:8 < (program)@main.js:1', // back into the caller
        'stepIn -> halve@shared.js:3 < helper@caller.js:2 < applyTo@shared.js:6 < viaCaller@callee.js:6 < run@caller.js:8 < (program)@main.js:1',
        'stepOut -> helper@caller.js:3 < applyTo@shared.js:6 < viaCaller@callee.js:6 < run@caller.js:8 < (program)@main.js:1',
        // applyTo has nothing left but its return (V8 stops there again, at the call's line: rule 2
        // of test/fuzz/normalize.ts), so the step goes on out of it.
        'stepOut -> viaCaller@callee.js:7 < run@caller.js:8 < (program)@main.js:1',
        'stepOut -> run@caller.js:9 < (program)@main.js:1',
        'next -> (program)@main.js:2',
        'next -> (ended)',
      ]);
      assert.match(s.events.text('stdout'), /^run: 32$/m);
    });
  });

  it('step over a call into the other context does not stop there, unless a breakpoint there does', T, async () => {
    await withSession(engine, async (s) => {
      await start(s, engine, OVER_TO_BREAKPOINT.breakpoints);
      assert.deepEqual(await walk(s, OVER_TO_BREAKPOINT.steps), [
        'next -> run@caller.js:7 < (program)@main.js:1',
        'next -> run@caller.js:8 < (program)@main.js:1',
        // The call reaches the callee's breakpoint: the step ends there, and a step from it returns.
        'next -> viaCaller@callee.js:7 < run@caller.js:8 < (program)@main.js:1',
        'next -> run@caller.js:9 < (program)@main.js:1',
        'next -> (program)@main.js:2',
      ]);
      assert.equal(await step(s, 'continue'), undefined);
    });
  });

  it('with breakpoints only in the callee, steps out of it land in the caller (its functions run checked)', T, async () => {
    await withSession(engine, async (s) => {
      const first = await start(s, engine, CALLEE_ONLY.breakpoints);
      assert.equal(first.body.reason, 'breakpoint');
      assert.equal(await where(s), 'compute@callee.js:3 < run@caller.js:6 < (program)@main.js:1');
      assert.deepEqual(await walk(s, CALLEE_ONLY.steps), [
        'next -> run@caller.js:7 < (program)@main.js:1',
        'next -> compute@callee.js:3 < run@caller.js:7 < (program)@main.js:1', // the breakpoint, reached by the shared value
        'stepOut -> run@caller.js:8 < (program)@main.js:1',
        'stepOut -> (program)@main.js:2',
      ]);
      assert.equal(await step(s, 'continue'), undefined);
      assert.match(s.events.text('stdout'), /^run: 32$/m);
    });
  });
});
