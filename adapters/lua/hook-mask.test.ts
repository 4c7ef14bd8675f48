// The hooks Lua really has (lua_gethookmask, read by a C function the program calls) while the
// Lua producer runs under a host that interrupts to poll (as nestdbg's agent does): none while
// nothing is armed; with a breakpoint armed, the call hook everywhere, the line hook only in the
// function that holds it, the return hook only while that function runs or waits below.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { NestedHost } from '../../abi/index.js';
import { LUA } from './engine.js';
import { LuaProducer } from './producer.js';
import { LuaSession } from './session.js';

const PROGRAM = [
  'local function callee()',
  "  mask('callee')",
  'end',
  'local function holder()',
  "  mask('holder')",
  '  callee()',
  "  mask('holder after callee')",
  '  return 1 -- breakpoint',
  'end',
  'local function other()',
  "  mask('other')",
  '  callee()',
  'end',
  "mask('main')",
  'other()',
  'holder()',
  "mask('main after holder')",
].join('\n');

const names = (mask: number) => [[LUA.MASKCALL, 'call'], [LUA.MASKRET, 'return'], [LUA.MASKLINE, 'line'], [LUA.MASKCOUNT, 'count']]
  .filter(([bit]) => mask & (bit as number)).map(([, name]) => name).join('+') || 'none';

async function masks(breakpointLine: number | undefined): Promise<{ seen: string[]; stops: number }> {
  const session = await LuaSession.create(() => {});
  const lua = session.lua;
  const seen: string[] = [];
  lua.pushcclosure(session.L, lua.M.addFunction((L1: number) => {
    seen.push(`${lua.tostr(L1, 1)}: ${names(lua.M._lua_gethookmask(L1 as never) as unknown as number)}`);
    return 0;
  }, 'ii'), 0);
  lua.setglobal(session.L, lua.cs('mask'));
  const producer = new LuaProducer(session);
  producer.install();
  let stops = 0;
  const host: NestedHost = {
    scriptLoaded(script) {
      if (breakpointLine) assert.equal(producer.setBreakpoints(script.id, [{ line: breakpointLine }])[0].line, breakpointLine);
    },
    stopped() {
      stops++;
      return { tag: 'run' };
    },
    output() {},
    pollPause: () => false,
  };
  producer.connect(host, { interrupts: true });
  const result = producer.runScript('masks.lua', PROGRAM, '@masks.lua');
  assert.deepEqual(result, { error: undefined });
  return { seen, stops };
}

test('nothing armed: no hook at all', async () => {
  const { seen } = await masks(undefined);
  assert.deepEqual(seen, ['main: none', 'other: none', 'callee: none', 'holder: none', 'callee: none', 'holder after callee: none', 'main after holder: none']);
});

test('a breakpoint armed: the line hook only in the function holding it, the return hook only while it runs or waits', async () => {
  const { seen, stops } = await masks(PROGRAM.split('\n').findIndex((l) => l.includes('-- breakpoint')) + 1);
  assert.equal(stops, 1);
  assert.deepEqual(seen, [
    'main: call', 'other: call', 'callee: call',
    'holder: call+return+line', 'callee: call+return', 'holder after callee: call+return+line',
    'main after holder: call',
  ]);
});
