// Two contexts of one runtime in mixed mode (issues #3, #4): a script of the `caller` context calls
// the host function askCallee, which calls compute in the `callee` context (ctx.callFunction). A
// stop in compute shows, top first: callee's script frame, its interpreter call (Wasm), the host
// function, the Wasm of the caller's interpreter calls with caller's script frames each directly
// above its own, and the app's line that evaluated caller.js. Each frame inspects at its own
// level: script frames in their own context, the host frame in the host's realm.
import assert from 'node:assert/strict';
import path from 'node:path';
import { it } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { REPO } from '../dap-client.js';
import { assertNoOwnFrames, describeEachEngine, launchUntilInitialized, lineContaining, scopes, stack, valueMap, vars, withSession, type Session } from '../helpers.js';

const T = { timeout: 90_000 };
const DIR = path.join(REPO, 'test', 'e2e', 'fixtures', 'cross-context');
const APP = path.join(DIR, 'app.mjs');
const CALLEE = path.join(DIR, 'callee.js');
const CALLER = path.join(DIR, 'caller.js');
const TRIPLE_LINE = lineContaining(CALLEE, 'const tripled = x * 3');
const ASK_LINE = lineContaining(CALLER, 'const viaCallee = askCallee(n)');
const RUN_LINE = lineContaining(CALLER, 'run(5);');
const HOST_CALL_LINE = lineContaining(APP, 'callee.callFunction(compute');
const HOST_EVAL_LINE = lineContaining(APP, 'caller.unwrapResult(caller.evalCode(');

/** What each frame is: script (file:name@line), host (host@line), Wasm (w), a label (g). */
function kind(f: DebugProtocol.StackFrame): string {
  if (f.instructionPointerReference) return 'w';
  if (f.presentationHint === 'label') return 'g';
  const file = path.basename(f.source?.path ?? '');
  if (f.source?.path === CALLEE || f.source?.path === CALLER) return `${file}:${f.name}@${f.line}`;
  return f.source?.path === APP ? `host@${f.line}` : 'other';
}

async function locals(s: Session, frame: DebugProtocol.StackFrame): Promise<Record<string, string>> {
  return valueMap(await vars(s, (await scopes(s, frame.id)).find((x) => x.name === 'Local')!.variablesReference));
}

const evaluate = async (s: Session, frame: DebugProtocol.StackFrame, expression: string) =>
  (await s.dc.evaluateRequest({ expression, frameId: frame.id, context: 'repl' })).body.result;

describeEachEngine('mixed mode with two contexts of one runtime', T, (engine) => {
  it('a stop in one context called through the host from the other: script, Wasm, host and the other context\'s frames in order, each inspectable', T, async () => {
    await withSession(engine, async (s) => {
      await launchUntilInitialized(s, { program: APP, mixedStack: true, env: { SANDBOX_ENGINE: engine } });
      await s.dc.setBreakpointsRequest({ source: { path: CALLEE }, breakpoints: [{ line: TRIPLE_LINE }] });
      await s.dc.configurationDoneRequest();
      assert.equal((await s.events.stopped()).body.reason, 'breakpoint');

      const frames = await stack(s);
      const kinds = frames.map(kind);
      const all = kinds.join(' < ');
      // Runs of Wasm frames as one, labels and other frames (Node's, the glue's) left out.
      const shape = kinds.filter((k, i) => k !== 'g' && k !== 'other' && !(k === 'w' && kinds[i - 1] === 'w'));
      assert.deepEqual(shape, [
        `callee.js:compute@${TRIPLE_LINE}`, 'w', `host@${HOST_CALL_LINE}`,
        'w', `caller.js:run@${ASK_LINE}`, 'w', `caller.js:(program)@${RUN_LINE}`, 'w', `host@${HOST_EVAL_LINE}`,
      ], all);
      // Each script frame directly above its own interpreter call: placed exactly, no fallback label.
      for (const [i, k] of kinds.entries()) if (k.includes('.js:')) assert.equal(kinds[i + 1], 'w', `a Wasm frame right below ${k}: ${all}`);
      assert.ok(!frames.some((f) => f.presentationHint === 'label' && /not identified/.test(f.name)), all);
      assertNoOwnFrames(frames);

      const at = (k: string) => frames[kinds.indexOf(k)];
      const compute = at(`callee.js:compute@${TRIPLE_LINE}`);
      const run = at(`caller.js:run@${ASK_LINE}`);
      const program = at(`caller.js:(program)@${RUN_LINE}`);
      const host = at(`host@${HOST_CALL_LINE}`);
      const wasm = frames[kinds.indexOf('w')];

      // Script frames: their locals, and evaluation in their own context.
      assert.equal((await locals(s, compute)).x, '5');
      assert.equal((await locals(s, run)).n, '5');
      assert.equal(await evaluate(s, compute, 'contextName + x'), "'callee5'");
      assert.equal(await evaluate(s, run, 'contextName + n'), "'caller5'");
      assert.equal(await evaluate(s, program, 'typeof askCallee'), "'function'");
      assert.equal(await evaluate(s, compute, 'typeof askCallee'), "'undefined'");
      // The host frame: its locals and the host's realm.
      assert.ok('x' in await locals(s, host), 'the host function\'s locals');
      assert.equal(await evaluate(s, host, 'caller.getNumber(arg)'), '5');
      // A Wasm frame: Locals, Operand Stack, Globals, Module.
      assert.deepEqual((await scopes(s, wasm.id)).map((x) => x.name).slice(0, 2), ['Locals', 'Operand Stack']);

      await s.dc.setBreakpointsRequest({ source: { path: CALLEE }, breakpoints: [] });
      await s.dc.continueRequest({ threadId: 1 });
      await s.events.next('terminated');
      assert.match(s.events.text('stdout'), /run: 32/);
    });
  });
});
