// End-to-end over DAP: the Lua producer's line hook runs only in functions that hold a breakpoint
// or lie on a step's path (a call hook turns it on and off, a return hook brings it back to a frame
// that needs it). These check the stops that depend on it following control: back from a callee,
// from an error caught by pcall, from a C function's callback, through a tail call and a coroutine's
// yield and resume; steps over, in and out across the same; a breakpoint set in a caller while its
// callee runs. And the guest's own debug.sethook/gethook beside them (SPEC §13.2).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { REPO } from './dap-client.js';
import { fixture, frameWhere, launch, lineContaining, stack, step, withSession, type Session } from './helpers.js';

const T = { timeout: 60_000 };
const GATE = fixture('lua-gate.lua');
const CALLER = fixture('lua-caller-break.lua');
const GUEST_HOOKS = fixture('lua-guest-hooks.lua');

const line = (text: string) => lineContaining(GATE, text);

/** Top frame as name@file:line, plus the depth. */
async function where(s: Session): Promise<string> {
  const frames = await stack(s);
  return `${frameWhere(frames[0])} depth ${frames.length}`;
}

async function evaluate(s: Session, expression: string): Promise<string> {
  const frameId = (await stack(s))[0].id;
  return (await s.dc.evaluateRequest({ expression, frameId, context: 'repl' })).body.result;
}

describe('Lua line hook per function, over DAP', T, () => {
  it('breakpoints are hit after a callee returns, after pcall caught an error, in and after a C callback, through a tail call, in a resumed coroutine', T, async () => {
    await withSession(undefined, async (s) => {
      const lines = ['after the caught error', 'after sort', 'tail target', 'yields in the coroutine', 'main prints'].map(line);
      const set = await launch(s, { program: GATE, breakpoints: lines });
      assert.deepEqual(set?.breakpoints.map((b) => b.line), lines, 'every breakpoint bound where asked');
      const seen: string[] = [];
      for (;;) {
        const e = await s.events.next(['stopped', 'terminated']);
        if (e.event === 'terminated') break;
        const top = (await stack(s))[0];
        seen.push(`${top.line}${top.line === line('yields in the coroutine') ? ` i=${await evaluate(s, 'i')}` : ''}`);
        await s.dc.continueRequest({ threadId: 1 });
      }
      const y = line('yields in the coroutine');
      assert.deepEqual(seen, [`${lines[0]}`, `${lines[1]}`, `${lines[2]}`, `${y} i=1`, `${y} i=2`, `${lines[4]}`]);
      assert.match(s.events.text('stdout'), /^2\tfalse\t1\t8\t2\t3\n$/);
    });
  });

  it('steps over calls (an error, a C callback, a tail call, a resume) stay in the frame; in and out cross C frames', T, async () => {
    await withSession(undefined, async (s) => {
      await launch(s, { program: GATE, breakpoints: [line('main calls leaf')] });
      await s.events.stopped();
      const mainDepth = (await stack(s)).length;
      const at = (text: string, depth = mainDepth) => `main@lua-gate.lua:${line(text)} depth ${depth}`;
      assert.equal(await where(s), at('main calls leaf'));
      for (const next of ['local b = throughPcall()', 'local c = throughSort()']) {
        assert.equal((await step(s, 'next'))?.body.reason, 'step');
        assert.equal(await where(s), at(next));
      }
      // Into throughSort, over the sort (whose comparator calls leaf), out to main.
      await step(s, 'stepIn');
      assert.equal(await where(s), `throughSort@lua-gate.lua:${line('local t = { 3, 1, 2 }')} depth ${mainDepth + 1}`);
      await step(s, 'next');
      await step(s, 'next');
      assert.equal(await where(s), `throughSort@lua-gate.lua:${line('after sort')} depth ${mainDepth + 1}`);
      await step(s, 'stepOut');
      assert.equal((await stack(s))[0].name, 'main');
      assert.ok((await stack(s)).length === mainDepth);
      // On to the resumes: over them, the coroutine's leaf and yield do not stop.
      while ((await stack(s))[0].line < line('local f = gen()')) assert.equal((await step(s, 'next'))?.body.reason, 'step');
      assert.equal(await where(s), at('local f = gen()'));
      // Into the resume: the coroutine goes on after its yield, one deeper (SPEC §6.6).
      await step(s, 'stepIn');
      const inside = await stack(s);
      assert.ok(inside.length > mainDepth, `inside the coroutine: ${inside.map(frameWhere).join(', ')}`);
      // Out of it: back in main once the coroutine yields.
      await step(s, 'stepOut');
      assert.equal((await stack(s))[0].name, 'main');
      assert.equal(await step(s, 'continue'), undefined);
    });
  });

  it('step out of a comparator called by table.sort lands in it, then back in the function that sorts', T, async () => {
    await withSession(undefined, async (s) => {
      await launch(s, { program: GATE, breakpoints: [line('leaf body')] });
      await s.events.stopped(); // leaf(1) from main
      await s.dc.continueRequest({ threadId: 1 });
      await s.events.stopped(); // from the comparator
      const frames = await stack(s);
      assert.deepEqual(frames.slice(0, 3).map((f) => f.line), [line('leaf body'), line('table.sort(t'), line('table.sort(t')], frames.map(frameWhere).join(', '));
      await s.dc.setBreakpointsRequest({ source: { path: GATE }, breakpoints: [] });
      await step(s, 'stepOut');
      assert.equal((await stack(s)).length, frames.length - 1);
      assert.equal((await stack(s))[0].line, line('table.sort(t'));
      await step(s, 'stepOut');
      assert.equal(await where(s), `throughSort@lua-gate.lua:${line('after sort')} depth ${frames.length - 2}`);
    });
  });

  it("the guest's debug.gethook shows only its own hook, and its hooks see what they see without nestdbg, while breakpoints stop", T, async () => {
    const plain = spawnSync(process.execPath, ['dist/adapters/lua/run-plain.js', GUEST_HOOKS], { cwd: REPO, encoding: 'utf8' });
    assert.equal(plain.status, 0, plain.stderr);
    await withSession(undefined, async (s) => {
      const returns = lineContaining(GUEST_HOOKS, 'work returns');
      // Never reached: it gates the producer's hooks at every call of `gated` and return from it.
      await launch(s, { program: GUEST_HOOKS, breakpoints: [returns, lineContaining(GUEST_HOOKS, 'gated never gets here')] });
      let stops = 0;
      for (let e = await s.events.next(['stopped', 'terminated']); e.event === 'stopped'; e = await s.events.next(['stopped', 'terminated'])) {
        assert.equal((await stack(s))[0].line, returns);
        stops++;
        await s.dc.continueRequest({ threadId: 1 });
      }
      assert.equal(stops, 4, 'work(2), pcall(work, 1), coroutine.wrap(work)(1), work(10000)');
      assert.match(s.events.text('stdout'), /^before\tno hook\n/);
      assert.equal(s.events.text('stdout'), plain.stdout);
    });
  });

  it('a breakpoint set in a caller while stopped in its callee stops when the callee returns', T, async () => {
    await withSession(undefined, async (s) => {
      await launch(s, { program: CALLER, breakpoints: [lineContaining(CALLER, 'work spins')] });
      await s.events.stopped();
      assert.equal((await stack(s))[0].name, 'work');
      const after = lineContaining(CALLER, 'after work');
      // Replaces the one in work: now only caller, which waits below it, holds a breakpoint.
      await s.dc.setBreakpointsRequest({ source: { path: CALLER }, breakpoints: [{ line: after }] });
      await evaluate(s, 'stop = true');
      const hit = await step(s, 'continue');
      assert.equal(hit?.body.reason, 'breakpoint');
      assert.equal(await where(s), `caller@lua-caller-break.lua:${after} depth 2`);
    });
  });
});
