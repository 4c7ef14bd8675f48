// Breakpoints in a host .ts file (issue #4) that no loaded script maps yet: unverified, saying what
// they wait for, then verified (a breakpoint event) and hit once the host imports a module whose
// source map includes the file. A line without code binds at the next line that has some.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { buildSync } from 'esbuild';
import { REPO } from '../dap-client.js';
import { closeSession, launchUntilInitialized, openSession, stack, type Session, lineContaining } from '../helpers.js';

const T = { timeout: 90_000 };
const DIR = path.join(REPO, 'test', 'e2e', 'fixtures', 'late-ts');
const APP = path.join(DIR, 'app.mjs');
const LATE_TS = path.join(DIR, 'late.ts');

const tsLine = (text: string) => lineContaining(LATE_TS, text);

describe('host .ts breakpoints before their module loads', T, () => {
  it('unverified with a reason, verified and hit when a script mapping the file loads', T, async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'nestdbg-late-'));
    const module = path.join(out, 'late.mjs');
    buildSync({ entryPoints: [LATE_TS], outfile: module, format: 'esm', sourcemap: 'linked', platform: 'node', logLevel: 'warning' });
    const typeLine = tsLine('export interface Summary');
    const loopLine = tsLine('for (const v of values)');
    const bodyLine = tsLine('let total = 0;');
    let s: Session | undefined;
    try {
      s = await openSession();
      await launchUntilInitialized(s, { program: APP, mixedStack: true, env: { LATE_MODULE: module } });
      const set = await s.dc.setBreakpointsRequest({ source: { path: LATE_TS }, breakpoints: [{ line: typeLine }, { line: loopLine }] });
      const [typeId, loopId] = set.body.breakpoints.map((b) => b.id!);
      await s.dc.configurationDoneRequest();

      // Mixed mode on, bound in V8 as far as it can be: nothing maps late.ts yet, and the client is told so.
      for (const id of [typeId, loopId]) {
        const waiting: DebugProtocol.BreakpointEvent = await s.events.next<DebugProtocol.BreakpointEvent>('breakpoint', (e) => e.body.breakpoint.id === id && !!e.body.breakpoint.message);
        assert.equal(waiting.body.breakpoint.verified, false);
        assert.match(waiting.body.breakpoint.message!, /No script the host has loaded maps this file \(yet\)/);
      }
      // The app imports the module after running its plugin: both bind then (the type's line moves down to code).
      const bound = new Map<number, DebugProtocol.Breakpoint>();
      for (const id of [typeId, loopId]) {
        const e: DebugProtocol.BreakpointEvent = await s.events.next<DebugProtocol.BreakpointEvent>('breakpoint', (x) => x.body.breakpoint.id === id && x.body.breakpoint.verified);
        bound.set(id, e.body.breakpoint);
      }
      assert.equal(bound.get(loopId)!.line, loopLine);
      assert.equal(bound.get(typeId)!.line, bodyLine, 'the first statement after the interface');
      assert.equal(bound.get(typeId)!.source?.path, LATE_TS);

      assert.deepEqual((await s.events.stopped()).body.hitBreakpointIds, [typeId]);
      let frames = await stack(s);
      assert.deepEqual([frames[0].name, frames[0].source?.path, frames[0].line], ['summarize', LATE_TS, bodyLine]);
      await s.dc.continueRequest({ threadId: 1 });
      assert.deepEqual((await s.events.stopped()).body.hitBreakpointIds, [loopId]);
      frames = await stack(s);
      assert.equal(frames[0].line, loopLine);

      // With the module loaded, a line past its last code cannot bind, and says why.
      const past = await s.dc.setBreakpointsRequest({ source: { path: LATE_TS }, breakpoints: [{ line: 400 }] });
      assert.equal(past.body.breakpoints[0].verified, false);
      assert.match(past.body.breakpoints[0].message ?? '', /No code at or after this line/);

      await s.dc.continueRequest({ threadId: 1 });
      await s.events.next('terminated');
      assert.match(s.events.text('stdout'), /summary plugin 60/);
    } finally {
      await closeSession(s);
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});
