// Probe (run after `npx tsc -p .`): node bench/probes/lua-hook-masks.mjs
// CPU time of Lua programs under different lua_sethook masks (min of N runs, process.cpuUsage).
import fs from 'node:fs';
const { LuaSession } = await import(new URL('../../dist/adapters/lua/session.js', import.meta.url).href);
const { LUA } = await import(new URL('../../dist/adapters/lua/engine.js', import.meta.url).href);
const RUNS = Number(process.env.RUNS ?? 5);
const programs = ['fib', 'loop'].map((n) => [n, fs.readFileSync(new URL(`../programs/lua/${n}.lua`, import.meta.url), 'utf8')]);
const modes = {
  plain: null,
  count10k: { mask: LUA.MASKCOUNT, count: 10000 },
  call: { mask: LUA.MASKCALL, count: 0 },
  callcount: { mask: LUA.MASKCALL | LUA.MASKCOUNT, count: 10000 },
};
async function once(source, mode) {
  const session = await LuaSession.create(() => {});
  const lua = session.lua;
  let events = 0;
  if (mode) {
    const hook = lua.M.addFunction((L, ar) => { events++; }, 'vii');
    lua.sethook(session.L, hook, mode.mask, mode.count);
  }
  const err = session.compile(source, '@bench');
  if (err) throw new Error(err);
  const c0 = process.cpuUsage();
  const e = session.run();
  const c = process.cpuUsage(c0);
  if (e) throw new Error(e);
  return { ms: (c.user + c.system) / 1000, events };
}
for (const [name, source] of programs) {
  const res = {};
  for (let r = 0; r < RUNS; r++) for (const [m, mode] of Object.entries(modes)) {
    const x = await once(source, mode);
    res[m] = res[m] ? { ms: Math.min(res[m].ms, x.ms), events: x.events } : x;
  }
  const base = res.plain.ms;
  console.log(name, Object.entries(res).map(([m, x]) => `${m} ${x.ms.toFixed(0)}ms ${(x.ms / base).toFixed(2)}x (${x.events} hook calls)`).join(' | '));
}
