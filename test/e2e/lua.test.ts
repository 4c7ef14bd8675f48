// End-to-end over DAP: exception breakpoints in a .lua program (Lua 5.4, wasmoon) through the real
// adapter process. An error raised inside pcall is caught, one nobody catches is uncaught; the stop
// is at the raise with every frame, exceptionInfo gives the error's text (__tostring for an error
// object), conditions see the error as `error`, and a step from the stop follows the unwinding.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { REPO } from './dap-client.js';
import { launchUntilInitialized, scopes, stack, step, valueMap, vars, type Session, withSession, lineContaining } from './helpers.js';

const T = { timeout: 60_000 };
const TRYCATCH = path.join(REPO, 'samples', 'lua', 'trycatch.lua');

function program(text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nestdbg-lua-'));
  const file = path.join(dir, 'main.lua');
  fs.writeFileSync(file, text);
  return file;
}

/** Launches `file` with exception filters set before configurationDone; returns the capabilities the adapter has so far. */
async function launchWithFilters(s: Session, file: string, args: DebugProtocol.SetExceptionBreakpointsArguments): Promise<() => DebugProtocol.Capabilities> {
  let caps: DebugProtocol.Capabilities = {};
  s.dc.on('capabilities', (e: DebugProtocol.CapabilitiesEvent) => { caps = { ...caps, ...e.body.capabilities }; });
  caps = { ...(await launchUntilInitialized(s, { program: file })) };
  await s.dc.setExceptionBreakpointsRequest(args);
  await s.dc.configurationDoneRequest();
  return () => caps;
}

async function evaluate(s: Session, expression: string, frameId: number): Promise<string> {
  return (await s.dc.evaluateRequest({ expression, frameId, context: 'repl' })).body.result;
}

describe('Lua exception breakpoints over DAP', T, () => {
  it('caught: stops at the raise inside pcall with every frame; exceptionInfo; step over lands where pcall returns', T, async () => {
    await withSession(undefined, async (s) => {
      const caps = await launchWithFilters(s, TRYCATCH, { filters: ['caught'] });
      const stopped = await s.events.stopped();
      assert.equal(stopped.body.reason, 'exception');
      assert.equal(stopped.body.text, 'invalid value', "the error object's __tostring");
      assert.deepEqual(caps().exceptionBreakpointFilters?.map((f) => f.filter), ['caught', 'uncaught'], 'filters advertised for Lua');
      let frames = await stack(s);
      assert.deepEqual(frames.map((f) => [f.name, f.line]), [
        ['check', lineContaining(TRYCATCH, 'error(setmetatable')], ['validate', lineContaining(TRYCATCH, 'total + check(v)')],
        ['processAll', lineContaining(TRYCATCH, 'pcall(validate, values)')], ['run', lineContaining(TRYCATCH, 'pcall(processAll, values)')],
        ['<main>', lineContaining(TRYCATCH, 'print(run({ 1, -2, 3 }))')],
      ]);
      const info = (await s.dc.exceptionInfoRequest({ threadId: 1 })).body;
      assert.deepEqual([info.exceptionId, info.description, info.breakMode], ['table', 'invalid value', 'always']);
      assert.match(info.details?.stackTrace ?? '', /^ {4}at check \(.*trycatch\.lua:10\)\n {4}at validate \(/);
      assert.equal(await evaluate(s, 'value * 10', frames[0].id), '-20');
      const [local] = await scopes(s, frames[2].id);
      assert.equal(valueMap(await vars(s, local.variablesReference)).status, '"started"', "processAll's locals are still there");

      // Step over: the error unwinds to processAll's pcall (SPEC §6.5), the next line there.
      assert.equal((await step(s, 'next'))?.body.reason, 'step');
      frames = await stack(s);
      assert.deepEqual([frames[0].name, frames[0].line], ['processAll', lineContaining(TRYCATCH, 'if ok then status')]);
      assert.equal(await evaluate(s, 'tostring(result)', frames[0].id), '"invalid value"');

      // processAll re-raises it (a new exception), then the builtin error in the last pcall.
      await s.dc.continueRequest({ threadId: 1 });
      assert.equal((await s.events.stopped()).body.text, 'invalid value');
      assert.equal((await stack(s))[0].line, lineContaining(TRYCATCH, 'error(result, 0)'));
      await s.dc.continueRequest({ threadId: 1 });
      const builtin = await s.events.stopped();
      assert.match(builtin.body.text ?? '', /trycatch\.lua:45: attempt to concatenate a nil value/);
      assert.equal((await s.dc.exceptionInfoRequest({ threadId: 1 })).body.exceptionId, 'error');
      await s.dc.continueRequest({ threadId: 1 });
      await s.events.next('terminated');
      assert.match(s.events.text('stdout'), /caught invalid value \(value\)\nbuiltin error: string\n$/);
    });
  });

  it('uncaught: stops before the program ends (caught errors pass), with a condition on `error`; evaluate errors show the same text', T, async () => {
    const file = program([
      'Err = { __tostring = function(e) return "E" .. e.code end }',
      'local function fail(code)',
      '  error(setmetatable({ code = code }, Err))',
      'end',
      'for i = 1, 3 do pcall(fail, i) end',
      'local co = coroutine.create(function() fail(7) end)',
      'print(coroutine.resume(co) == false)',
      'fail(4)',
    ].join('\n') + '\n');
    await withSession(undefined, async (s) => {
      await launchWithFilters(s, file, { filters: [], filterOptions: [{ filterId: 'uncaught', condition: 'error.code == 4' }] });
      const stopped = await s.events.stopped();
      assert.deepEqual([stopped.body.reason, stopped.body.text], ['exception', 'E4']);
      const frames = await stack(s);
      assert.deepEqual(frames.map((f) => [f.name, f.line]), [['fail', 3], ['<main>', 8]]);
      const info = (await s.dc.exceptionInfoRequest({ threadId: 1 })).body;
      assert.deepEqual([info.description, info.breakMode], ['E4', 'unhandled']);
      assert.equal(await evaluate(s, 'code', frames[0].id), '4');
      // An evaluation that raises an error object is an error response with its __tostring text.
      await assert.rejects(s.dc.evaluateRequest({ expression: 'error(setmetatable({ code = 5 }, Err))', frameId: frames[0].id, context: 'repl' }), /^Error: E5$/);
      await assert.rejects(s.dc.evaluateRequest({ expression: 'nil .. 1', frameId: frames[0].id, context: 'repl' }), /attempt to concatenate a nil value/);
      await s.dc.continueRequest({ threadId: 1 });
      const exited = await s.events.next<DebugProtocol.ExitedEvent>('exited');
      assert.equal(exited.body.exitCode, 1);
      assert.match(s.events.text('stdout'), /^true\n$/);
    });
  });

  it('without a filter for it, an error never stops: no filters, or only caught for an uncaught error (SPEC §6.2)', T, async () => {
    const file = program([
      'local function fail()',
      '  error("nobody catches this")',
      'end',
      'print("before")',
      'fail()',
    ].join('\n') + '\n');
    for (const filters of [[], ['caught']]) {
      await withSession(undefined, async (s) => {
        await launchWithFilters(s, file, { filters });
        const ended = await s.events.next(['stopped', 'exited']);
        assert.equal(ended.event, 'exited', `filters ${JSON.stringify(filters)}: ended without stopping`);
        assert.equal((ended as DebugProtocol.ExitedEvent).body.exitCode, 1);
        await s.events.next('terminated');
        assert.equal(s.events.text('stdout'), 'before\n');
        assert.match(s.events.text('stderr'), /main\.lua:2: nobody catches this/);
      });
    }
  });

  it('caught: an error that kills a coroutine stops in its frames when resume returns it', T, async () => {
    const file = program([
      'local function inner(n)',
      '  local doubled = n * 2',
      '  error("bad " .. doubled)',
      'end',
      'local co = coroutine.create(function(n) coroutine.yield(n) inner(n) end)',
      'print(coroutine.resume(co, 21))',
      'print(coroutine.resume(co))',
    ].join('\n') + '\n');
    await withSession(undefined, async (s) => {
      await launchWithFilters(s, file, { filters: ['caught'] });
      const stopped = await s.events.stopped();
      assert.match(stopped.body.text ?? '', /main\.lua:3: bad 42$/);
      const frames = await stack(s);
      assert.deepEqual(frames.map((f) => [f.name, f.line]), [['inner', 3], ['<anonymous>', 5], ['<main>', 7]]);
      assert.equal(await evaluate(s, 'doubled', frames[0].id), '42');
      await s.dc.continueRequest({ threadId: 1 });
      await s.events.next('terminated');
      assert.match(s.events.text('stdout'), /^true\t21\nfalse\t.*main\.lua:3: bad 42\n$/);
    });
  });
});
