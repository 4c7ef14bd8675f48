// End-to-end: guest code that never returns while the user inspects (a getter expanded in the
// Variables view, an evaluated loop, a proxy trap behind a preview) is stopped by a deadline and
// reported as an error; the debuggee stays inspectable and the program runs on to its end.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  closeSession, describeEachEngine, fixture, launch, launchUntilInitialized, openSession, scopes, stack, step, type Session, vars, withSession } from './helpers.js';

const T = { timeout: 60_000 };
const program = fixture('endless.js');

describeEachEngine('inspection that never returns', T, (engine) => {
  let s: Session;
  let frameId: number;
  const evaluate = (expression: string, context: 'repl' | 'watch' | 'hover' = 'repl') =>
    s.dc.evaluateRequest({ expression, context, frameId });

  before(async () => {
    s = await openSession(engine);
    await launch(s, { program, breakpoints: [10] });
    await s.events.stopped();
    frameId = (await stack(s))[0].id;
  });
  after(async () => { await closeSession(s); });

  it('an endless getter, expanded, gives an error value; the next request is answered', T, async () => {
    const globals = await vars(s, (await scopes(s, frameId)).at(-1)!.variablesReference);
    // Listing the globals previews `trap`, whose ownKeys trap never returns: that line only.
    assert.match(globals.find((v) => v.name === 'trap')?.value ?? '', /^<Error: The code did not finish within \d+ ms and was stopped>$/);
    const targetVar = globals.find((v) => v.name === 'target');
    assert.ok(targetVar && targetVar.variablesReference > 0, 'target is listed among the globals');
    const props = await vars(s, targetVar.variablesReference);
    const forever = props.find((v) => v.name === 'forever');
    assert.ok(forever, 'the getter is listed');
    assert.deepEqual(forever.presentationHint, { lazy: true });
    const shown = await vars(s, forever.variablesReference);
    assert.equal(shown.length, 1);
    assert.match(shown[0].value, /^<Error: The code did not finish within \d+ ms and was stopped>$/);
    assert.equal((await evaluate('total * 2')).body.result, '84');
  });

  it('an endless evaluation is an error response, and so is hovering a name whose getter never returns', T, async () => {
    await assert.rejects(evaluate('(() => { for (;;); })()'), /did not finish within \d+ ms/);
    await assert.rejects(evaluate('target.forever', 'hover'), /did not finish within \d+ ms/);
    assert.equal((await evaluate('spins > 0')).body.result, 'true', 'the loops really ran');
  });

  it('a proxy whose trap never returns spoils only its own preview', T, async () => {
    const trap = await evaluate('[trap, n]');
    assert.equal(trap.body.result, '(2) [{…}, 41]', 'the nested preview does not enumerate the proxy');
    assert.match((await evaluate('trap')).body.result, /^<Error: The code did not finish within \d+ ms and was stopped>$/);
    assert.equal((await evaluate('n')).body.result, '41');
  });

  it('stepping and running on still work', T, async () => {
    const stopped = await step(s, 'next');
    assert.ok(stopped, 'next stops again');
    assert.equal((await stack(s))[0].line, 13, 'back in the caller, at the statement after the call');
    assert.equal(await step(s, 'continue'), undefined);
    assert.match(s.events.text('stdout'), /^result 42$/m);
    assert.match(s.events.text('stdout'), /^proxy keys object$/m);
  });
});

describeEachEngine('inspectionTimeoutMs', T, (engine) => {
  it('a getter that loops forever is an evaluate error naming the configured limit; the session goes on', T, async () => {
    await withSession(engine, async (s) => {
      await launch(s, { program, breakpoints: [10], extra: { inspectionTimeoutMs: 250 } });
      await s.events.stopped();
      const frameId = (await stack(s))[0].id;
      const evaluate = (expression: string) => s!.dc.evaluateRequest({ expression, context: 'repl', frameId });
      await assert.rejects(evaluate('target.forever'), /did not finish within 250 ms and was stopped/);
      const props = await vars(s, (await evaluate('target')).body.variablesReference);
      const forever = props.find((v) => v.name === 'forever')!;
      assert.match((await vars(s, forever.variablesReference))[0].value, /^<Error: The code did not finish within 250 ms and was stopped>$/);
      assert.equal((await evaluate('total * 2')).body.result, '84');
      assert.equal((await evaluate('spins > 0')).body.result, 'true', 'the getter really ran');
      assert.equal(await step(s, 'continue'), undefined);
      assert.match(s.events.text('stdout'), /^result 42$/m);
    });
  });

  it('a value that is not a whole number of milliseconds is a launch error', T, async () => {
    await withSession(engine, async (s) => {
      for (const bad of [0, -5, 1.5, '300', 10_000_000]) {
        await assert.rejects(launchUntilInitialized(s, { program, inspectionTimeoutMs: bad }), /"inspectionTimeoutMs" must be a whole number/);
      }
    });
  });
});

describe('inspectionTimeoutMs [lua]', T, () => {
  it('an __index that loops forever is an evaluate error naming the configured limit; the session goes on', T, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nestdbg-deadline-'));
    const file = path.join(dir, 'endless.lua');
    fs.writeFileSync(file, [
      'local spins = 0',
      'local target = setmetatable({ ok = 1 }, { __index = function() while true do spins = spins + 1 end end })',
      'local total = 41 + target.ok',
      'print("result " .. total)',
    ].join('\n') + '\n');
    await withSession(undefined, async (s) => {
      await launch(s, { program: file, breakpoints: [4], extra: { inspectionTimeoutMs: 300 } });
      await s.events.stopped();
      const frameId = (await stack(s))[0].id;
      const evaluate = (expression: string) => s!.dc.evaluateRequest({ expression, context: 'repl', frameId });
      await assert.rejects(evaluate('target.forever'), /did not finish within 300 ms and was stopped/);
      assert.equal((await evaluate('total * 2')).body.result, '84');
      assert.equal((await evaluate('spins > 0')).body.result, 'true', 'the metamethod really ran');
      assert.equal(await step(s, 'continue'), undefined);
      assert.match(s.events.text('stdout'), /^result 42$/m);
    });
  });
});
