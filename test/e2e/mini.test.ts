// End-to-end over DAP: a program of the C interpreter (interpreters/mini) debugged through the real
// adapter process with Microsoft's DebugClient: breakpoint, stepping, locals, evaluate, set variable,
// pause in an infinite loop, and bad programs that end with a clear error while the adapter stays up.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { ABI_VERSION } from '../../abi/index.js';
import { MINI_WASM } from '../../adapters/mini/producer.js';
import { REPO } from './dap-client.js';
import { launchUntilInitialized, launch, scopes, stack, step, valueMap, vars, type Session, withSession, lineContaining } from './helpers.js';

const T = { timeout: 60_000 };
const FIB = path.join(REPO, 'samples', 'mini', 'fib.mini');

function program(name: string, text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nestdbg-mini-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

async function locals(s: Session, frameId: number): Promise<Record<string, string>> {
  const [local] = await scopes(s, frameId);
  return local.variablesReference ? valueMap(await vars(s, local.variablesReference)) : {};
}

describe('mini over DAP', T, () => {
  it('breakpoint, step over / in / out, locals, evaluate, set variable', T, async () => {
    await withSession(undefined, async (s) => {
      const bp = lineContaining(FIB, 'if n < 2');
      // The response may come before the debuggee has loaded the script (then the breakpoint is
      // pending and binds at load): the stop below is what shows it bound.
      const body = await launch(s, { program: FIB, breakpoints: [bp] });
      assert.deepEqual(body?.breakpoints.map((b) => b.line), [bp]);

      const first = await s.events.stopped();
      assert.equal(first.body.reason, 'breakpoint');
      let frames = await stack(s);
      assert.deepEqual(frames.map((f) => [f.name, f.line]), [['fib', bp], ['printFib', lineContaining(FIB, 'let value = fib(n)')], ['<main>', lineContaining(FIB, 'let small = printFib(5)')]]);
      assert.deepEqual(await locals(s, frames[0].id), { n: '5' });
      assert.deepEqual(await locals(s, frames[1].id), { n: '5' }, 'printFib: value is not assigned yet');

      // Breakpoints off, so the steps below are what they say.
      await s.dc.setBreakpointsRequest({ source: { path: FIB }, breakpoints: [] });
      assert.equal((await step(s, 'next'))?.body.reason, 'step');
      assert.equal((await stack(s))[0].line, lineContaining(FIB, 'let a = fib(n - 1)'));

      await step(s, 'stepIn');
      frames = await stack(s);
      assert.deepEqual([frames[0].name, frames[0].line, frames.length], ['fib', bp, 4]);
      assert.deepEqual(await locals(s, frames[0].id), { n: '4' });

      await step(s, 'stepOut');
      frames = await stack(s);
      assert.deepEqual([frames[0].name, frames[0].line, frames.length], ['fib', lineContaining(FIB, 'let b = fib(n - 2)'), 3]);
      assert.deepEqual(await locals(s, frames[0].id), { n: '5', a: '3' });

      const evaluate = async (expression: string, frameId = frames[0].id) =>
        (await s!.dc.evaluateRequest({ expression, frameId, context: 'repl' })).body.result;
      assert.equal(await evaluate('n * 10 + a'), '53');
      assert.equal(await evaluate('fib(10)'), '55');
      assert.equal(await evaluate('"n is " + n'), '"n is 5"');
      await assert.rejects(s.dc.evaluateRequest({ expression: 'nosuch + 1', frameId: frames[0].id, context: 'repl' }), /undefined variable 'nosuch'/);
      await assert.rejects(s.dc.evaluateRequest({ expression: 'n +', frameId: frames[0].id, context: 'repl' }), /expected an expression/);

      // a = 100 makes fib(5) return 100 + fib(3) = 102, so printFib prints 102.
      const [local] = await scopes(s, frames[0].id);
      const set = await s.dc.setVariableRequest({ variablesReference: local.variablesReference, name: 'a', value: '100' });
      assert.equal(set.body.value, '100');
      await s.dc.continueRequest({ threadId: 1 });
      await s.events.next('terminated');
      assert.match(s.events.text('stdout'), /^fib\(5\) = 102\nfib\(10\) = 55\n/);
    });
  });

  it('pause stops an infinite loop; the loop variable can be read', T, async () => {
    await withSession(undefined, async (s) => {
      const file = program('loop.mini', 'let i = 0;\nwhile true {\n  i = i + 1;\n}\n');
      await launch(s, { program: file });
      await new Promise((r) => setTimeout(r, 300));
      await s.dc.pauseRequest({ threadId: 1 });
      const stop = await s.events.stopped();
      assert.equal(stop.body.reason, 'pause');
      const [top] = await stack(s);
      assert.ok([2, 3].includes(top.line), `paused on line ${top.line}`);
      const i = Number((await s.dc.evaluateRequest({ expression: 'i', frameId: top.id, context: 'watch' })).body.result);
      assert.ok(i > 0, `i = ${i}`);
    });
  });

  it('exception breakpoints: caught at the throw with every frame, uncaught before the end, exceptionInfo', T, async () => {
    await withSession(undefined, async (s) => {
      const file = path.join(REPO, 'samples', 'mini', 'trycatch.mini');
      const capabilities = await launchUntilInitialized(s, { program: file });
      // mini declares exception-breakpoints, so the adapter offers the two filters for .mini files too.
      assert.deepEqual(capabilities.exceptionBreakpointFilters?.map((f) => f.filter), ['caught', 'uncaught']);
      await s.dc.setExceptionBreakpointsRequest({ filters: [], filterOptions: [{ filterId: 'caught', condition: 'error == "invalid value"' }] });
      await s.dc.configurationDoneRequest();

      const stop = await s.events.stopped();
      assert.equal(stop.body.reason, 'exception');
      const frames = await stack(s);
      assert.deepEqual(frames.map((f) => [f.name, f.line]).slice(0, 3),
        [['check', lineContaining(file, 'throw "invalid value"')], ['validate', lineContaining(file, 'check(values[i])')], ['processAll', lineContaining(file, 'result = validate(values)')]]);
      assert.deepEqual(await locals(s, frames[0].id), { value: '-2' });
      const info = (await s.dc.exceptionInfoRequest({ threadId: 1 })).body;
      assert.deepEqual([info.exceptionId, info.description, info.breakMode], ['string', 'invalid value', 'always']);
      assert.match(info.details?.stackTrace ?? '', /at check \(.*trycatch\.mini:6\)/);

      // Uncaught only now: the runtime error below is caught by the program, so nothing else stops.
      await s.dc.setExceptionBreakpointsRequest({ filters: ['uncaught'] });
      await s.dc.continueRequest({ threadId: 1 });
      await s.events.next('terminated');
      assert.match(s.events.text('stdout'), /caught invalid value\nbuiltin error: index out of range\n$/);
    });
  });

  it('an uncaught runtime error stops before the program ends when asked; stepping on lets it end', T, async () => {
    await withSession(undefined, async (s) => {
      const file = program('uncaught.mini', 'fn f(xs) {\n  let n = len(xs);\n  return xs[n];\n}\nprint(f([1, 2]));\n');
      await launchUntilInitialized(s, { program: file });
      await s.dc.setExceptionBreakpointsRequest({ filters: ['uncaught'] });
      await s.dc.configurationDoneRequest();
      const stop = await s.events.stopped();
      assert.deepEqual([stop.body.reason, stop.body.text], ['exception', 'index out of range']);
      const frames = await stack(s);
      assert.deepEqual(frames.map((f) => [f.name, f.line]), [['f', 3], ['<main>', 5]]);
      assert.equal((await s.dc.evaluateRequest({ expression: 'n * 10', frameId: frames[0].id, context: 'repl' })).body.result, '20');
      assert.equal((await s.dc.exceptionInfoRequest({ threadId: 1 })).body.breakMode, 'unhandled');
      await s.dc.nextRequest({ threadId: 1 });
      await s.events.next('terminated');
      assert.match(s.events.text('stderr'), /uncaught\.mini:3: index out of range/);
    });
  });

  for (const [what, text, message] of [
    ['a syntax error', 'let x = 1;\nlet y = (x + ;\n', /loop\.mini:2: syntax error: expected an expression near ';'/],
    ['a runtime error', 'fn f(x) {\n  return x + nope;\n}\nprint(f(1));\n', /loop\.mini:2: undefined variable 'nope'/],
  ] as const) {
    it(`${what} ends the program with a clear message; the adapter stays up`, T, async () => {
      await withSession(undefined, async (s) => {
        await launch(s, { program: program('loop.mini', text) });
        await s.events.next('terminated');
        assert.match(s.events.text('stderr'), message);
        // Still answering requests.
        assert.ok((await s.dc.threadsRequest()).success);
      });
    });
  }
});

describe('mini: the ABI version (SPEC §1.2)', T, () => {
  const [major, minor, patch] = ABI_VERSION.split('.').map(Number);
  const version = (mj: number, mn: number, p: number) => `${mj}.${mn}.${p}`;

  /** mini.wasm with every ABI name it imports and exports moved to `to` (the same length: the names' sizes stay right). */
  function buildFor(to: string): string {
    const built = fs.readFileSync(MINI_WASM);
    const moved = Buffer.from(built.toString('latin1')
      .replaceAll(`debug-hook/host@${ABI_VERSION}`, `debug-hook/host@${to}`)
      .replaceAll(`debug-hook/producer@${ABI_VERSION}`, `debug-hook/producer@${to}`), 'latin1');
    assert.equal(moved.length, built.length, `${to} must be as long as ${ABI_VERSION}`);
    const wasm = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nestdbg-mini-wasm-')), `mini-${to}.wasm`);
    fs.writeFileSync(wasm, moved);
    return wasm;
  }

  // Another patch of this minor version: older (0.4.0, the version before patches were made
  // compatible) and newer. The host binds each under the names it declares.
  const compatible = [...new Set([version(major, minor, 0), version(major, minor, Math.max(0, patch - 1)), version(major, minor, patch + 1)])]
    .filter((v) => v !== ABI_VERSION);
  for (const other of compatible) {
    it(`a build for ${other} (this host: ${ABI_VERSION}) debugs: breakpoint, step, locals`, T, async () => {
      const wasm = buildFor(other);
      await withSession(undefined, async (s) => {
        const bp = lineContaining(FIB, 'if n < 2');
        await launch(s, { program: FIB, breakpoints: [bp], extra: { env: { NESTDBG_MINI_WASM: wasm } } });
        assert.equal((await s.events.stopped()).body.reason, 'breakpoint');
        const frames = await stack(s);
        assert.deepEqual(frames.map((f) => f.name), ['fib', 'printFib', '<main>']);
        assert.deepEqual(await locals(s, frames[0].id), { n: '5' });
        assert.equal((await step(s, 'next'))?.body.reason, 'step');
        assert.equal((await stack(s))[0].line, lineContaining(FIB, 'let a = fib(n - 1)'));
      });
    });
  }

  // 0.3.0's frame-info had no native-frame: a host reading 0.4 records from a 0.3.0 build would
  // read past each record. A newer minor may change any shape. Both are refused, and the DAP client
  // is told why: both versions, and what this host accepts.
  const incompatible = [version(major, minor - 1, 0), version(major, minor - 1, 9), version(major, minor + 1, 0)];
  for (const other of incompatible) {
    it(`a build for ${other} is refused with both versions and the accepted range named; the adapter stays up`, T, async () => {
      const wasm = buildFor(other);
      await withSession(undefined, async (s) => {
        await launch(s, { program: FIB, breakpoints: [lineContaining(FIB, 'if n < 2')], extra: { env: { NESTDBG_MINI_WASM: wasm } } });
        await s.events.next('terminated');
        assert.equal(s.events.of('stopped').length, 0);
        const stderr = s.events.text('stderr');
        assert.ok(stderr.includes(`${wasm} implements nestdbg:debug-hook@${other}; this host implements nestdbg:debug-hook@${ABI_VERSION}` +
          ` and accepts producers of ${major}.${minor}.x`), stderr);
        assert.equal(s.events.of<DebugProtocol.ExitedEvent>('exited')[0]?.body.exitCode, 1);
        assert.ok((await s.dc.threadsRequest()).success);
      });
    });
  }

  it('a build for this version, named by NESTDBG_MINI_WASM, debugs', T, async () => {
    const wasm = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nestdbg-mini-wasm-')), 'mini-copy.wasm');
    fs.copyFileSync(MINI_WASM, wasm);
    await withSession(undefined, async (s) => {
      const bp = lineContaining(FIB, 'if n < 2');
      await launch(s, { program: FIB, breakpoints: [bp], extra: { env: { NESTDBG_MINI_WASM: wasm } } });
      assert.equal((await s.events.stopped()).body.reason, 'breakpoint');
      assert.deepEqual((await stack(s)).map((f) => f.name), ['fib', 'printFib', '<main>']);
    });
  });
});
