// Probe (run after `npx tsc -p .`): node bench/probes/lua-interrupt.mjs
// Can a worker arm a Lua count hook in a main thread stuck in `while true do end` (no hooks set)?
import { Worker, isMainThread } from 'node:worker_threads';
const { LuaSession } = await import(new URL('../../dist/adapters/lua/session.js', import.meta.url).href);
const { LUA } = await import(new URL('../../dist/adapters/lua/engine.js', import.meta.url).href);
const session = await LuaSession.create((c, t) => process.stdout.write(t));
const lua = session.lua;
let fired = 0;
const hook = lua.M.addFunction((L, ar) => {
  fired++;
  lua.sethook(session.L, 0, 0, 0);
  lua.push(L, 'paused by the count hook');
  lua.M._lua_error(L);
}, 'vii');
globalThis.armPause = () => { lua.sethook(session.L, hook, LUA.MASKCOUNT, 1); return 'armed'; };
const worker = new Worker(`
  const inspector = require('node:inspector');
  const s = new inspector.Session();
  s.connectToMainThread();
  setTimeout(() => {
    const t0 = Date.now();
    s.post('Runtime.evaluate', { expression: 'armPause()' }, (err, r) => {
      console.error('worker: evaluate answered', err?.message, JSON.stringify(r?.result), Date.now() - t0, 'ms');
    });
  }, 300);
`, { eval: true });
const err = session.compile('local n = 0\nwhile true do n = n + 1 end', '@spin');
const c0 = Date.now();
const e = session.run();
console.log('run returned after', Date.now() - c0, 'ms:', e?.split('\n')[0], 'hook fired', fired);
await worker.terminate();
