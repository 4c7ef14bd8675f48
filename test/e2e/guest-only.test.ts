// Guest-only mode ("exposeHost": false) through the real adapter, on the embedding app
// samples/embed/app.mjs: the guest author sees the plugin scripts and nothing of the host (no host
// frames, values, paths, memory, mixed stacks; evaluate cannot reach Node). A control run with the
// host exposed proves the same host-frame detector does find host frames when they are shown.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import { describe, it } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { REPO } from './dap-client.js';
import { launchUntilInitialized, EventLog, scopes, stack, vars, type Session, withSession } from './helpers.js';

const T = { timeout: 90_000 };
const EMBED = path.join(REPO, 'samples', 'embed');
const APP = path.join(EMBED, 'app.mjs');
const GREET = path.join(EMBED, 'plugins', 'greet.js');

/** Names only the host has: Node's globals and app.mjs's own variables. */
const HOST_NAMES = ['process', 'require', 'module', 'exports', '__filename', '__dirname', 'Buffer', 'QuickJS', 'runtime', 'ctx', 'here', 'variant', 'fs'];
/** Text that only a host value, frame or message could contain. */
const HOST_TEXT = [/app\.mjs/, /node_modules/, /node:internal/, /file:\/\//, /quickjs-emscripten/];

async function start(s: Session, extra: Record<string, unknown>, exceptions: string[] = []): Promise<DebugProtocol.Capabilities> {
  const capabilityEvents: DebugProtocol.Capabilities[] = [];
  s.dc.on('capabilities', (e: DebugProtocol.CapabilitiesEvent) => capabilityEvents.push(e.body.capabilities));
  const capabilities = await launchUntilInitialized(s, { program: APP, ...extra });
  await s.dc.setBreakpointsRequest({ source: { path: GREET }, breakpoints: [{ line: 11 }] });
  if (exceptions.length) await s.dc.setExceptionBreakpointsRequest({ filters: exceptions });
  await s.dc.configurationDoneRequest();
  return Object.assign({}, capabilities, ...capabilityEvents);
}

async function guestPaths(s: Session): Promise<Set<string>> {
  const r = await s.dc.customRequest('loadedSources', {});
  return new Set((r.body.sources as DebugProtocol.Source[]).flatMap((x) => (x.path ? [x.path] : [])));
}

/** A frame that is not one of the guest's scripts: Wasm, a label, or a source the guest never loaded. */
function hostFrames(frames: DebugProtocol.StackFrame[], guest: Set<string>): DebugProtocol.StackFrame[] {
  return frames.filter((f) => f.instructionPointerReference || f.presentationHint === 'label' || !f.source?.path || !guest.has(f.source.path));
}

/** Every variable reachable from a frame's scopes, two levels deep. */
async function allVariables(s: Session, frameId: number): Promise<DebugProtocol.Variable[]> {
  const out: DebugProtocol.Variable[] = [];
  const walk = async (ref: number, depth: number) => {
    for (const v of await vars(s, ref)) {
      out.push(v);
      if (v.variablesReference > 0 && depth < 2) await walk(v.variablesReference, depth + 1);
    }
  };
  for (const scope of await scopes(s, frameId)) await walk(scope.variablesReference, 0);
  return out;
}

async function evaluate(s: Session, expression: string, frameId?: number): Promise<string> {
  try {
    return (await s.dc.evaluateRequest({ expression, frameId, context: 'repl' })).body.result;
  } catch (e) {
    return `error: ${(e as Error).message}`;
  }
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'accepted';
  } catch (e) {
    return (e as Error).message;
  }
}

function assertNoHostText(what: string, text: string) {
  for (const pattern of HOST_TEXT) assert.doesNotMatch(text, pattern, `${what} leaks the host: ${text}`);
}

describe('guest-only mode', T, () => {
  it('shows 0 host frames and 0 host values, keeps evaluate in the guest, refuses memory and mixed requests', T, async () => {
    await withSession(undefined, async (s) => {
      const caps = await start(s, { exposeHost: false });
      for (const c of ['supportsDisassembleRequest', 'supportsReadMemoryRequest', 'supportsWriteMemoryRequest', 'supportsInstructionBreakpoints'] as const) {
        assert.equal(caps[c], false, `${c} is withdrawn`);
      }
      const stopped = await s.events.stopped();
      assert.equal(stopped.body.reason, 'breakpoint');
      const guest = await guestPaths(s);
      assert.ok(guest.has(GREET), 'greet.js is a guest script');
      assert.ok(![...guest].some((p) => p.endsWith('app.mjs')), 'the host app is not a loaded source');

      const frames = await stack(s);
      assert.deepEqual(frames.map((f) => [f.name, f.line]), [['run', 11]]);
      assert.deepEqual(hostFrames(frames, guest), [], 'no host frames');

      const all = await allVariables(s, frames[0].id);
      assert.ok(all.some((v) => v.name === 'n' && v.value === '3'), 'the guest locals are there');
      assert.ok(all.some((v) => v.name === 'plugins'), 'the guest globals are there');
      assert.deepEqual(all.filter((v) => HOST_NAMES.includes(v.name)).map((v) => v.name), [], 'no host variables');
      for (const v of all) assertNoHostText(`variable ${v.name}`, `${v.value} ${v.type ?? ''}`);

      // Evaluate runs in the guest: Node's globals do not exist there, by any route.
      assert.equal(await evaluate(s, 'n * 2', frames[0].id), '6', 'evaluate works in the frame');
      assert.equal(await evaluate(s, 'typeof log'), "'function'", "the guest's own host API is a guest function");
      const escapes = [
        'typeof process', 'typeof require', 'typeof globalThis.process', 'typeof Buffer', 'typeof __dirname', 'typeof module',
        'typeof (function(){return this})().process', 'typeof globalThis.global', "typeof this.constructor.constructor('return this')().process",
        "this.constructor.constructor('return typeof process')()", "Function('return typeof require')()",
        "[].constructor.constructor('return typeof globalThis.process')()", "typeof (0, eval)('this').process",
        "Object.getPrototypeOf(function*(){}).constructor('yield typeof process')().next().value",
        "this.constructor.constructor('return process')()", "(function(){return this})().process.pid",
      ];
      for (const frameId of [frames[0].id, undefined]) {
        for (const expression of escapes) {
          const result = await evaluate(s, expression, frameId);
          const reached = !(result === "'undefined'" || /^error: .*(ReferenceError|not defined|cannot read property)/i.test(result));
          assert.equal(reached, false, `${expression} (${frameId === undefined ? 'global' : 'frame'}) = ${result}`);
        }
        assert.match(await evaluate(s, 'process.pid', frameId), /ReferenceError|not defined/, 'process is not defined');
        assert.match(await evaluate(s, 'require("fs")', frameId), /ReferenceError|not defined/, 'require is not defined');
      }

      // What reaches below the guest is refused with a clear error, and the session carries on.
      const mixed = await refusal(s.dc.customRequest('nestdbg/mixedStack', { enabled: true }));
      assert.match(mixed, /guest-only/);
      assert.match(await refusal(s.dc.customRequest('readMemory', { memoryReference: '0x1000', count: 64 })), /guest-only/);
      assert.match(await refusal(s.dc.customRequest('writeMemory', { memoryReference: '0x1000', data: 'AAAA' })), /guest-only/);
      assert.match(await refusal(s.dc.customRequest('disassemble', { memoryReference: '0x0', instructionCount: 4 })), /guest-only/);
      assert.match(await refusal(s.dc.customRequest('setInstructionBreakpoints', { breakpoints: [{ instructionReference: '0x100' }] })), /guest-only/);
      // An instruction step is a statement step here: the stop stays at the script level.
      await s.dc.nextRequest({ threadId: 1, granularity: 'instruction' });
      assert.equal((await s.events.stopped()).body.reason, 'step');
      const after = await stack(s);
      assert.deepEqual(after.map((f) => [f.name, f.line]), [['run', 12]]);
      assert.deepEqual(hostFrames(after, guest), []);

      await s.dc.setBreakpointsRequest({ source: { path: GREET }, breakpoints: [] });
      await s.dc.continueRequest({ threadId: 1 });
      await s.events.next('terminated');
      assert.match(s.events.text('stdout'), /\[plugin\] hello hello hello/, 'the guest output arrives');
      assertNoHostText('output', s.events.text());
    });
  });

  it('an exception stop in the embedding app shows the guest only, and the host crash stays hidden', T, async () => {
    await withSession(undefined, async (s) => {
      await start(s, { exposeHost: false }, ['uncaught']);
      await s.events.stopped();
      // The guest author breaks the plugin: a Symbol where greeting() wants a number.
      const frames = await stack(s);
      const locals = (await scopes(s, frames[0].id))[0].variablesReference;
      await s.dc.setVariableRequest({ variablesReference: locals, name: 'n', value: "Symbol('bad')" });
      await s.dc.continueRequest({ threadId: 1 });
      const stopped = await s.events.stopped();
      assert.equal(stopped.body.reason, 'exception');
      const guest = await guestPaths(s);
      const at = await stack(s);
      assert.deepEqual(at.map((f) => f.name), ['greeting', 'run']);
      assert.deepEqual(hostFrames(at, guest), [], 'no host frames at the exception');
      const info = (await s.dc.exceptionInfoRequest({ threadId: 1 })).body;
      assert.match(info.description ?? '', /symbol/);
      assertNoHostText('exceptionInfo', JSON.stringify(info));
      assertNoHostText('stopped event', JSON.stringify(stopped.body));
      for (const v of await allVariables(s, at[0].id)) assertNoHostText(`variable ${v.name}`, v.value);

      // The error reaches the host, which crashes: its stack trace must not reach the guest author.
      await s.dc.continueRequest({ threadId: 1 });
      await s.events.next('terminated');
      assert.equal(s.events.text('stderr'), '', 'the host stderr is withheld');
      assert.match(s.events.text('console'), /hidden in guest-only mode/);
      assertNoHostText('output', s.events.text());
    });
  });

  it('control: with the host exposed, the same detector finds host frames and memory answers', T, async () => {
    await withSession(undefined, async (s) => {
      const caps = await start(s, { mixedStack: true });
      assert.equal(caps.supportsReadMemoryRequest, true);
      await s.events.stopped();
      const guest = await guestPaths(s);
      const frames = await stack(s);
      const host = hostFrames(frames, guest);
      assert.ok(host.some((f) => f.source?.path === APP), `app.mjs frames are shown: ${frames.map((f) => f.name).join(' < ')}`);
      assert.ok(host.some((f) => f.instructionPointerReference), 'Wasm frames are shown');
      const mem = await s.dc.customRequest('readMemory', { memoryReference: '0x1000', count: 64 });
      assert.equal(Buffer.from(mem.body.data, 'base64').length, 64);
      await s.dc.setBreakpointsRequest({ source: { path: GREET }, breakpoints: [] });
      await s.dc.continueRequest({ threadId: 1 });
      await s.events.next('terminated');
    });
  });

  it('refuses a launch that asks for mixed stacks with the host hidden, and stays up', T, async () => {
    await withSession(undefined, async (s) => {
      await s.dc.initializeRequest({ adapterID: 'nestdbg', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' });
      const bad = await refusal(s.dc.launchRequest({ program: APP, exposeHost: false, mixedStack: true } as DebugProtocol.LaunchRequestArguments));
      assert.match(bad, /mixedStack.*exposeHost/);
      assert.match(await refusal(s.dc.launchRequest({ program: APP, exposeHost: 'no' } as unknown as DebugProtocol.LaunchRequestArguments)), /exposeHost/);
      const threads = await s.dc.threadsRequest();
      assert.equal(threads.body.threads.length, 1, 'the adapter still answers');
    });
  });

  it('`nestdbg dap --guest-only` makes every session guest-only, whatever the client asks', T, async () => {
    // The operator's form: the adapter as a TCP server started with --guest-only.
    const server = spawn(process.execPath, [path.join(REPO, 'dist', 'adapters', 'cli', 'main.js'), 'dap', '--port', '0', '--guest-only'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const dcs: DebugClient[] = [];
    try {
      let banner = '';
      while (!/listening on 127\.0\.0\.1:(\d+)/.test(banner)) banner += String((await once(server.stdout!, 'data'))[0]);
      const port = Number(/:(\d+)/.exec(banner)![1]);
      const connect = async () => {
        const dc = new DebugClient(process.execPath, '', 'nestdbg');
        dc.defaultTimeout = 20_000;
        await dc.start(port);
        dcs.push(dc);
        return { dc, events: new EventLog(dc) } as Session;
      };

      const s = await connect();
      const caps = (await s.dc.initializeRequest({ adapterID: 'nestdbg', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' })).body!;
      assert.equal(caps.supportsReadMemoryRequest, false, 'nothing below the guest is advertised');
      assert.equal(caps.supportsDisassembleRequest, false);
      assert.match(await refusal(s.dc.launchRequest({ program: APP, exposeHost: true } as DebugProtocol.LaunchRequestArguments)), /guest-only/);
      assert.match(await refusal(s.dc.launchRequest({ program: APP, mixedStack: true } as DebugProtocol.LaunchRequestArguments)), /guest-only/);
      await s.dc.launchRequest({ program: APP } as DebugProtocol.LaunchRequestArguments);
      await s.events.next('initialized');
      await s.dc.setBreakpointsRequest({ source: { path: GREET }, breakpoints: [{ line: 11 }] });
      await s.dc.configurationDoneRequest();
      await s.events.stopped();
      assert.deepEqual(hostFrames(await stack(s), await guestPaths(s)), []);
      assert.match(await refusal(s.dc.customRequest('nestdbg/mixedStack', { enabled: true })), /guest-only/);
      assert.match(await refusal(s.dc.customRequest('readMemory', { memoryReference: '0x1000', count: 8 })), /guest-only/);
      assert.equal(await evaluate(s, 'typeof process'), "'undefined'");
      await s.dc.terminateRequest({});
      await s.events.next('terminated');
    } finally {
      for (const dc of dcs) await Promise.race([dc.stop().catch(() => undefined), new Promise((r) => setTimeout(r, 2_000))]);
      server.kill();
    }
  });
});
