// Stopped in a host function the guest called (mixed mode, issue #4): at a host breakpoint there,
// or after a step in from the script's call, the stack holds the host function, the interpreter's
// Wasm that called it, the script frames that made the call (readable: scopes, evaluate), the
// interpreter's Wasm running them, and the host code below, in that order.
import assert from 'node:assert/strict';
import path from 'node:path';
import { it } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { REPO } from '../dap-client.js';
import { assertNoOwnFrames, describeEachEngine, frameWhere as where, launchUntilInitialized, lineContaining, scopes, stack, step, valueMap, vars, withSession, type Session } from '../helpers.js';

const T = { timeout: 90_000 };
const DIR = path.join(REPO, 'test', 'e2e', 'fixtures', 'step-levels');
const APP = path.join(DIR, 'app.mjs');
const GUEST = path.join(DIR, 'guest.js');
const HOST_LINE = lineContaining(APP, 'const a = ctx.getNumber(aHandle)');
const CALL_LINE = lineContaining(GUEST, 'const y = hostAdd(x, 2)');
const PROGRAM_LINE = lineContaining(GUEST, 'calc(5);');
const EVAL_LINE = lineContaining(APP, 'ctx.unwrapResult(ctx.evalCode(');

type Kind = 'host' | 'wasm' | 'label' | 'script';
const kindOf = (f: DebugProtocol.StackFrame): Kind =>
  f.instructionPointerReference ? 'wasm' : f.presentationHint === 'label' ? 'label' : f.source?.path === GUEST ? 'script' : 'host';

/** Checks the documented order and returns the script frames. */
async function checkHostCallStack(s: Session): Promise<DebugProtocol.StackFrame[]> {
  const frames = await stack(s);
  const all = frames.map(where).join(' < ');
  assert.equal(where(frames[0]), `hostAdd@app.mjs:${HOST_LINE}`, all);
  const script = frames.filter((f) => kindOf(f) === 'script');
  assert.deepEqual(script.map((f) => `${f.name}:${f.line}`), [`calc:${CALL_LINE}`, `(program):${PROGRAM_LINE}`], all);
  const at = (f: DebugProtocol.StackFrame) => frames.indexOf(f);
  const between = (from: number, to: number) => frames.slice(from + 1, to).map(kindOf);
  // host function < the interpreter's Wasm that called it < calc < its caller's Wasm < (program) < Wasm < host
  assert.ok(between(0, at(script[0])).includes('wasm'), `Wasm between the host function and calc: ${all}`);
  assert.ok(!between(0, at(script[0])).includes('host'), all);
  assert.ok(between(at(script[0]), at(script[1])).includes('wasm'), `Wasm between calc and (program): ${all}`);
  const below = frames.slice(at(script[1]) + 1);
  assert.equal(below[0] && kindOf(below[0]), 'wasm', all);
  assert.ok(below.some((f) => kindOf(f) === 'host' && f.line === EVAL_LINE), `the app's evalCode line below: ${all}`);
  assert.ok(!frames.some((f) => f.name.includes('placed by') || f.name.includes('grouped')), `exact placement: ${all}`);
  assertNoOwnFrames(frames);
  return script;
}

/** Launches the app in `s` with these host and guest breakpoints. */
async function launchApp(s: Session, engine: string, hostLines: number[], guestLines: number[]): Promise<void> {
  await launchUntilInitialized(s, { program: APP, mixedStack: true, env: { STEP_ENGINE: engine } });
  if (hostLines.length) await s.dc.setBreakpointsRequest({ source: { path: APP }, breakpoints: hostLines.map((line) => ({ line })) });
  if (guestLines.length) await s.dc.setBreakpointsRequest({ source: { path: GUEST }, breakpoints: guestLines.map((line) => ({ line })) });
  await s.dc.configurationDoneRequest();
}

describeEachEngine('stopped in a host function the guest called', T, (engine) => {
  it('a host breakpoint there shows the guest frames that made the call, readable, between the Wasm frames', T, async () => {
    await withSession(engine, async (s) => {
      await launchApp(s, engine, [HOST_LINE], []);
      assert.equal((await s.events.stopped()).body.reason, 'breakpoint');
      const [calc, program] = await checkHostCallStack(s);
      const local = (await scopes(s, calc.id))[0];
      assert.equal(valueMap(await vars(s, local.variablesReference)).x, '5');
      assert.equal((await s.dc.evaluateRequest({ expression: 'x * 2', frameId: calc.id, context: 'repl' })).body.result, '10');
      assert.ok((await scopes(s, program.id)).length > 0);

      // Continue: the second call stops there again, with that call's frames (x is still 5, z is 70).
      await s.dc.continueRequest({ threadId: 1 });
      assert.equal((await s.events.stopped()).body.reason, 'breakpoint');
      const [again] = await checkHostCallStack(s).catch(async () => [(await stack(s)).find((f) => kindOf(f) === 'script')!]);
      assert.equal(again.line, lineContaining(GUEST, 'const w = hostAdd(z, 1)'));
      assert.equal((await s.dc.evaluateRequest({ expression: 'z', frameId: again.id, context: 'watch' })).body.result, '70');

      await s.dc.setBreakpointsRequest({ source: { path: APP }, breakpoints: [] });
      await s.dc.continueRequest({ threadId: 1 });
      await s.events.next('terminated');
      assert.match(s.events.text('stdout'), /result 72/);
    });
  });

  it('after a step in from the script\'s call, the same stack; stepping on still lands on the script\'s next line', T, async () => {
    await withSession(engine, async (s) => {
      await launchApp(s, engine, [], [CALL_LINE]);
      assert.equal((await s.events.stopped()).body.reason, 'breakpoint');
      await s.dc.setBreakpointsRequest({ source: { path: GUEST }, breakpoints: [] });
      assert.equal((await step(s, 'stepIn'))?.body.reason, 'step');
      await checkHostCallStack(s);
      assert.equal((await step(s, 'stepOut'))?.body.reason, 'step');
      const [top] = await stack(s);
      assert.equal(`${top.name}:${top.line}`, `calc:${CALL_LINE + 1}`);
      assert.equal(valueMap(await vars(s, (await scopes(s, top.id))[0].variablesReference)).y, '7');
    });
  });
});
