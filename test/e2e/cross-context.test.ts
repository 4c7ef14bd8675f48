// End-to-end: two QuickJS contexts of one runtime that call into each other
// (test/e2e/fixtures/joint-stack: through a host function and through shared values) debug as one
// stack, as two vm contexts do in Node: a stop in one shows the other's frames under its own,
// interleaved as the calls are, and scopes, evaluate and setVariable on each frame reach that
// frame's context; step in enters the other context, step over and out return into it.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { describeEachEngine, fixture, frameWhere, launchUntilInitialized, lineContaining, scopes, stack, step, valueMap, vars, withSession, type Session, type StepKind } from './helpers.js';

const T = { timeout: 60_000 };
const APP = fixture('joint-stack/app.mjs');
const CALLER = fixture('joint-stack/caller.js');
const CALLEE = fixture('joint-stack/callee.js');
const at = (file: string, text: string) => lineContaining(file, text);

async function start(s: Session, engine: string, breakpoints: Array<[string, string[]]>): Promise<void> {
  await launchUntilInitialized(s, { program: APP, env: { SANDBOX_ENGINE: engine } });
  for (const [file, texts] of breakpoints) {
    await s.dc.setBreakpointsRequest({ source: { path: file }, breakpoints: texts.map((t) => ({ line: at(file, t) })) });
  }
  await s.dc.configurationDoneRequest();
  await s.events.stopped();
}

const where = async (s: Session) => (await stack(s)).map(frameWhere);

async function localsOf(s: Session, frame: DebugProtocol.StackFrame): Promise<Record<string, string>> {
  return valueMap(await vars(s, (await scopes(s, frame.id))[0].variablesReference));
}

async function evaluateIn(s: Session, frame: DebugProtocol.StackFrame, expression: string): Promise<string> {
  return (await s.dc.evaluateRequest({ expression, context: 'watch', frameId: frame.id })).body.result;
}

/** Takes each step and records where it stopped (the whole stack). */
async function walk(s: Session, steps: StepKind[]): Promise<string[][]> {
  const out: string[][] = [];
  for (const kind of steps) {
    const stopped = await step(s, kind);
    out.push(stopped ? await where(s) : ['(ended)']);
    if (!stopped) break;
  }
  return out;
}

describeEachEngine('contexts of one runtime debug as one stack', T, (engine) => {
  it('explore', T, async () => {
    await withSession(engine, async (s) => {
      await start(s, engine, [[CALLER, ['const viaHost']]]);
      console.log(await where(s));
      const steps: StepKind[] = ['stepIn', 'next', 'next', 'stepIn', 'stepOut', 'stepIn', 'stepIn', 'stepOut', 'stepOut', 'next', 'next', 'next'];
      (await walk(s, steps)).forEach((w, i) => console.log(steps[i], w.join(' < ')));
    });
  });
});
