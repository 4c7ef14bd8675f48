// Probe (run after `npx tsc -p .`): node bench/probes/lua-hook-cost.mjs [runs]
// What a Lua hook costs by itself: loop.lua and fib.lua (bench/programs/lua) in CPU time (min of N),
// plain and under a line, call+return or call hook that does nothing, written in JavaScript (an
// emscripten addFunction wrapper) or in Wasm (a function of a module that imports Lua's memory).
// The difference is the price of calling into JavaScript; the rest is Lua's hook machinery.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
const { loadLua, LUA } = await import(new URL('../../dist/adapters/lua/engine.js', import.meta.url).href);
const RUNS = Number(process.argv[2] ?? 5);
const require = createRequire(import.meta.url);
const jco = path.resolve(path.dirname(require.resolve('@bytecodealliance/jco-transpile')), '..');
const wasmTools = await import(pathToFileURL(path.join(jco, 'vendor/wasm-tools.js')).href);
await wasmTools.$init;

const lua = await loadLua();
if (!lua.memory) throw new Error("engine.ts did not catch Lua's Memory");
const noop = new WebAssembly.Instance(new WebAssembly.Module(wasmTools.tools.parse(
  '(module (import "lua" "memory" (memory 0)) (func (export "hook") (param i32 i32)))')), { lua: { memory: lua.memory } });
const hooks = { js: lua.M.addFunction(() => {}, 'vii'), wasm: lua.M.addFunction(noop.exports.hook, 'vii') };
const masks = { line: LUA.MASKLINE, 'call+return': LUA.MASKCALL | LUA.MASKRET, call: LUA.MASKCALL };

function once(source, hook, mask) {
  const L = lua.newstate();
  lua.openlibs(L);
  const buf = lua.M.stringToNewUTF8(source);
  if (lua.loadbuffer(L, buf, lua.M.lengthBytesUTF8(source), lua.cs('@probe'), 0) !== LUA.OK) throw new Error(lua.tostr(L, -1));
  lua.M._free(buf);
  if (hook) lua.sethook(L, hook, mask, 0);
  const c0 = process.cpuUsage();
  const rc = lua.pcall(L, 0, 0, 0);
  const c = process.cpuUsage(c0);
  if (rc !== LUA.OK) throw new Error(lua.tostr(L, -1));
  lua.M._lua_close(L);
  return (c.user + c.system) / 1000;
}

const print = console.log;
console.log = () => {}; // the programs print their results
for (const name of ['loop', 'fib']) {
  const source = fs.readFileSync(new URL(`../programs/lua/${name}.lua`, import.meta.url), 'utf8').replace(/^print\(.*$/m, '');
  const best = { plain: Infinity };
  for (let r = 0; r < RUNS; r++) {
    best.plain = Math.min(best.plain, once(source, 0, 0));
    for (const [m, mask] of Object.entries(masks)) for (const [h, hook] of Object.entries(hooks)) {
      const key = `${m} ${h}`;
      best[key] = Math.min(best[key] ?? Infinity, once(source, hook, mask));
    }
  }
  print(`${name.padEnd(4)} plain ${best.plain.toFixed(0)} ms | ` +
    Object.entries(best).filter(([k]) => k !== 'plain').map(([k, v]) => `${k} ${(v / best.plain).toFixed(2)}x`).join(' | '));
}
