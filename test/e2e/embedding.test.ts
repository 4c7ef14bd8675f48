// End-to-end: an embedding app that opts in with `debuggable(…)` from 'nestdbg/quickjs'
// (samples/embed/sandboxes.js): scripts in each of its three QuickJS contexts — two sharing a
// runtime, one in a runtime of its own — stop at their breakpoints, a file evaluated in every
// context stops in each, and evaluation sees the context that stopped. Run with plain node, the
// opt-in does nothing. Two contexts that call each other through a host function stop in both
// (test/e2e/fixtures/cross-context). The apps pick bellard's QuickJS or QuickJS-ng from SANDBOX_ENGINE.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { it } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { REPO } from './dap-client.js';
import { launchUntilInitialized, describeEachEngine, scopes, stack, step, valueMap, vars, withSession } from './helpers.js';

const T = { timeout: 60_000 };
const APP = path.join(REPO, 'samples', 'embed', 'sandboxes.js');
const file = (name: string) => path.join(REPO, 'samples', 'embed', 'sandboxes', name);
const where = (frames: DebugProtocol.StackFrame[]) => frames.map((f) => `${f.name}@${path.basename(f.source?.path ?? f.source?.name ?? '?')}:${f.line}`);

describeEachEngine('embedding API and several contexts', T, (engine) => {
  it('without nestdbg, debuggable() changes nothing', T, async () => {
    const out = execFileSync(process.execPath, [APP], { env: { ...process.env, SANDBOX_ENGINE: engine }, encoding: 'utf8' });
    assert.equal(out, 'pricing: 85\ntax: 120\naudit: {"sandbox":"audit","amount":100,"ok":true}\n');
    // In this process (no agent) it patches nothing: the module and the context class stay as they are.
    const { debuggable } = await import('nestdbg/quickjs');
    const { newQuickJSWASMModuleFromVariant, QuickJSContext } = await import('quickjs-emscripten-core');
    const variant = engine === 'quickjs-ng' ? await import('@jitl/quickjs-ng-wasmfile-release-sync') : await import('@jitl/quickjs-wasmfile-release-sync');
    const module = await newQuickJSWASMModuleFromVariant(variant.default as unknown as Parameters<typeof newQuickJSWASMModuleFromVariant>[0]);
    const { newContext } = module;
    const evalCode = QuickJSContext.prototype.evalCode;
    assert.equal(debuggable(module), module);
    assert.equal(module.newContext, newContext);
    const ctx = debuggable(module.newContext());
    assert.equal(QuickJSContext.prototype.evalCode, evalCode);
    assert.equal(Object.getOwnPropertySymbols(QuickJSContext.prototype).some((k) => k === Symbol.for('nestdbg.debuggable')), false);
    ctx.dispose();
  });

  it('every context of the app is debuggable; a file evaluated in each stops in each', T, async () => {
    await withSession(engine, async (s) => {
      await launchUntilInitialized(s, { program: APP, env: { SANDBOX_ENGINE: engine } });
      const set = async (name: string, lines: number[]) =>
        (await s!.dc.setBreakpointsRequest({ source: { path: file(name) }, breakpoints: lines.map((line) => ({ line })) })).body.breakpoints;
      await set('shared.js', [4]);
      await set('tax.js', [4]);
      await set('audit.js', [4]);
      await s.dc.configurationDoneRequest();

      // Where the current stop is, its locals, and which sandbox an evaluation there sees.
      const inspect = async () => {
        const frames = await stack(s!);
        const locals = valueMap(await vars(s!, (await scopes(s!, frames[0].id))[0].variablesReference));
        const sandbox = (await s!.dc.evaluateRequest({ expression: 'sandboxName', context: 'watch', frameId: frames[0].id })).body.result;
        return { at: where(frames), locals, sandbox };
      };
      // pricing (runtime 1, context 1): only the shared helper has a breakpoint.
      await s.events.stopped();
      let stop = await inspect();
      assert.deepEqual(stop.at, ['round@shared.js:4', 'rule@pricing.js:4', '(program)@pricing-call.js:1']);
      assert.equal(stop.locals.cents, '8500');
      assert.equal(stop.sandbox, "'pricing'", 'evaluation runs in the context that stopped');
      // tax (runtime 1, context 2): its own rule, then the shared helper again.
      await step(s, 'continue');
      stop = await inspect();
      assert.deepEqual(stop.at, ['rule@tax.js:4', '(program)@tax-call.js:1']);
      assert.equal(stop.locals.gross, '120');
      assert.equal(stop.sandbox, "'tax'");
      await step(s, 'stepIn');
      stop = await inspect();
      assert.deepEqual(stop.at, ['round@shared.js:3', 'rule@tax.js:4', '(program)@tax-call.js:1'], 'step in crosses into the shared script of this context');
      await step(s, 'continue');
      stop = await inspect();
      assert.deepEqual(stop.at.slice(0, 2), ['round@shared.js:4', 'rule@tax.js:4']);
      // audit (a runtime of its own).
      await step(s, 'continue');
      stop = await inspect();
      assert.deepEqual(stop.at, ['rule@audit.js:4', '(program)@audit-call.js:1']);
      assert.equal(stop.locals.entry, "{sandbox: 'audit', amount: 100, ok: true}");
      const set2 = await s.dc.setVariableRequest({
        variablesReference: (await scopes(s, (await stack(s))[0].id))[0].variablesReference, name: 'amount', value: '7',
      });
      assert.equal(set2.body.value, '7');
      assert.equal(await step(s, 'continue'), undefined, 'runs to the end');
      assert.match(s.events.text('stdout'), /^pricing: 85\ntax: 120\naudit: \{"sandbox":"audit","amount":100,"ok":true\}$/m);
      const sources = ((await s.dc.customRequest('loadedSources', {})) as DebugProtocol.LoadedSourcesResponse).body.sources;
      const loaded = sources.map((x) => path.basename(x.path ?? x.name ?? ''));
      assert.equal(loaded.filter((n) => n === 'shared.js').length, 3, 'shared.js is a loaded script of each context');
    });
  });

  it('a host function of one context calling into another: stops in both, each frame with its own globals', T, async () => {
    const app = path.join(REPO, 'test', 'e2e', 'fixtures', 'cross-context', 'app.mjs');
    const script = (name: string) => path.join(path.dirname(app), name);
    await withSession(engine, async (s) => {
      await launchUntilInitialized(s, { program: app, env: { SANDBOX_ENGINE: engine } });
      await s.dc.setBreakpointsRequest({ source: { path: script('callee.js') }, breakpoints: [{ line: 2 }] });
      await s.dc.setBreakpointsRequest({ source: { path: script('caller.js') }, breakpoints: [{ line: 3 }] });
      await s.dc.configurationDoneRequest();
      const inspect = async () => {
        const frames = await stack(s);
        const locals = valueMap(await vars(s, (await scopes(s, frames[0].id))[0].variablesReference));
        const context = (await s.dc.evaluateRequest({ expression: 'contextName', context: 'watch', frameId: frames[0].id })).body.result;
        return { at: where(frames), locals, context };
      };
      await s.events.stopped();
      let stop = await inspect();
      // The caller's frames under the callee's: one runtime, one stack (cross-context.test.ts).
      assert.deepEqual(stop.at, ['compute@callee.js:2', 'run@caller.js:2', '(program)@caller.js:6']);
      assert.equal(stop.locals.x, '5');
      assert.equal(stop.context, "'callee'", 'evaluation runs in the context that stopped');
      await step(s, 'continue');
      stop = await inspect();
      assert.deepEqual(stop.at, ['run@caller.js:3', '(program)@caller.js:6']);
      assert.equal(stop.locals.viaCallee, '16');
      assert.equal(stop.context, "'caller'");
      assert.equal(await step(s, 'continue'), undefined);
      assert.match(s.events.text('stdout'), /^run: 32$/m);
    });
  });
});
