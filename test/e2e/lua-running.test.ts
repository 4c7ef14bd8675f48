// End-to-end over DAP: a running Lua program has no hook until something needs one (SPEC §8.6;
// adapters/lua/hook-mask.test.ts reads the real masks), so a breakpoint set while it runs, and a
// pause, reach it only through the agent's interrupt. The program reports its own hook state from
// inside an endless loop: `debug.gethook` never shows the producer's hooks (SPEC §13.2), armed or
// not.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { launch, lineContaining, stack, withSession, type Session } from './helpers.js';

const T = { timeout: 60_000 };

const SPIN = [
  'local n = 0',
  'local function never()',
  '  return n -- never called',
  'end',
  'local function report()',
  '  local hook, mask = debug.gethook()',
  '  print("hook " .. (hook and ("[" .. mask .. "]") or "none"))',
  'end',
  'report()',
  'while true do',
  '  n = n + 1 -- the loop body',
  '  if n % 2000000 == 0 then report() end',
  'end',
].join('\n') + '\n';

function program(text: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nestdbg-lua-')), 'spin.lua');
  fs.writeFileSync(file, text);
  return file;
}

/** Waits for the next not-yet-seen `hook …` line the program prints; returns its state. */
async function nextReport(s: Session): Promise<string> {
  const e = await s.events.next<DebugProtocol.OutputEvent>('output', (o) => o.body.output.startsWith('hook '));
  return e.body.output.trim().slice('hook '.length);
}

describe('a running Lua program over DAP', T, () => {
  it('a breakpoint and a pause sent while it spins stop it; the guest never sees the debugger\'s hooks', T, async () => {
    const file = program(SPIN);
    const body = lineContaining(file, 'the loop body');
    await withSession(undefined, async (s) => {
      await launch(s, { program: file });
      assert.equal(await nextReport(s), 'none', 'no hook before anything is armed');
      assert.equal(await nextReport(s), 'none', 'and in the loop');

      // Nothing polls: the setBreakpoints call reaches the producer through the interrupt.
      const set = await s.dc.setBreakpointsRequest({ source: { path: file }, breakpoints: [{ line: body }] });
      assert.equal(set.body.breakpoints[0].verified, true);
      const hit = await s.events.stopped();
      assert.equal(hit.body.reason, 'breakpoint');
      assert.equal((await stack(s))[0].line, body);

      // Moved to a function never called, and continued: armed, the program sees no hook.
      await s.dc.setBreakpointsRequest({ source: { path: file }, breakpoints: [{ line: lineContaining(file, 'never called') }] });
      await s.dc.continueRequest({ threadId: 1 });
      assert.equal(await nextReport(s), 'none', 'no hook the guest can see while a breakpoint is armed');
      await s.dc.setBreakpointsRequest({ source: { path: file }, breakpoints: [] });

      await s.dc.pauseRequest({ threadId: 1 });
      const paused = await s.events.stopped();
      assert.equal(paused.body.reason, 'pause');
      const line = (await stack(s))[0].line;
      // In the loop, or in report() when the pause lands while it runs.
      assert.ok(line >= lineContaining(file, 'debug.gethook()') && line <= lineContaining(file, 'report() end'), `paused inside the loop, at ${line}`);
      const n = Number((await s.dc.evaluateRequest({ expression: 'n', frameId: (await stack(s))[0].id, context: 'repl' })).body.result);
      assert.ok(n > 0, `the loop ran (n = ${n})`);
    });
  });
});
