// End-to-end: pause, syntax errors, uncaught exceptions, disconnect (no orphan debuggee), and
// DAP over TCP.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { it } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import { REPO, sample } from './dap-client.js';
import {
  closeSession, describeEachEngine, EventLog, fixture, launch, stack, valueMap, vars, type Session, WAIT_MS, withSession,
} from './helpers.js';
import { alive, gone, pidsRunning } from './processes.js';

const T = { timeout: 60_000 };

describeEachEngine('pause', T, (engine) => {
  it('pauses a `while (true) {}` guest and shows the loop line', T, async (t) => {
    const program = fixture('spin.js');
    await withSession(engine, async (s) => {
      await launch(s, { program });
      // The guest prints before entering the loop: once this arrives, the loop is running.
      await s.events.next<DebugProtocol.OutputEvent>('output', (e) => e.body.output.includes('spinning'));
      const sent = Date.now();
      await s.dc.pauseRequest({ threadId: 1 });
      const stop = await s.events.stopped(5_000);
      t.diagnostic(`stopped ${Date.now() - sent} ms after the pause request`);
      assert.equal(stop.body.reason, 'pause');
      const frames = await stack(s);
      assert.equal(frames[0].line, 4, 'stopped on line 4: `while (true) {}`');
      assert.equal(frames[0].source?.path, program);
    });
  });
});

describeEachEngine('a loop that started plain', T, (engine) => {
  // Loops run their plain version while nothing is armed (adapters/quickjs/instrument/loop-versions.ts).
  it('stops at a breakpoint set while it runs, reads its variables, and computes the same after continue', T, async () => {
    const program = fixture('running-loop.js');
    await withSession(engine, async (s) => {
      await launch(s, { program });
      await s.events.next<DebugProtocol.OutputEvent>('output', (e) => e.body.output.includes('spinning'));
      const set = await s.dc.setBreakpointsRequest({ source: { path: program }, breakpoints: [{ line: 7 }] });
      assert.equal(set.body.breakpoints[0].verified, true);
      const stop = await s.events.stopped();
      assert.equal(stop.body.reason, 'breakpoint');
      const frames = await stack(s);
      assert.deepEqual([frames[0].line, frames[0].source?.path], [7, program]);
      const globals = (await s.dc.scopesRequest({ frameId: frames[0].id })).body.scopes.find((x) => x.name === 'Global')!;
      const values = valueMap(await vars(s, globals.variablesReference));
      assert.ok(Number(values.i) > 0, `the loop ran before the breakpoint was set: i = ${values.i}`);
      // One step: the update and the test, then the body again.
      await s.dc.nextRequest({ threadId: 1 });
      await s.events.stopped();
      assert.equal((await stack(s))[0].line, 6, 'the for header (update, then test)');
      await s.dc.setBreakpointsRequest({ source: { path: program }, breakpoints: [] });
      const r = await s.dc.evaluateRequest({ expression: 'done = true', frameId: (await stack(s))[0].id, context: 'repl' });
      assert.equal(r.body.result, 'true');
      const output = s.events.next<DebugProtocol.OutputEvent>('output', (e) => /consistent/.test(e.body.output));
      await s.dc.continueRequest({ threadId: 1 });
      assert.match((await output).body.output, /^consistent after some iterations/);
      await s.events.next('terminated');
    });
  });
});

describeEachEngine('program errors', T, (engine) => {
  it('a syntax error is reported with its line and the session terminates', T, async () => {
    const program = fixture('syntax-error.js');
    await withSession(engine, async (s) => {
      await launch(s, { program, breakpoints: [2] });
      const end = await s.events.next(['stopped', 'terminated']);
      assert.equal(end.event, 'terminated', 'no stop in a program that does not parse');
      const out = s.events.of<DebugProtocol.OutputEvent>('output').map((e) => e.body.output).join('');
      assert.match(out, /SyntaxError/);
      assert.match(out, /syntax-error\.js:4\b|line 4\b/, `the message names line 4: ${JSON.stringify(out)}`);
      assert.doesNotMatch(out, /never printed/);
      const exited = s.events.of<DebugProtocol.ExitedEvent>('exited');
      assert.equal(exited.length, 1);
      assert.notEqual(exited[0].body.exitCode, 0);
    });
  });

  it('an uncaught exception is reported on stderr with original positions, exit code 1', T, async () => {
    const program = fixture('uncaught.js');
    await withSession(engine, async (s) => {
      await launch(s, { program });
      const end = await s.events.next(['stopped', 'terminated']);
      assert.equal(end.event, 'terminated');
      assert.match(s.events.text('stdout'), /^before$/m);
      assert.doesNotMatch(s.events.text('stdout'), /never printed/);
      const err = s.events.text('stderr');
      assert.match(err, /Error: kaboom/);
      const file = path.basename(program).replace('.', '\\.');
      // Line 4 `    throw new Error("kaboom");`: the engines place the error differently, and the mapped
      // stack must say what the plain (uninstrumented) engine says: bellard the call's paren
      // (column 20), QuickJS-ng the constructor name `Error` (column 15).
      const column = engine === 'quickjs-ng' ? 15 : 20;
      assert.match(err, new RegExp(`${file}:4:${column}\\b`), `throw position in the original source, as plain ${engine} reports it:\n${err}`);
      assert.match(err, new RegExp(`${file}:6:\\d+`), `the recursive call frames (line 6):\n${err}`);
      assert.match(err, new RegExp(`${file}:10:\\d+`), `the top-level call (line 10):\n${err}`);
      const exited = s.events.of<DebugProtocol.ExitedEvent>('exited');
      assert.equal(exited.length, 1);
      assert.equal(exited[0].body.exitCode, 1);
    });
  });
});

/** Pids of live processes whose command line mentions `needle`. */


describeEachEngine('disconnect', T, (engine) => {
  it('disconnect while stopped ends the debuggee process', T, async () => {
    const program = fixture('disconnect-target.js');
    await withSession(engine, async (s) => {
      await launch(s, { program, breakpoints: [4] });
      await s.events.stopped();
      const pids = pidsRunning(program);
      assert.equal(pids.length, 1, `exactly one debuggee process runs ${program}: ${pids.join(', ')}`);
      const [pid] = pids;
      assert.ok(alive(pid));

      await s.dc.disconnectRequest({});
      assert.equal(await gone(pid, 5_000), true, `debuggee ${pid} still running after disconnect`);
      assert.deepEqual(pidsRunning(program), []);
      assert.doesNotMatch(s.events.text('stdout'), /total =/, 'the program did not run on to the end');
    });
  });
});

describeEachEngine('DAP over TCP', T, (engine) => {
  it('serves a session on the port printed by `nestdbg dap --port 0`', T, async () => {
    const cli = path.join(REPO, 'dist', 'adapters', 'cli', 'main.js');
    const server = spawn(process.execPath, [cli, 'dap', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let s: Session | undefined;
    try {
      const port = await new Promise<number>((resolve, reject) => {
        let out = '';
        const timer = setTimeout(() => reject(new Error(`no port announced: ${out}`)), WAIT_MS);
        server.stdout!.setEncoding('utf8').on('data', (d: string) => {
          out += d;
          const m = /nestdbg: DAP server listening on 127\.0\.0\.1:(\d+)/.exec(out);
          if (m) { clearTimeout(timer); resolve(Number(m[1])); }
        });
        server.once('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited (${code}): ${out}`)); });
      });
      assert.ok(port > 0);
      const dc = new DebugClient(process.execPath, cli, 'nestdbg');
      s = { dc, events: new EventLog(dc) };
      await dc.start(port);

      const program = sample('fib.js');
      await launch(s, { program, engine, breakpoints: [5] });
      const stop = await s.events.stopped();
      assert.equal(stop.body.reason, 'breakpoint');
      const frames = await stack(s);
      assert.deepEqual(frames.map((f) => [f.name, f.line]), [['fib', 5], ['printFib', 26], ['(program)', 32]]);
    } finally {
      await closeSession(s);
      if (server.exitCode === null && server.signalCode === null) {
        const exited = new Promise((r) => server.once('exit', r));
        server.kill();
        await exited;
      }
    }
  });
});
