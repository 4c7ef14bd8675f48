// Real-process tests of the launcher, the in-process agent and the channel, driven through
// launchDebuggee against fixtures/fake-producer (an in-memory producer, no interpreter).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AbiError, type OutputEvent } from '../abi/index.js';
import { launchDebuggee, type DebuggeeConnection } from './launcher.js';

const FIXTURE = fileURLToPath(new URL('./agent/fixtures/fake-producer.js', import.meta.url));
const ADAPTER_HOST = fileURLToPath(new URL('./agent/fixtures/adapter-host.js', import.meta.url));
const T = { timeout: 20_000 };

async function launch(scenario: string): Promise<{ conn: DebuggeeConnection; outputs: OutputEvent[]; stdout: () => string }> {
  const conn = await launchDebuggee({ entry: FIXTURE, args: [scenario] });
  const outputs: OutputEvent[] = [];
  let stdout = '';
  conn.on('output', (event) => outputs.push(event));
  conn.on('stdout', (text) => (stdout += text));
  return { conn, outputs, stdout: () => stdout };
}

function outputText(outputs: OutputEvent[]): string {
  return outputs.map((o) => o.text).join('');
}

/** Gone means no such process, or a zombie nobody has reaped yet (containers may lack an init). */
function isGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').startsWith('Z');
  } catch {
    return true;
  }
}

async function waitUntilGone(pid: number): Promise<void> {
  for (let i = 0; i < 200 && !isGone(pid); i++) await new Promise((r) => setTimeout(r, 25));
  assert.ok(isGone(pid), `process ${pid} is still alive`);
}

test('calls are served while stopped; errors, resume actions and exit-time output arrive', T, async () => {
  const { conn, outputs } = await launch('basic');
  const exited = once(conn, 'exit');

  const [script] = await once(conn, 'scriptLoaded');
  assert.deepEqual(script, { id: 1, url: 'mem://fake.js', source: 'a\nb\nc\n' });
  // scriptLoaded blocks the debuggee until resumed: breakpoints can be set before it runs.
  assert.deepEqual(await conn.call('setBreakpoints', 1, [{ line: 2 }, { line: 3, column: 4 }]), [
    { verified: true, line: 2 },
    { verified: true, line: 3 },
  ]);
  conn.resume();

  const [entry] = await once(conn, 'stopped');
  assert.equal(entry.reason, 'entry');
  assert.deepEqual(await conn.call('capabilities'), ['line-breakpoints', 'pause', 'evaluate']);
  const frames = await conn.call('frames');
  assert.deepEqual(frames.map((f) => [f.id, f.position.line]), [[7, 1]]);
  assert.deepEqual(await conn.call('scopes', 7), [{ name: 'Locals', kind: 'local', handle: 1, expensive: false }]);
  assert.deepEqual((await conn.call('variables', 1, 'all', 2, 2)).map((v) => v.value.display), ['102', '103']);
  // An absent optional argument (undefined → JSON null) reaches the producer as undefined.
  assert.equal((await conn.call('evaluate', undefined, 'x', 'repl')).display, 'undefined:x:repl');
  assert.equal((await conn.call('evaluate', 7, 'breakpoints', 'watch')).display, '[[1,[{"line":2},{"line":3,"column":4}]]]');

  // Producer errors become AbiError rejections, and the serve loop survives them.
  await assert.rejects(conn.call('scopes', 9), (e: unknown) => e instanceof AbiError && e.payload.message === 'no frame 9');
  await assert.rejects(conn.call('evaluate', 7, 'throw', 'repl'), (e: unknown) => e instanceof AbiError && e.message === 'boom');
  await assert.rejects(conn.call('setVariable', 1, 'a', '1'), (e: unknown) => e instanceof AbiError && e.message === 'not an Error');
  await assert.rejects(conn.call('nope' as 'frames'), (e: unknown) => e instanceof AbiError && /unknown producer method/.test(e.message));

  // A result the channel cannot carry is an error reply, not a dead agent.
  await assert.rejects(conn.call('evaluate', 7, 'bigint', 'repl'), (e: unknown) => e instanceof AbiError && /unsendable result/.test(e.message));

  // Output the producer emits while serving a request comes before the request's reply.
  assert.equal((await conn.call('evaluate', 7, 'emit', 'repl')).display, 'emitted');
  assert.equal(outputs.at(-1)?.text, 'from evaluate\n');

  // Many calls in flight at once are all answered, each with its own result.
  const many = await Promise.all(Array.from({ length: 50 }, (_, i) => conn.call('evaluate', i, `e${i}`, 'hover')));
  assert.deepEqual(many.map((v) => v.display), Array.from({ length: 50 }, (_, i) => `${i}:e${i}:hover`));

  // Round trip of one call while stopped (printed, not asserted: benchmarks are not tests).
  const N = 2000;
  for (let i = 0; i < 200; i++) await conn.call('evaluate', 7, 'warm', 'repl');
  const start = process.hrtime.bigint();
  for (let i = 0; i < N; i++) await conn.call('evaluate', 7, 'x', 'repl');
  const micros = Number(process.hrtime.bigint() - start) / 1000 / N;
  console.log(`call round trip while stopped: ${micros.toFixed(1)} µs (mean of ${N} sequential evaluate calls)`);

  conn.resume({ tag: 'step', val: 'over' });
  const [second] = await once(conn, 'stopped');
  assert.equal(second.reason, 'breakpoint');
  assert.equal(second.position.line, 2);
  conn.resume({ tag: 'run' });

  const [code, signal] = await exited;
  assert.equal(code, 3);
  assert.equal(signal, null);
  assert.equal(outputText(outputs), 'from evaluate\nresumed with step over\nresumed with run\nlast words\n');
  assert.equal(outputs.at(-1)?.category, 'stderr');
  await assert.rejects(conn.call('frames'), /debuggee/);
});

test('pause reaches a busy main thread; requests are served by pollPause meanwhile', T, async () => {
  const { conn, outputs } = await launch('busy');
  const exited = once(conn, 'exit');
  await once(conn, 'scriptLoaded');
  conn.resume();
  while (!outputs.some((o) => o.text === 'spinning\n')) await once(conn, 'output');

  // The main thread never returns to its event loop: only pollPause can answer this.
  assert.deepEqual(await conn.call('setBreakpoints', 1, [{ line: 5 }]), [{ verified: true, line: 5 }]);

  conn.pause();
  const [stop] = await once(conn, 'stopped');
  assert.equal(stop.reason, 'pause');
  assert.match(stop.description ?? '', /^after \d+ polls$/);
  // The pause also reached the producer's requestPause, exactly once.
  assert.equal((await conn.call('evaluate', 7, 'pauseRequests', 'repl')).display, '1');
  assert.equal((await conn.call('evaluate', 7, 'breakpoints', 'repl')).display, '[[1,[{"line":5}]]]');

  // A pause while already stopped means nothing.
  conn.pause();
  assert.equal((await conn.call('evaluate', 7, 'pauseRequests', 'repl')).display, '1');
  conn.resume();

  // The agent does not keep the debuggee alive: with the guest done, it exits by itself.
  assert.deepEqual(await exited, [0, null]);
});

test('requests are served while the debuggee is idle on its event loop', T, async () => {
  const { conn } = await launch('idle');
  const exited = once(conn, 'exit');
  await once(conn, 'scriptLoaded');
  conn.resume();
  assert.deepEqual(await conn.call('setBreakpoints', 1, [{ line: 1 }]), [{ verified: true, line: 1 }]);
  conn.pause();
  assert.equal((await conn.call('evaluate', undefined, 'pauseRequests', 'repl')).display, '1');
  assert.equal((await conn.call('evaluate', undefined, 'exit', 'repl')).display, 'exiting');
  assert.deepEqual(await exited, [0, null]);
});

test('a debuggee that never stops exits normally with its own code and stdout', T, async () => {
  const { conn, stdout } = await launch('plain-exit');
  assert.deepEqual(await once(conn, 'exit'), [5, null]);
  assert.equal(stdout(), 'plain\n');
});

test("the debuggee's own workers and child processes start no agent", T, async () => {
  const { conn, stdout } = await launch('nested');
  assert.deepEqual(await once(conn, 'exit'), [0, null]);
  assert.equal(stdout(), 'main object worker undefined child undefined\n');
});

test('closing the adapter-side connection kills the debuggee', T, async () => {
  const { conn } = await launch('idle');
  await once(conn, 'scriptLoaded');
  const exited = once(conn, 'exit');
  conn.disconnect();
  assert.deepEqual(await exited, [null, 'SIGKILL']);
  await waitUntilGone(conn.pid);
});

test('kill() kills the debuggee, and pending calls reject', T, async () => {
  const { conn } = await launch('hang');
  await once(conn, 'scriptLoaded');
  conn.resume();
  await once(conn, 'output');
  const stuck = conn.call('frames'); // the guest never polls, so only the kill can end this call
  const exited = once(conn, 'exit');
  conn.kill();
  await assert.rejects(stuck, /debuggee/);
  assert.deepEqual(await exited, [null, 'SIGKILL']);
  await waitUntilGone(conn.pid);
});

test('a debuggee that dies before its agent connects rejects the launch with its stderr', T, async () => {
  const crash = 'data:text/javascript,throw new Error("early crash")';
  await assert.rejects(
    launchDebuggee({ entry: FIXTURE, nodeArgs: ['--import', crash] }),
    (e: unknown) => e instanceof Error && /before its agent connected/.test(e.message) && /early crash/.test(e.message),
  );
});

for (const how of ['killed', 'exits'] as const) {
  test(`no orphans: the debuggee dies when its adapter process ${how}`, T, async () => {
    const adapter = spawn(process.execPath, [ADAPTER_HOST, how === 'killed' ? 'wait' : 'exit'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    adapter.stdout.setEncoding('utf8');
    while (!/debuggee \d+\n/.test(text)) {
      const [chunk] = await once(adapter.stdout, 'data');
      text += chunk;
    }
    const pid = Number(/debuggee (\d+)/.exec(text)![1]);
    if (how === 'killed') {
      assert.ok(!isGone(pid));
      adapter.kill('SIGKILL');
    }
    await once(adapter, 'exit');
    await waitUntilGone(pid);
  });
}
