// The Lua producer's foundations: wasmoon's lua_Debug layout, valid lines from the bytecode dump,
// and that hooking changes no program's behaviour (plain vs hooked output, all samples).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AR, LUA, loadLua } from './engine.js';
import { activeLines } from './lines.js';

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

test('an uncaught error prints lua-style "lua: file:line: message" and a traceback, exit 1', () => {
  const program = fileURLToPath(new URL('./run-plain.js', import.meta.url));
  const dir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'nestdbg-lua-'));
  fs.writeFileSync(path.join(dir, 'boom.lua'), 'local function f()\n  error("boom")\nend\nf()\n');
  const r = spawnSync(process.execPath, [program, 'boom.lua'], { cwd: dir, encoding: 'utf8' });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^lua: boom\.lua:2: boom\nstack traceback:\n/);
});
