// The Lua producer's foundations: wasmoon's lua_Debug layout, valid lines from the bytecode dump,
// and that hooking changes no program's behaviour (plain vs hooked output, all samples).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AR, LUA, LUA_STATE, loadLua } from './engine.js';
import { callerOf, protoInfo, protoOf } from './call-info.js';
import { activeLines, chunkLines, functionKey } from './lines.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SAMPLES = path.join(ROOT, 'samples/lua');

test('lua_Debug offsets on wasm32 match what lua_getinfo writes', async () => {
  const lua = await loadLua();
  const L = lua.newstate();
  lua.openlibs(L);
  const src = 'local x = 1\nlocal function f()\n  return debug.getinfo(1, "Sl")\nend\nreturn f()';
  const buf = lua.M.stringToNewUTF8(src);
  assert.equal(lua.loadbuffer(L, buf, lua.M.lengthBytesUTF8(src), lua.cs('@probe.lua'), 0), LUA.OK);
  const ar = lua.M._malloc(AR.size);
  let seen: { line: number; source: string; short: string; linedefined: number } | undefined;
  const hook = lua.M.addFunction((L1: number, a: number) => {
    const line = lua.M.HEAP32[(a + AR.currentline) >> 2];
    if (line !== 3) return;
    lua.getinfo(L1, lua.cs('Sl'), a);
    seen = { line, source: lua.str(lua.M.HEAP32[(a + AR.source) >> 2]), short: lua.str(a + AR.short_src), linedefined: lua.M.HEAP32[(a + AR.linedefined) >> 2] };
  }, 'vii');
  lua.sethook(L, hook, LUA.MASKLINE, 0);
  assert.equal(lua.pcall(L, 0, 1, 0), LUA.OK);
  lua.sethook(L, 0, 0, 0);
  assert.deepEqual(seen, { line: 3, source: '@probe.lua', short: 'probe.lua', linedefined: 2 });
  lua.M._free(ar);
});

test("lua_State's count fields on wasm32: the period lua_gethookcount reports, and the instructions left", async () => {
  const lua = await loadLua();
  const L = lua.newstate();
  const at = (field: number) => lua.M.HEAP32[(L + field) >> 2];
  const lefts: number[] = [];
  const hook = lua.M.addFunction(() => void lefts.push(at(LUA_STATE.hookcount)), 'vii');
  lua.sethook(L, hook, LUA.MASKCOUNT, 12345);
  assert.equal(lua.M._lua_gethookcount(L as never) as unknown as number, 12345);
  assert.deepEqual([at(LUA_STATE.basehookcount), at(LUA_STATE.hookcount)], [12345, 12345]);
  // Writing the count left moves the next count event: 3 instructions, then every 12345.
  lua.M.HEAP32[(L + LUA_STATE.hookcount) >> 2] = 3;
  const src = 'local s = 0\nfor i = 1, 10 do s = s + i end\nreturn s';
  const buf = lua.M.stringToNewUTF8(src);
  assert.equal(lua.loadbuffer(L, buf, lua.M.lengthBytesUTF8(src), lua.cs('@count.lua'), 0), LUA.OK);
  assert.equal(lua.pcall(L, 0, 1, 0), LUA.OK);
  assert.deepEqual(lefts, [12345], 'one event, after which Lua restarted the count at the period');
  assert.ok(at(LUA_STATE.hookcount) < 12345 && at(LUA_STATE.hookcount) > 12345 - 100, String(at(LUA_STATE.hookcount)));
  lua.sethook(L, 0, 0, 0);
});

test('call-info reads what lua_getinfo("S") and lua_getstack say of every frame a call hook sees', async () => {
  const lua = await loadLua();
  const L = lua.newstate();
  lua.openlibs(L);
  const src = [
    'local function f(a)', '  return a + 1', 'end', 'local g = function(...) return select("#", ...) end',
    'local function tail(n) if n > 0 then return tail(n - 1) end return 0 end',
    'table.sort({ 3, 1, 2 }, function(a, b) return f(a) < f(b) end)',
    'return tail(2), pcall(f, 1), g(1, 2), coroutine.wrap(function() return f(1) end)()',
  ].join('\n');
  const buf = lua.M.stringToNewUTF8(src);
  assert.equal(lua.loadbuffer(L, buf, lua.M.lengthBytesUTF8(src), lua.cs('@probe.lua'), 0), LUA.OK);
  const ar = lua.M._malloc(AR.size);
  const heap = () => lua.M.HEAP32;
  const seen = { lua: 0, c: 0, callers: 0 };
  const mismatches: unknown[] = [];
  const hook = lua.M.addFunction((L1: number, a: number) => {
    const ci = heap()[(a + AR.i_ci) >> 2];
    if (lua.getstack(L1, 1, ar) && heap()[(ar + AR.i_ci) >> 2] !== callerOf(lua.M, ci)) mismatches.push('caller');
    else seen.callers++;
    lua.getinfo(L1, lua.cs('S'), a);
    const what = lua.str(heap()[(a + AR.what) >> 2]);
    const proto = protoOf(lua.M, ci);
    if (!proto) {
      seen.c++;
      if (what !== 'C') mismatches.push(['C?', what]);
      return;
    }
    seen.lua++;
    const expected = { source: heap()[(a + AR.source) >> 2], linedefined: heap()[(a + AR.linedefined) >> 2], lastlinedefined: heap()[(a + AR.lastlinedefined) >> 2] };
    if (JSON.stringify(protoInfo(lua.M, proto)) !== JSON.stringify(expected)) mismatches.push([protoInfo(lua.M, proto), expected]);
  }, 'vii');
  lua.sethook(L, hook, LUA.MASKCALL | LUA.MASKRET, 0);
  assert.equal(lua.pcall(L, 0, 0, 0), LUA.OK);
  lua.sethook(L, 0, 0, 0);
  assert.deepEqual(mismatches, []);
  assert.ok(seen.lua > 10 && seen.c > 5 && seen.callers > 20, JSON.stringify(seen));
  lua.M._free(ar);
});

test('valid lines per function: each function\'s own lines, keyed as its Proto tells', async () => {
  const lua = await loadLua();
  const L = lua.newstate();
  const src = 'local x = 1\nlocal function f()\n  local y = 2\n  return y\nend\nprint(f())\n';
  const buf = lua.M.stringToNewUTF8(src);
  assert.equal(lua.loadbuffer(L, buf, lua.M.lengthBytesUTF8(src), lua.cs('@f.lua'), 0), LUA.OK);
  const { lines, byFunction } = chunkLines(lua, L);
  assert.deepEqual(lines, [1, 3, 4, 5, 6]);
  assert.deepEqual(byFunction.get(functionKey(0, 0)), [1, 5, 6]);
  assert.deepEqual(byFunction.get(functionKey(2, 5)), [3, 4, 5]);
});

test('valid lines: the dump reader agrees with activelines, and sees nested functions', async () => {
  const lua = await loadLua();
  const L = lua.newstate();
  const src = fs.readFileSync(path.join(SAMPLES, 'fib.lua'), 'utf8');
  const buf = lua.M.stringToNewUTF8(src);
  assert.equal(lua.loadbuffer(L, buf, lua.M.lengthBytesUTF8(src), lua.cs('@fib.lua'), 0), LUA.OK);
  const lines = activeLines(lua, L);
  // activelines of the main function (lua_getinfo ">L") must be a subset.
  const ar = lua.M._malloc(AR.size);
  lua.pushvalue(L, -1);
  lua.getinfo(L, lua.cs('>L'), ar);
  lua.pushnil(L);
  const main: number[] = [];
  while (lua.M._lua_next(L as never, -2 as never)) {
    main.push(Number(lua.tonumberx(L, -2, 0)));
    lua.pop(L, 1);
  }
  for (const l of main) assert.ok(lines.includes(l), `main line ${l}`);
  // Nested functions' lines too: the body of fib, the loop of fibLoop.
  const text = src.split('\n');
  const lineOf = (s: string) => text.findIndex((t) => t.includes(s)) + 1;
  for (const s of ['if n < 2', 'return n', 'fib(n - 1)', 'local next = prev + cur', 'return prev']) assert.ok(lines.includes(lineOf(s)), s);
  for (const s of ['-- Breakpoint here: watch', '-- fib.lua']) assert.ok(!lines.includes(lineOf(s)), s);
});

test('hooked runs print exactly what plain runs print (every sample)', () => {
  const cli = fileURLToPath(new URL('./debuggee.js', import.meta.url));
  const program = fileURLToPath(new URL('./run-plain.js', import.meta.url));
  for (const file of fs.readdirSync(SAMPLES).filter((f) => f.endsWith('.lua') && f !== 'loop.lua')) {
    const target = path.join('samples/lua', file);
    const hooked = spawnSync(process.execPath, [cli, target], { cwd: ROOT, encoding: 'utf8' });
    const plain = spawnSync(process.execPath, [program, target], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(hooked.status, 0, hooked.stderr);
    assert.equal(hooked.stdout, plain.stdout, file);
    assert.equal(hooked.stderr, plain.stderr, file);
  }
});

test("the guest's own debug hooks see what they would see without nestdbg", () => {
  const cli = fileURLToPath(new URL('./debuggee.js', import.meta.url));
  const program = fileURLToPath(new URL('./run-plain.js', import.meta.url));
  const target = 'test/e2e/fixtures/lua-guest-hooks.lua';
  const hooked = spawnSync(process.execPath, [cli, target], { cwd: ROOT, encoding: 'utf8' });
  const plain = spawnSync(process.execPath, [program, target], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(plain.status, 0, plain.stderr);
  assert.match(plain.stdout, /^before\tno hook\nhooked\tfunction crl 0\n/);
  assert.equal(hooked.stdout, plain.stdout);
  assert.equal(hooked.stderr, plain.stderr);
});

test('an uncaught error prints lua-style "lua: file:line: message" and a traceback, exit 1', () => {
  const program = fileURLToPath(new URL('./run-plain.js', import.meta.url));
  const dir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'nestdbg-lua-'));
  fs.writeFileSync(path.join(dir, 'boom.lua'), 'local function f()\n  error("boom")\nend\nf()\n');
  const r = spawnSync(process.execPath, [program, 'boom.lua'], { cwd: dir, encoding: 'utf8' });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^lua: boom\.lua:2: boom\nstack traceback:\n/);
});
