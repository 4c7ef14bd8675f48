// The Wasm hook in front of the Lua producer's JavaScript hook (hook-filter.ts), on a real Lua
// state: which events it answers itself and which it forwards, read by counting the forwarded ones.
// And that the committed bytes are what hook-filter.wat assembles to.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { LUA, loadLua, type LuaApi, type LuaState } from './engine.js';
import { closureProto } from './call-info.js';
import { HookFilter } from './hook-filter.js';

const SOURCE_DIR = fileURLToPath(new URL('../../../adapters/lua/', import.meta.url));

const PROGRAM = [
  'local function leaf(n)', //                 1
  '  return n + 1', //                         2
  'end', //                                    3
  'local function loop(k)', //                 4
  '  local s = 0', //                          5
  '  for i = 1, k do', //                      6
  '    s = s + leaf(i)', //                    7
  '  end', //                                  8
  '  return s', //                             9
  'end', //                                   10
  'return leaf, loop', //                     11
].join('\n');

interface Rig {
  lua: LuaApi;
  L: LuaState;
  filter: HookFilter;
  /** Forwarded events by kind (LUA.HOOK*), with the line for line events. */
  forwarded: string[];
  leafProto: number;
  /** Calls loop(k) with the given hook mask set. */
  run(k: number, mask: number): void;
}

async function rig(): Promise<Rig> {
  const lua = await loadLua();
  assert.ok(lua.memory, "engine.ts caught the Lua instance's Memory, so the filter is in use");
  const L = lua.newstate();
  lua.openlibs(L);
  const buf = lua.M.stringToNewUTF8(PROGRAM);
  assert.equal(lua.loadbuffer(L, buf, lua.M.lengthBytesUTF8(PROGRAM), lua.cs('@filter.lua'), 0), LUA.OK);
  lua.M._free(buf);
  assert.equal(lua.pcall(L, 0, 2, 0), LUA.OK);
  const leafProto = closureProto(lua.M, lua.topointer(L, 1));
  const forwarded: string[] = [];
  const names = ['call', 'return', 'line', 'count', 'tailcall'];
  const filter = new HookFilter(lua, (_L, ar) => {
    const event = lua.M.HEAP32[ar >> 2];
    forwarded.push(event === LUA.HOOKLINE ? `line ${lua.M.HEAP32[(ar + 24) >> 2]}` : names[event]);
  });
  return {
    lua, L, filter, forwarded, leafProto,
    run(k, mask) {
      lua.pushvalue(L, 2);
      lua.pushinteger(L, BigInt(k));
      lua.sethook(L, filter.hook, mask, 0);
      assert.equal(lua.pcall(L, 1, 1, 0), LUA.OK);
      lua.sethook(L, 0, 0, 0);
      lua.pop(L, 1);
    },
  };
}

test('line events: only lines that hold a breakpoint reach JavaScript, for the thread it describes', async () => {
  const r = await rig();
  r.filter.setLines(new Set([9, 400]));
  r.filter.follow(r.L, true, true);
  r.run(3, LUA.MASKLINE);
  // leaf's line 2 and loop's 5-8 are answered in Wasm; 9 holds a breakpoint.
  assert.deepEqual(r.forwarded, ['line 9']);

  r.forwarded.length = 0;
  r.filter.forwardAll();
  r.run(1, LUA.MASKLINE);
  assert.deepEqual(r.forwarded, ['line 5', 'line 6', 'line 7', 'line 2', 'line 6', 'line 9']);
});

test('calls and returns: answered only between frames that need no lines', async () => {
  const r = await rig();
  r.filter.setLines(new Set());
  // The running frame (the test's C code, then loop) needs no lines, and leaf is not yet known
  // to need none: every call of it is forwarded; the return into loop (unknown too) as well.
  r.filter.follow(r.L, false, true);
  r.run(2, LUA.MASKCALL | LUA.MASKRET);
  assert.deepEqual(r.forwarded, ['call', 'call', 'return', 'call', 'return', 'return']);

  // leaf known plain: its calls are answered; returns into loop (not known) still go out.
  r.forwarded.length = 0;
  r.filter.notePlain(r.leafProto);
  r.run(2, LUA.MASKCALL | LUA.MASKRET);
  assert.deepEqual(r.forwarded, ['call', 'return', 'return', 'return']);

  // A frame that needs lines runs: every call and return goes to JavaScript, plain or not.
  r.forwarded.length = 0;
  r.filter.follow(r.L, true, true);
  r.run(1, LUA.MASKCALL | LUA.MASKRET);
  assert.deepEqual(r.forwarded, ['call', 'call', 'return', 'return']);

  // Forgotten (breakpoints changed): forwarded again.
  r.forwarded.length = 0;
  r.filter.clearPlain();
  r.filter.follow(r.L, false, true);
  r.run(1, LUA.MASKCALL);
  assert.deepEqual(r.forwarded, ['call', 'call']);
});

test('another thread than the one described: everything is forwarded', async () => {
  const r = await rig();
  r.filter.setLines(new Set());
  r.filter.notePlain(r.leafProto);
  r.filter.follow(r.L + 8, false, true);
  r.run(1, LUA.MASKCALL | LUA.MASKLINE);
  assert.ok(r.forwarded.includes('line 2') && r.forwarded.filter((e) => e === 'call').length === 2, r.forwarded.join());
  // A guest hook on the thread (exact: false) stops the filter describing it.
  r.forwarded.length = 0;
  r.filter.follow(r.L, false, true);
  r.filter.follow(r.L, false, false);
  r.run(1, LUA.MASKCALL);
  assert.deepEqual(r.forwarded, ['call', 'call']);
});

test('hook-filter-wasm.ts is what hook-filter.wat assembles to (npm run build:lua-hook)', async () => {
  const { assemble } = await import(pathToFileURL(SOURCE_DIR + 'build-hook-filter.mjs').href) as { assemble(): Promise<string> };
  assert.equal(fs.readFileSync(SOURCE_DIR + 'hook-filter-wasm.ts', 'utf8'), await assemble());
});
