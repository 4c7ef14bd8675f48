// Stopped in a host function the guest called, with two QuickJS contexts whose host calls nest
// (mixed mode, issue #4): the outer context's script calls the host, the host evaluates a script in
// the inner context, that script calls the host again, and a host breakpoint stops there. The
// script frames shown above the host function are the inner context's (the one whose call V8 is
// in), readable, not those of the first context nestdbg met; the outer context's frames sit in
// their place below the host function that evaluated the inner script, readable too, whether the
// two contexts share a runtime or have one each. The same holds at a script stop in the inner
// context.
import assert from 'node:assert/strict';
import path from 'node:path';
import { it } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { REPO } from '../dap-client.js';
import { assertNoOwnFrames, describeEachEngine, frameWhere as where, launchUntilInitialized, lineContaining, scopes, stack, valueMap, vars, withSession, type Session } from '../helpers.js';

const T = { timeout: 90_000 };
const DIR = path.join(REPO, 'test', 'e2e', 'fixtures', 'host-call-contexts');
const APP = path.join(DIR, 'app.mjs');
const INNER = path.join(DIR, 'inner.js');
const OUTER = path.join(DIR, 'outer.js');
const LEAF_LINE = lineContaining(APP, 'const v = inner.getNumber(vHandle)');
const ASK_LINE = lineContaining(APP, 'inner.unwrapResult(inner.evalCode(');
const SQUARE_CALL = lineContaining(INNER, 'const leafed = hostLeaf(v)');
const INNER_PROGRAM = lineContaining(INNER, 'square(input);');
const START_CALL = lineContaining(OUTER, 'const viaInner = askInner(n)');
const OUTER_PROGRAM = lineContaining(OUTER, 'start(3);');

const isScript = (f: DebugProtocol.StackFrame) => f.source?.path === INNER || f.source?.path === OUTER;

/**
 * The outer context's frames below askInner, each directly above its own interpreter call (a Wasm
 * frame: placed exactly, not by the fallback), and readable: its locals and evaluation in its frame.
 */
async function assertOuterFrames(s: Session, frames: DebugProtocol.StackFrame[]): Promise<void> {
  const all = frames.map(where).join(' < ');
  const askInner = frames.findIndex((f) => f.name === 'askInner' && f.line === ASK_LINE);
  assert.ok(askInner > 0, `askInner on the stack: ${all}`);
  const below = frames.slice(askInner + 1).filter(isScript);
  assert.deepEqual(below.map(where), [`start@outer.js:${START_CALL}`, `(program)@outer.js:${OUTER_PROGRAM}`], all);
  for (const f of frames.filter(isScript)) {
    assert.ok(frames[frames.indexOf(f) + 1]?.instructionPointerReference, `a Wasm frame right below ${where(f)}: ${all}`);
  }
  assert.ok(!frames.some((f) => f.presentationHint === 'label' && /not identified/.test(f.name)), `script frames placed exactly: ${all}`);
  const start = below[0];
  assert.equal(valueMap(await vars(s, (await scopes(s, start.id))[0].variablesReference)).n, '3');
  assert.equal((await s.dc.evaluateRequest({ expression: 'n * 2', frameId: start.id, context: 'repl' })).body.result, '6');
  // Evaluation runs in each frame's own context: only the outer one has askInner.
  const typeOfAsk = async (frameId: number) => (await s.dc.evaluateRequest({ expression: 'typeof askInner', frameId, context: 'repl' })).body.result;
  assert.equal(await typeOfAsk(below[1].id), "'function'");
  assert.equal(await typeOfAsk(frames.find(isScript)!.id), "'undefined'");
}

for (const runtimes of ['one runtime', 'a runtime each'] as const) {
  describeEachEngine(`a host breakpoint inside nested host calls of two contexts (${runtimes})`, T, (engine) => {
    it('shows the script frames of the context that made the innermost call, readable, above the host that entered it', T, async () => {
      await withSession(engine, async (s) => {
        const env = { CONTEXTS_ENGINE: engine, CONTEXTS_RUNTIMES: runtimes === 'one runtime' ? 'shared' : 'separate' };
        await launchUntilInitialized(s, { program: APP, mixedStack: true, env });
        await s.dc.setBreakpointsRequest({ source: { path: APP }, breakpoints: [{ line: LEAF_LINE }] });
        await s.dc.configurationDoneRequest();
        assert.equal((await s.events.stopped()).body.reason, 'breakpoint');

        const frames = await stack(s);
        const all = frames.map(where).join(' < ');
        assert.equal(where(frames[0]), `hostLeaf@app.mjs:${LEAF_LINE}`, all);
        const script = frames.filter(isScript);
        assert.deepEqual(script.slice(0, 2).map(where), [`square@inner.js:${SQUARE_CALL}`, `(program)@inner.js:${INNER_PROGRAM}`], all);
        // The inner context's frames sit above the host function that evaluated its script.
        const askInner = frames.findIndex((f) => f.name === 'askInner' && f.line === ASK_LINE);
        assert.ok(askInner > frames.indexOf(script[1]), `askInner below the inner script: ${all}`);
        assert.ok(!frames.slice(0, askInner).some((f) => f.source?.path === OUTER), `no outer frame above askInner: ${all}`);
        assertNoOwnFrames(frames);

        // Readable as at a stop: the inner context's locals, and evaluation in its frame.
        const square = script[0];
        assert.equal(valueMap(await vars(s, (await scopes(s, square.id))[0].variablesReference)).v, '3');
        assert.equal((await s.dc.evaluateRequest({ expression: 'v * 10', frameId: square.id, context: 'repl' })).body.result, '30');
        await assertOuterFrames(s, frames);

        await s.dc.setBreakpointsRequest({ source: { path: APP }, breakpoints: [] });
        await s.dc.continueRequest({ threadId: 1 });
        await s.events.next('terminated');
        assert.match(s.events.text('stdout'), /result 32/);
      });
    });

    it('a script stop in the inner context shows the outer context\'s frames below the host function that called in', T, async () => {
      await withSession(engine, async (s) => {
        const env = { CONTEXTS_ENGINE: engine, CONTEXTS_RUNTIMES: runtimes === 'one runtime' ? 'shared' : 'separate' };
        await launchUntilInitialized(s, { program: APP, mixedStack: true, env });
        await s.dc.setBreakpointsRequest({ source: { path: INNER }, breakpoints: [{ line: SQUARE_CALL }] });
        await s.dc.configurationDoneRequest();
        assert.equal((await s.events.stopped()).body.reason, 'breakpoint');

        const frames = await stack(s);
        const all = frames.map(where).join(' < ');
        assert.deepEqual(frames.filter(isScript).slice(0, 2).map(where), [`square@inner.js:${SQUARE_CALL}`, `(program)@inner.js:${INNER_PROGRAM}`], all);
        assert.equal(where(frames[0]), `square@inner.js:${SQUARE_CALL}`, all);
        assertNoOwnFrames(frames);
        assert.equal(valueMap(await vars(s, (await scopes(s, frames[0].id))[0].variablesReference)).v, '3');
        await assertOuterFrames(s, frames);

        await s.dc.setBreakpointsRequest({ source: { path: INNER }, breakpoints: [] });
        await s.dc.continueRequest({ threadId: 1 });
        await s.events.next('terminated');
        assert.match(s.events.text('stdout'), /result 32/);
      });
    });
  });
}
