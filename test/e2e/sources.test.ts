// End-to-end: source maps (a TypeScript program debugged from its .ts), loadedSources, ES modules,
// an embedding app's QuickJS scripts, and session semantics (restart, terminate, disconnect).
import assert from 'node:assert/strict';
import path from 'node:path';
import { it } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { REPO } from './dap-client.js';
import { launchUntilInitialized, describeEachEngine, fixture, scopes, stack, step, type Session, valueMap, vars, withSession } from './helpers.js';
import { alive, gone, pidsRunning } from './processes.js';

const T = { timeout: 30_000 };
const TS = path.join(REPO, 'samples', 'ts');
const tsSrc = (name: string) => path.join(TS, 'src', name);
const MODULES = path.join(REPO, 'samples', 'js', 'modules');
const EMBED = path.join(REPO, 'samples', 'embed');

/** initialize → launch (any arguments) → breakpoints in several files → configurationDone. */
async function start(s: Session, launchArgs: Record<string, unknown>, breakpoints: Record<string, number[]> = {}) {
  await launchUntilInitialized(s, launchArgs);
  const results: Record<string, DebugProtocol.Breakpoint[]> = {};
  for (const [file, lines] of Object.entries(breakpoints)) {
    const r = await s.dc.setBreakpointsRequest({ source: { path: file }, breakpoints: lines.map((line) => ({ line })) });
    results[file] = r.body.breakpoints;
  }
  await s.dc.configurationDoneRequest();
  return results;
}

const loadedSources = async (s: Session): Promise<DebugProtocol.Source[]> =>
  ((await s.dc.customRequest('loadedSources', {})) as DebugProtocol.LoadedSourcesResponse).body.sources;

const where = (frames: DebugProtocol.StackFrame[]) => frames.map((f) => `${f.name}@${path.basename(f.source?.path ?? '?')}:${f.line}`);

describeEachEngine('source maps: a TypeScript program', T, (engine) => {
  it('binds .ts breakpoints, and stops, frames, steps and output land in the .ts files', T, () => withSession(engine, async (s) => {
    await start(s, { program: path.join(TS, 'out', 'main.js') }, { [tsSrc('shapes.ts')]: [16] });
    // `breakpoint` events report the binding once the script (and so its sources) loads.
    const bound = await s.events.next<DebugProtocol.BreakpointEvent>('breakpoint', (e) => e.body.breakpoint.verified);
    assert.equal(bound.body.breakpoint.line, 16);
    const stop = await s.events.stopped();
    assert.equal(stop.body.reason, 'breakpoint');
    const frames = await stack(s);
    assert.deepEqual(where(frames).slice(0, 2), ['area@shapes.ts:16', 'measure@main.ts:12']);
    assert.equal(frames[0].source?.path, tsSrc('shapes.ts'));
    const locals = valueMap(await vars(s, (await scopes(s, frames[0].id))[0].variablesReference));
    assert.ok('r2' in locals, JSON.stringify(locals));
    await step(s, 'next');
    assert.deepEqual(where(await stack(s)).slice(0, 1), ['area@shapes.ts:17']);
    await step(s, 'next'); // the return leaves area: back in measure, at the console.log on line 13
    assert.deepEqual(where(await stack(s)).slice(0, 1), ['measure@main.ts:13']);
    await s.dc.setBreakpointsRequest({ source: { path: tsSrc('shapes.ts') }, breakpoints: [] });
    await step(s, 'continue');
    const out = await s.events.next<DebugProtocol.OutputEvent>('output', (e) => e.body.output.startsWith('circle r=1'));
    assert.equal(out.body.source?.path, tsSrc('main.ts'));
    assert.equal(out.body.line, 13);
  }));

  it('works with an inline (data: URL) map', T, () => withSession(engine, async (s) => {
    await start(s, { program: path.join(TS, 'out', 'main.inline.js') }, { [tsSrc('main.ts')]: [25] });
    await s.events.stopped();
    assert.deepEqual(where(await stack(s)), ['main@main.ts:25', '(program)@main.ts:31']);
  }));

  it('maps an uncaught error stack to the .ts files', T, () => withSession(engine, async (s) => {
    await start(s, { program: path.join(TS, 'out', 'main.js'), args: ['--fail'] });
    await s.events.next('terminated');
    const err = s.events.text('stderr');
    assert.match(err, /RangeError: negative radius -1/);
    assert.match(err, /shapes\.ts:12:\d+/, err);
    assert.match(err, /main\.ts:30:\d+/, err);
  }));

  it('sourceMaps: false debugs the generated JavaScript', T, () => withSession(engine, async (s) => {
    const js = path.join(TS, 'out', 'main.js');
    const r = await start(s, { program: js, sourceMaps: false }, { [js]: [11] });
    assert.equal(r[js].length, 1);
    await s.events.stopped();
    const frames = await stack(s);
    assert.equal(frames[0].source?.path, js);
    assert.equal(frames[0].line, 11);
    const sources = (await loadedSources(s)).map((x) => x.path);
    assert.deepEqual(sources, [js]);
  }));

  it('loadedSources lists every original source, announced with loadedSource events', T, () => withSession(engine, async (s) => {
    const seen: string[] = [];
    s.dc.on('loadedSource', (e: DebugProtocol.LoadedSourceEvent) => seen.push(path.basename(e.body.source.path ?? '')));
    await start(s, { program: path.join(TS, 'out', 'main.js'), stopOnEntry: true });
    await s.events.stopped();
    const sources = (await loadedSources(s)).map((x) => x.path);
    assert.deepEqual(sources, ['shapes.ts', 'util.ts', 'main.ts'].map(tsSrc));
    assert.deepEqual(seen, ['shapes.ts', 'util.ts', 'main.ts']);
  }));
});

describeEachEngine('source maps that point to missing files', T, (engine) => {
  // Each program: a breakpoint in the generated JavaScript binds, stops there with the .js in the
  // stack, and the console output points to the .js; a warning says why the map is not used.
  const generatedOnly = (name: string, warning: RegExp) => withSession(engine, async (s) => {
    const js = fixture(`missing-map/${name}`);
    const r = await start(s, { program: js }, { [js]: [3] });
    const bound = r[js][0].verified ? r[js][0] : (await s.events.next<DebugProtocol.BreakpointEvent>('breakpoint', (e) => e.body.breakpoint.verified)).body.breakpoint;
    assert.equal(bound.line, 3);
    assert.equal((await s.events.stopped()).body.reason, 'breakpoint');
    const frames = await stack(s);
    assert.deepEqual(where(frames), [`area@${name}:3`, `(program)@${name}:6`]);
    assert.equal(frames[0].source?.path, js);
    assert.equal(valueMap(await vars(s, (await scopes(s, frames[0].id))[0].variablesReference)).r, '2');
    assert.deepEqual((await loadedSources(s)).map((x) => x.path), [js]);
    await step(s, 'next');
    assert.deepEqual(where(await stack(s)).slice(0, 1), [`area@${name}:4`]);
    assert.equal(await step(s, 'continue'), undefined);
    const out = s.events.of<DebugProtocol.OutputEvent>('output').find((e) => e.body.output === 'area 13\n');
    assert.equal(out?.body.source?.path, js);
    assert.equal(out?.body.line, 6);
    assert.match(s.events.text(), warning);
  });

  it('a map whose sources do not exist (and carries no sourcesContent)', T, () => generatedOnly('gone-source.js', /gone\.ts/));
  it('a sourceMappingURL that names a missing map file', T, () => generatedOnly('gone-map.js', /cannot read the source map/));
});

describeEachEngine('a source map with one source missing', T, (engine) => {
  // bundle.js maps into src/present.ts (exists) and src/gone.ts (missing, no sourcesContent):
  // present.ts is debugged through the map, gone.ts's code as the generated JavaScript.
  const dir = fixture('partial-map');
  const bundle = path.join(dir, 'bundle.js');
  const present = path.join(dir, 'src', 'present.ts');
  it('binds in the existing source, falls back to the generated JS for the missing one, and says which file is missing', T, () => withSession(engine, async (s) => {
    await start(s, { program: bundle }, { [present]: [3], [bundle]: [7] });
    const verified = new Map<string, number>();
    while (verified.size < 2) {
      const e = await s.events.next<DebugProtocol.BreakpointEvent>('breakpoint', (e) => e.body.breakpoint.verified);
      verified.set(path.basename(e.body.breakpoint.source?.path ?? '?'), e.body.breakpoint.line!);
    }
    assert.deepEqual(Object.fromEntries(verified), { 'present.ts': 3, 'bundle.js': 7 });
    assert.equal((await s.events.stopped()).body.reason, 'breakpoint');
    assert.deepEqual(where(await stack(s)), ['area@present.ts:3', '(program)@present.ts:7']);
    await step(s, 'continue');
    const frames = await stack(s);
    assert.deepEqual(where(frames), ['perimeter@bundle.js:7', '(program)@present.ts:7']);
    assert.equal(frames[0].source?.path, bundle);
    assert.equal(valueMap(await vars(s, (await scopes(s, frames[0].id))[0].variablesReference)).r, '2');
    assert.deepEqual((await loadedSources(s)).map((x) => path.basename(x.path ?? '')).sort(), ['bundle.js', 'present.ts']);
    assert.equal(await step(s, 'continue'), undefined);
    assert.match(s.events.text(), /gone\.ts/);
    assert.doesNotMatch(s.events.text(), /present\.ts.*cannot be found/);
  }));
});

describeEachEngine('ES modules', T, (engine) => {
  it('each imported module is its own source with its own breakpoints', T, () => withSession(engine, async (s) => {
    const main = path.join(MODULES, 'main.mjs');
    const math = path.join(MODULES, 'math.mjs');
    const stats = path.join(MODULES, 'stats.mjs');
    await start(s, { program: main }, { [math]: [3], [stats]: [6], [main]: [9] });
    await s.events.stopped();
    // math.mjs runs first (its top level calls add), before main's body. QuickJS names a module's
    // top level <anonymous>.
    assert.deepEqual(where(await stack(s)), ['add@math.mjs:3', '<anonymous>@math.mjs:11']);
    await step(s, 'continue');
    assert.deepEqual(where(await stack(s)), ['<anonymous>@main.mjs:9']);
    const locals = valueMap(await vars(s, (await scopes(s, (await stack(s))[0].id))[0].variablesReference));
    assert.ok('values' in locals && 'squares' in locals, `module bindings are the top level's locals: ${JSON.stringify(locals)}`);
    await step(s, 'continue'); // add, called from main
    assert.deepEqual(where(await stack(s)), ['add@math.mjs:3', '<anonymous>@main.mjs:9']);
    await step(s, 'continue');
    assert.deepEqual(where(await stack(s)).slice(0, 2), ['mean@stats.mjs:6', '<anonymous>@main.mjs:11']);
    const loaded = (await loadedSources(s)).map((x) => path.basename(x.path ?? ''));
    assert.deepEqual(loaded.sort(), ['main.mjs', 'math.mjs', 'stats.mjs']);
  }));
});

describeEachEngine('embedding apps', T, (engine) => {
  it('debugs the plugin scripts a Node app evaluates in its own QuickJS', T, () => withSession(engine, async (s) => {
    const squares = path.join(EMBED, 'plugins', 'squares.js');
    const greet = path.join(EMBED, 'plugins', 'greet.js');
    const r = await start(s, { program: path.join(EMBED, 'app.mjs') }, { [squares]: [5], [greet]: [11] });
    assert.equal(r[squares][0].verified, false, 'not loaded yet');
    await s.events.stopped();
    assert.deepEqual(where(await stack(s)), ['run@greet.js:11']);
    await step(s, 'continue');
    assert.deepEqual(where(await stack(s)), ['squares@squares.js:5', 'run@squares.js:14']);
    const locals = valueMap(await vars(s, (await scopes(s, (await stack(s))[0].id))[0].variablesReference));
    assert.equal(locals.i, '1');
    await s.dc.setBreakpointsRequest({ source: { path: squares }, breakpoints: [] });
    assert.equal(await step(s, 'continue'), undefined, 'runs to the end');
    assert.match(s.events.text('stdout'), /squares\(4\) = \[1,4,9,16\]/);
    const loaded = (await loadedSources(s)).map((x) => path.basename(x.path ?? x.name ?? ''));
    assert.deepEqual(loaded, ['host-setup.js', 'greet.js', 'squares.js']);
  }));
});

describeEachEngine('session', T, (engine) => {
  it('restart relaunches with the same configuration and binds the breakpoints again', T, () => withSession(engine, async (s) => {
    const caps = await s.dc.initializeRequest({ adapterID: 'nestdbg', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' });
    assert.equal(caps.body?.supportsRestartRequest, true);
    assert.equal(caps.body?.supportsLoadedSourcesRequest, true);
    const program = fixture('disconnect-target.js');
    await s.dc.launchRequest({ program } as DebugProtocol.LaunchRequestArguments);
    await s.events.next('initialized');
    await s.dc.setBreakpointsRequest({ source: { path: program }, breakpoints: [{ line: 4 }] });
    await s.dc.configurationDoneRequest();
    await s.events.stopped();
    await step(s, 'continue');
    assert.equal((await stack(s))[0].line, 4);
    await s.dc.customRequest('restart', {});
    await s.events.stopped();
    const frames = await stack(s);
    assert.equal(frames[0].line, 4);
    const locals = valueMap(await vars(s, (await scopes(s, frames[0].id))[0].variablesReference));
    assert.equal(locals.i, '0', 'a fresh run');
    assert.equal(s.events.of('terminated').length, 0);
  }));

  it('terminate ends the debuggee and sends terminated', T, () => withSession(engine, async (s) => {
    const program = fixture('disconnect-target.js');
    await start(s, { program }, { [program]: [4] });
    await s.events.stopped();
    const [pid] = pidsRunning(program);
    await s.dc.terminateRequest({});
    await s.events.next('terminated');
    assert.equal(await gone(pid, 5_000), true);
  }));

  it('disconnect with terminateDebuggee: false lets the debuggee run to completion', T, () => withSession(engine, async (s) => {
    const program = fixture('detach-target.js');
    await start(s, { program }, { [program]: [4] });
    await s.events.stopped();
    const [pid] = pidsRunning(program);
    await s.dc.disconnectRequest({ terminateDebuggee: false });
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(alive(pid), true, 'still running after disconnect');
    assert.equal(await gone(pid, 10_000), true, 'ended on its own');
  }));
});



