// End-to-end: requests reach the producer in the order the client sent them. VS Code clears a
// breakpoint and continues without waiting for the setBreakpoints response (F9 then F5); the run
// must not stop again at the breakpoint it cleared. Every producer: each has its own fib sample
// with printFib called twice, its print on line 27.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { REPO } from './dap-client.js';
import { launch, withSession } from './helpers.js';

const T = { timeout: 60_000 };
const PRINT_LINE = 27;

describe('a breakpoint cleared and a continue sent at once', T, () => {
  for (const [engine, file] of [['quickjs', 'js/fib.js'], ['quickjs-ng', 'js/fib.js'], ['lua', 'lua/fib.lua'], ['mini', 'mini/fib.mini']] as const) {
    it(`${engine}: the run goes on to its end without stopping there again`, T, async () => {
      const program = path.join(REPO, 'samples', file);
      await withSession(engine === 'lua' || engine === 'mini' ? undefined : engine, async (s) => {
        await launch(s, { program, breakpoints: [PRINT_LINE] });
        assert.equal((await s.events.stopped()).body.reason, 'breakpoint');
        const cleared = s.dc.setBreakpointsRequest({ source: { path: program }, breakpoints: [] });
        const continued = s.dc.continueRequest({ threadId: 1 });
        await Promise.all([cleared, continued]);
        const next = await s.events.next<DebugProtocol.Event>(['stopped', 'terminated']);
        assert.equal(next.event, 'terminated', `stopped again: ${JSON.stringify(next.body)}`);
        assert.match(s.events.text('stdout'), /fib\(10\) = 55/);
      });
    });
  }
});
