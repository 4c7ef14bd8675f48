// The step walks of cross-context.test.ts (joint-stack-walks.ts) taken in nestdbg, on each engine,
// and in V8's own debugger on the same scripts in two vm contexts of one Node process
// (fixtures/joint-stack/v8-app.cjs, test/oracle/v8-contexts.ts): each stop's whole stack, every
// frame as name@file:line, must be the same. V8's extra pauses are dropped first (rules 1 and 2 of
// test/fuzz/normalize.ts: the oracle repeats the step there, as nestdbg's one step went on
// through them), and so is its pause at the end of a script (rule 3).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { it } from 'node:test';
import { runV8Contexts, type ContextStop } from '../oracle/v8-contexts.js';
import { describeEachEngine, frameWhere, launchUntilInitialized, lineContaining, stack, step, withSession, type Engine } from './helpers.js';
import { JOINT_STACK, WALKS, type Walk } from './joint-stack-walks.js';

const T = { timeout: 90_000 };
const SCRIPTS = [JOINT_STACK.shared, JOINT_STACK.callee, JOINT_STACK.caller, JOINT_STACK.main];

const breakpointLines = (walk: Walk) => walk.breakpoints.flatMap(([file, texts]) => texts.map((t) => ({ file, line: lineContaining(file, t) })));

/** nestdbg's stops: each stop's stack as name@file:line, innermost first; '(ended)' when the program ended. */
async function nestdbgWalk(engine: Engine, walk: Walk): Promise<string[]> {
  return await withSession(engine, async (s) => {
    await launchUntilInitialized(s, { program: JOINT_STACK.app, env: { SANDBOX_ENGINE: engine } });
    for (const [file, texts] of walk.breakpoints) {
      await s.dc.setBreakpointsRequest({ source: { path: file }, breakpoints: texts.map((t) => ({ line: lineContaining(file, t) })) });
    }
    await s.dc.configurationDoneRequest();
    await s.events.stopped();
    const where = async () => (await stack(s)).map(frameWhere).join(' < ');
    const out = [await where()];
    for (const kind of walk.steps) {
      if (!(await step(s, kind))) return [...out, '(ended)'];
      out.push(await where());
    }
    return out;
  });
}

const blank = (file: string, line: number) => (fs.readFileSync(file, 'utf8').split('\n')[line - 1] ?? '').trim() === '';

/** V8's stops as nestdbgWalk writes them, its extra pauses dropped. */
function v8Stops(stops: ContextStop[]): string[] {
  return stops
    .filter((s) => !s.revisit && !(s.frames.length === 1 && blank(s.frames[0].file, s.frames[0].line)))
    .map((s) => s.frames.map((f) => `${f.functionName === '(anonymous)' ? '(program)' : f.functionName}@${path.basename(f.file)}:${f.line}`).join(' < '));
}

const v8Walks = new Map<Walk, Promise<{ stops: string[]; completed: boolean; stdout: string }>>();
/** V8's walk, taken once for both engines. */
function v8Walk(walk: Walk) {
  let run = v8Walks.get(walk);
  if (!run) {
    run = runV8Contexts(JOINT_STACK.v8App, { scripts: SCRIPTS, breakpoints: breakpointLines(walk), steps: walk.steps })
      .then((r) => ({ stops: v8Stops(r.stops), completed: r.completed, stdout: r.stdout }));
    v8Walks.set(walk, run);
  }
  return run;
}

describeEachEngine('stepping across contexts stops where V8 stops in two vm contexts', T, (engine) => {
  for (const walk of WALKS) {
    it(walk.name, T, async () => {
      const [nest, v8] = await Promise.all([nestdbgWalk(engine, walk), v8Walk(walk)]);
      assert.match(v8.stdout, /^run: 32$/m, 'the V8 twin ran to its end');
      const ended = nest.at(-1) === '(ended)';
      const nestStops = ended ? nest.slice(0, -1) : nest;
      const detail = `nestdbg:\n  ${nest.join('\n  ')}\nV8:\n  ${v8.stops.join('\n  ')}`;
      assert.ok(nestStops.length >= walk.steps.length - 1, `nestdbg took the walk\n${detail}`);
      // Where nestdbg's program ended, V8 had no further stop either.
      assert.deepEqual(ended ? v8.stops : v8.stops.slice(0, nestStops.length), nestStops, detail);
    });
  }
});
