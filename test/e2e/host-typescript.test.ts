// A plugin host written in TypeScript (samples/embed-ts: src/app.ts compiled to out/app.mjs with a
// source map), in mixed mode: breakpoints set in the .ts bind before the program runs (V8 holds a
// source-mapped script before its first line), host frames show the .ts, step in / step out move
// between the host's TS functions, and a plugin's breakpoint shows the TS host frame that called it.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { REPO } from './dap-client.js';
import { launchUntilInitialized, scopes, stack, valueMap, vars, withSession, lineContaining } from './helpers.js';

const T = { timeout: 90_000 };
const HOST = path.join(REPO, 'samples', 'embed-ts');
const APP_JS = path.join(HOST, 'out', 'app.mjs');
const APP_TS = path.join(HOST, 'src', 'app.ts');
const REVERSE = path.join(HOST, 'plugins', 'reverse.js');

const tsLine = (text: string) => lineContaining(APP_TS, text);

const where = (frames: DebugProtocol.StackFrame[]) => frames.map((f) => `${f.name}@${f.source?.name}:${f.line}`).join(' < ');

describe('TypeScript host (source maps)', T, () => {
  it('.ts breakpoints bind before the program runs; frames, steps and plugin stops show the .ts', T, async () => {
    const startLine = tsLine('const QuickJS = await newQuickJSWASMModuleFromVariant');
    const loopLine = tsLine('results.push(runPlugin(ctx, plugin, input));');
    const firstInRunPlugin = tsLine('const fn = ctx.getProp(ctx.global, plugin);');
    const callLine = tsLine('const result = ctx.callFunction(fn, ctx.undefined, arg);');
    await withSession(undefined, async (s) => {
      await launchUntilInitialized(s, { program: APP_JS, mixedStack: true });
      const set = await s.dc.setBreakpointsRequest({ source: { path: APP_TS }, breakpoints: [{ line: startLine }, { line: loopLine }] });
      await s.dc.setBreakpointsRequest({ source: { path: REVERSE }, breakpoints: [{ line: 4 }] });
      await s.dc.configurationDoneRequest();
      const [startId, loopId] = set.body.breakpoints.map((b) => b.id!);

      // Both bind in app.mjs through its map once V8 has parsed it: the client hears them verified, in the .ts.
      for (const id of [startId, loopId]) {
        const bound: DebugProtocol.BreakpointEvent = await s.events.next<DebugProtocol.BreakpointEvent>('breakpoint', (e) => e.body.breakpoint.id === id && e.body.breakpoint.verified);
        assert.equal(bound.body.breakpoint.source?.path, APP_TS);
        assert.equal(bound.body.breakpoint.line, id === startId ? startLine : loopLine);
      }

      // The first line after the imports: before any QuickJS exists.
      const first = await s.events.stopped();
      assert.deepEqual(first.body.hitBreakpointIds, [startId]);
      let frames = await stack(s);
      assert.deepEqual([frames[0].source?.path, frames[0].line], [APP_TS, startLine], where(frames));

      // The loop: the host frame is in app.ts, with the TS module's variables.
      await s.dc.continueRequest({ threadId: 1 });
      assert.deepEqual((await s.events.stopped()).body.hitBreakpointIds, [loopId]);
      frames = await stack(s);
      assert.deepEqual([frames[0].source?.path, frames[0].line], [APP_TS, loopLine], where(frames));
      const moduleScope = (await scopes(s, frames[0].id)).find((x) => x.name === 'Module');
      assert.ok(moduleScope, 'the module scope of app.ts');
      const moduleVars = valueMap(await vars(s, moduleScope.variablesReference));
      assert.equal(moduleVars.pluginDir, `'${path.join(HOST, 'plugins')}'`);
      assert.equal(moduleVars.plugins, "(2) ['reverse', 'shout']");

      // Step in: into the host's own TS function runPlugin (its first statement); its caller below.
      await s.dc.stepInRequest({ threadId: 1 });
      assert.equal((await s.events.stopped()).body.reason, 'step');
      frames = await stack(s);
      assert.deepEqual([frames[0].name, frames[0].source?.path, frames[0].line], ['runPlugin', APP_TS, firstInRunPlugin], where(frames));
      assert.deepEqual([frames[1].source?.path, frames[1].line], [APP_TS, loopLine]);
      const local = valueMap(await vars(s, (await scopes(s, frames[0].id)).find((x) => x.name === 'Local')!.variablesReference));
      assert.deepEqual([local.plugin, local.input], ["'reverse'", "'text for reverse'"]);
      const evaluated = await s.dc.evaluateRequest({ expression: 'input.length', frameId: frames[0].id, context: 'repl' });
      assert.equal(evaluated.body.result, '16');

      // Continue: the plugin's breakpoint, with the TS host function that called it below the interpreter.
      await s.dc.continueRequest({ threadId: 1 });
      const guest = await s.events.stopped();
      assert.equal(guest.body.reason, 'breakpoint');
      frames = await stack(s);
      assert.deepEqual([frames[0].name, frames[0].source?.path, frames[0].line], ['reverse', REVERSE, 4], where(frames));
      const host = frames.find((f) => f.source?.path === APP_TS);
      assert.deepEqual([host?.name, host?.line], ['runPlugin', callLine], where(frames));
      assert.ok(frames.indexOf(host!) > frames.findIndex((f) => f.instructionPointerReference), 'the interpreter between them');

      // The next plugin: the loop breakpoint again; step in, then step out back to the loop line
      // (in the first plugin, runPlugin stopped at reverse.js's breakpoint before returning).
      await s.dc.setBreakpointsRequest({ source: { path: REVERSE }, breakpoints: [] });
      await s.dc.continueRequest({ threadId: 1 });
      assert.deepEqual((await s.events.stopped()).body.hitBreakpointIds, [loopId]);
      await s.dc.stepInRequest({ threadId: 1 });
      assert.equal((await s.events.stopped()).body.reason, 'step');
      frames = await stack(s);
      assert.deepEqual([frames[0].name, frames[0].line], ['runPlugin', firstInRunPlugin], where(frames));
      await s.dc.stepOutRequest({ threadId: 1 });
      assert.equal((await s.events.stopped()).body.reason, 'step');
      frames = await stack(s);
      assert.deepEqual([frames[0].source?.path, frames[0].line], [APP_TS, loopLine], where(frames));
      assert.notEqual(frames[0].name, 'runPlugin');

      await s.dc.setBreakpointsRequest({ source: { path: APP_TS }, breakpoints: [] });
      await s.dc.continueRequest({ threadId: 1 });
      await s.events.next('terminated');
      assert.match(s.events.text('stdout'), /reverse\("text for reverse"\) = "esrever rof txet"/);
    });
  });
});
