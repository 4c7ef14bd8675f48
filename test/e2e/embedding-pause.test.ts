// End-to-end: an embedding app that time-slices two jobs, each in its own QuickJS context of one
// runtime (samples/embed/scheduler.js). Breakpoints bind in both contexts' scripts; pause stops
// whichever context is running (the runtime's interrupt handler polls for every context), with
// that context's frames and evaluation; there is one thread; the app runs on after each stop.
import assert from 'node:assert/strict';
import path from 'node:path';
import { it } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { REPO } from './dap-client.js';
import { describeEachEngine, launchUntilInitialized, scopes, stack, step, type Session, valueMap, vars, withSession } from './helpers.js';

const T = { timeout: 60_000 };
const APP = path.join(REPO, 'samples', 'embed', 'scheduler.js');
const job = (name: string) => path.join(REPO, 'samples', 'embed', 'scheduler', `${name}.js`);
const where = (frames: DebugProtocol.StackFrame[]) => frames.map((f) => `${f.name}@${path.basename(f.source?.path ?? '?')}:${f.line}`);

/** The top frame's place, its locals, the job an evaluation there sees, and the threads. */
async function inspect(s: Session) {
  const frames = await stack(s);
  const locals = valueMap(await vars(s, (await scopes(s, frames[0].id))[0].variablesReference));
  const job = (await s.dc.evaluateRequest({ expression: 'jobName', context: 'watch', frameId: frames[0].id })).body.result;
  const threads = (await s.dc.threadsRequest()).body.threads.map((t) => t.id);
  return { at: where(frames), locals, job, threads, frameId: frames[0].id };
}

describeEachEngine('two contexts of one runtime', T, (engine) => {
  it('a breakpoint in each context binds and stops there, with that context\'s frames and globals', T, async () => {
    await withSession(engine, async (s) => {
      await launchUntilInitialized(s, { program: APP, args: ['2'], env: { SANDBOX_ENGINE: engine } });
      for (const name of ['counter', 'primes']) {
        const set = await s.dc.setBreakpointsRequest({ source: { path: job(name) }, breakpoints: [{ line: 8 }] });
        assert.equal(set.body.breakpoints.length, 1);
      }
      await s.dc.configurationDoneRequest();
      const seen: string[] = [];
      for (let i = 0; i < 4; i++) {
        const stopped = await s.events.stopped();
        assert.equal(stopped.body.reason, 'breakpoint');
        const stop = await inspect(s);
        assert.deepEqual(stop.threads, [1], 'one thread');
        assert.equal(stop.at.length, 1, `only the stopped context's frames: ${stop.at}`);
        seen.push(`${stop.at[0]} ${stop.job} round=${stop.locals.round}`);
        if (i < 3) await s.dc.continueRequest({ threadId: 1 });
      }
      assert.deepEqual(seen, [
        "tick@counter.js:8 'counter' round=1", "tick@primes.js:8 'primes' round=1",
        "tick@counter.js:8 'counter' round=2", "tick@primes.js:8 'primes' round=2",
      ]);
      const verified = s.events.of<DebugProtocol.BreakpointEvent>('breakpoint').filter((e) => e.body.breakpoint.verified);
      assert.ok(verified.length >= 2, 'a breakpoint event says each binds when its script loads');
      assert.equal(await step(s, 'continue'), undefined);
      assert.equal(s.events.text('stdout'), 'counter 1: 1\nprimes 1: 2\ncounter 2: 3\nprimes 2: 3\n');
    });
  });

  for (const [hangs, other] of [['primes', 'counter'], ['counter', 'primes']] as const) {
    it(`pause stops the running context (${hangs} hangs in round 2), and the app goes on once it is released`, T, async () => {
      await withSession(engine, async (s) => {
        await launchUntilInitialized(s, { program: APP, args: ['3', hangs], env: { SANDBOX_ENGINE: engine } });
        await s.dc.configurationDoneRequest();
        // The job that ran just before the hanging tick has printed: the hang is under way.
        const before = hangs === 'primes' ? `${other} 2:` : `${other} 1:`;
        await s.events.next<DebugProtocol.OutputEvent>('output', (e) => e.body.output.includes(before));
        await s.dc.pauseRequest({ threadId: 1 });
        const stopped = await s.events.stopped();
        assert.equal(stopped.body.reason, 'pause');
        const stop = await inspect(s);
        assert.deepEqual(stop.threads, [1]);
        assert.equal(stop.at.length, 1, `only the running context's frames: ${stop.at}`);
        assert.match(stop.at[0], new RegExp(`^tick@${hangs}\\.js:[56]$`), 'inside the loop of the job that hangs');
        assert.equal(stop.job, `'${hangs}'`, 'evaluation runs in the paused context');
        assert.equal(stop.locals.round, '2');
        assert.ok(Number(stop.locals.spins) > 0, 'the loop was running');
        // Release it: the app finishes every round.
        const [local] = await scopes(s, stop.frameId);
        assert.equal((await s.dc.setVariableRequest({ variablesReference: local.variablesReference, name: 'hang', value: 'false' })).body.value, 'false');
        assert.equal(await step(s, 'continue'), undefined);
        assert.equal(s.events.text('stdout'), 'counter 1: 1\nprimes 1: 2\ncounter 2: 3\nprimes 2: 3\ncounter 3: 6\nprimes 3: 5\n');
      });
    });
  }
});
