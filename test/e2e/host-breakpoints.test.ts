// Host-app breakpoints (issue #4): in mixed mode, a line breakpoint in the embedding app's own
// file (samples/embed/app.mjs) is bound through V8 and hit in the same session as the plugin
// scripts' breakpoints; the stop shows host frames with their source; step and continue work.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { REPO } from './dap-client.js';
import { launchUntilInitialized, scopes, stack, valueMap, vars, withSession, lineContaining } from './helpers.js';

const T = { timeout: 90_000 };
const EMBED = path.join(REPO, 'samples', 'embed');
const APP = path.join(EMBED, 'app.mjs');
const GREET = path.join(EMBED, 'plugins', 'greet.js');

const appLine = (text: string) => lineContaining(APP, text);

describe('host-app breakpoints', T, () => {
  it('a breakpoint in the embedding app is hit with plugin breakpoints, shows host frames, steps and continues', T, async () => {
    const nameLine = appLine("const name = ctx.getProp(plugin, 'name')");
    const callLine = appLine("ctx.callMethod(plugin, 'run'");
    await withSession(undefined, async (s) => {
      await launchUntilInitialized(s, { program: APP, mixedStack: true });
      const host = await s.dc.setBreakpointsRequest({ source: { path: APP }, breakpoints: [{ line: nameLine }] });
      await s.dc.setBreakpointsRequest({ source: { path: GREET }, breakpoints: [{ line: 11 }] });
      await s.dc.configurationDoneRequest();
      const hostId = host.body.breakpoints[0].id!;

      // Bound in V8 once mixed mode is on: the client hears it verified.
      const bound = await s.events.next<DebugProtocol.BreakpointEvent>('breakpoint', (e) => e.body.breakpoint.id === hostId && e.body.breakpoint.verified);
      assert.equal(bound.body.breakpoint.line, nameLine);

      // First the host loop reaches the breakpoint in app.mjs.
      const first = await s.events.stopped();
      assert.equal(first.body.reason, 'breakpoint');
      assert.deepEqual(first.body.hitBreakpointIds, [hostId]);
      let frames = await stack(s);
      assert.equal(frames[0].source?.path, APP, `top frame in app.mjs: ${frames.map((f) => `${f.name}@${f.source?.name}:${f.line}`).join(' < ')}`);
      assert.equal(frames[0].line, nameLine);
      assert.ok(frames.every((f) => !f.instructionPointerReference), 'no Wasm is running at a host line');
      // Guest state is off limits while the host runs (it may be mid-update): a clear error.
      await assert.rejects(s.dc.evaluateRequest({ expression: '1 + 1', context: 'repl' }), /paused in the host's JavaScript/);

      // A step over stays in the host: the next line.
      await s.dc.nextRequest({ threadId: 1 });
      assert.equal((await s.events.stopped()).body.reason, 'step');
      frames = await stack(s);
      assert.deepEqual([frames[0].source?.path, frames[0].line], [APP, nameLine + 1]);

      // Continue: the plugin's breakpoint, with the host app's frame below the guest's.
      await s.dc.continueRequest({ threadId: 1 });
      const guest = await s.events.stopped();
      assert.equal(guest.body.reason, 'breakpoint');
      frames = await stack(s);
      assert.deepEqual([frames[0].name, frames[0].source?.path, frames[0].line], ['run', GREET, 11]);
      const caller = frames.find((f) => f.source?.path === APP);
      assert.equal(caller?.line, callLine, 'the host frame that called the plugin');
      assert.ok(frames.some((f) => f.instructionPointerReference), 'the interpreter between them');

      // Continue: the host breakpoint again (the second plugin), then removed, the run ends.
      await s.dc.continueRequest({ threadId: 1 });
      const again = await s.events.stopped();
      assert.deepEqual(again.body.hitBreakpointIds, [hostId]);
      assert.equal((await stack(s))[0].line, nameLine);
      await s.dc.setBreakpointsRequest({ source: { path: APP }, breakpoints: [] });
      await s.dc.continueRequest({ threadId: 1 });
      await s.events.next('terminated');
      assert.match(s.events.text('stdout'), /squares\(4\) = \[1,4,9,16\]/);
    });
  });

  it('at a host stop: scopes, values and evaluate of the host frame; an instruction step in enters the interpreter, step out returns', T, async () => {
    const contextLine = appLine('const ctx = runtime.newContext();');
    const nameLine = appLine("const name = ctx.getProp(plugin, 'name')");
    await withSession(undefined, async (s) => {
      await launchUntilInitialized(s, { program: APP, mixedStack: true });
      // contextLine runs before the app evaluates any script: bound at launch, it is hit all the same.
      const set = await s.dc.setBreakpointsRequest({ source: { path: APP }, breakpoints: [{ line: contextLine }, { line: nameLine }] });
      await s.dc.configurationDoneRequest();
      const [contextId, nameId] = set.body.breakpoints.map((b) => b.id!);
      const early = await s.events.stopped();
      assert.deepEqual(early.body.hitBreakpointIds, [contextId]);
      assert.deepEqual([(await stack(s))[0].source?.path, (await stack(s))[0].line], [APP, contextLine]);
      await s.dc.continueRequest({ threadId: 1 });
      const first = await s.events.stopped();
      assert.deepEqual(first.body.hitBreakpointIds, [nameId]);

      // The host frame's scopes: the loop's block (plugin), the loop counter's, the module's, the global.
      const top = (await stack(s))[0];
      const sc = await scopes(s, top.id);
      assert.deepEqual(sc.map((x) => x.name), ['Block', 'Block', 'Module', 'Global']);
      assert.equal(sc[3].expensive, true, 'the global scope is fetched on demand');
      const block = valueMap(await vars(s, sc[0].variablesReference));
      assert.match(block.plugin, /^_Lifetime \{/, 'the plugin handle, previewed');
      assert.equal(block.name, 'undefined', 'not yet assigned on this line');
      assert.equal(valueMap(await vars(s, sc[1].variablesReference)).i, '0');
      const module = await vars(s, sc[2].variablesReference);
      const here = module.find((v) => v.name === 'here');
      assert.equal(here?.value, `'${EMBED}'`);
      const ctx = module.find((v) => v.name === 'ctx');
      assert.match(ctx?.value ?? '', /^QuickJSContext \{/);
      assert.ok(ctx!.variablesReference > 0, 'objects expand');
      assert.ok((await vars(s, ctx!.variablesReference)).some((v) => v.name === '[[Prototype]]'));
      // Evaluate runs in that frame, in the host's realm: its locals and Node's globals.
      const evaluate = async (expression: string) => (await s!.dc.evaluateRequest({ expression, frameId: top.id, context: 'repl' })).body;
      assert.equal((await evaluate('i + count')).result, '2');
      assert.equal((await evaluate('[i, typeof process.pid]')).result, "(2) [0, 'number']");
      await assert.rejects(s.dc.evaluateRequest({ expression: 'notDefinedHere', frameId: top.id, context: 'repl' }), /ReferenceError: notDefinedHere is not defined/);

      // An instruction step in: ctx.getProp is glue (skipped), so the next code to run is the
      // interpreter's Wasm. (A statement step in goes on to the next host or guest source line.)
      await s.dc.stepInRequest({ threadId: 1, granularity: 'instruction' });
      assert.equal((await s.events.stopped()).body.reason, 'step');
      let frames = await stack(s);
      assert.ok(frames[0].instructionPointerReference, `stepped into Wasm: ${frames.map((f) => f.name).join(' < ')}`);
      const caller = frames.find((f) => f.source?.path === APP);
      assert.equal(caller?.line, nameLine, 'the host line that called it, below');
      // Step out: back in the host, on the same line (the rest of the statement).
      await s.dc.stepOutRequest({ threadId: 1 });
      assert.equal((await s.events.stopped()).body.reason, 'step');
      frames = await stack(s);
      assert.deepEqual([frames[0].source?.path, frames[0].line], [APP, nameLine]);
      assert.ok(!frames[0].instructionPointerReference);
      await s.dc.setBreakpointsRequest({ source: { path: APP }, breakpoints: [] });
      await s.dc.continueRequest({ threadId: 1 });
      await s.events.next('terminated');
    });
  });

  it('without mixed mode a host file breakpoint stays unverified and the run is unaffected', T, async () => {
    await withSession(undefined, async (s) => {
      await launchUntilInitialized(s, { program: APP });
      const r = await s.dc.setBreakpointsRequest({ source: { path: APP }, breakpoints: [{ line: appLine("const name = ctx.getProp(plugin, 'name')") }] });
      assert.equal(r.body.breakpoints[0].verified, false);
      assert.match(r.body.breakpoints[0].message ?? '', /host app's own file: a breakpoint here needs mixed mode \("mixedStack": true/);
      await s.dc.configurationDoneRequest();
      await s.events.next('terminated');
      assert.equal(s.events.of('stopped').length, 0);
    });
  });
});
