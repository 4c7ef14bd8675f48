// Probe (run after `npx tsc -p .`): node bench/probes/lua-inspector-session.mjs
// CPU time of loop.lua and fib.lua with no hooks, with and without a worker's inspector session connected to the main thread.
import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
const { LuaSession } = await import(new URL('../../dist/adapters/lua/session.js', import.meta.url).href);
const programs = ['fib', 'loop'].map((n) => [n, fs.readFileSync(new URL(`../programs/lua/${n}.lua`, import.meta.url), 'utf8')]);
async function run(source) {
  const s = await LuaSession.create(() => {});
  s.compile(source, '@b');
  const c0 = process.cpuUsage(); s.run(); const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
}
async function mins(label) {
  for (const [n, src] of programs) {
    let m = Infinity; for (let i = 0; i < 5; i++) m = Math.min(m, await run(src));
    console.log(label, n, m.toFixed(0), 'ms');
  }
}
await mins('no session');
const w = new Worker(`const i=require('node:inspector');const s=new i.Session();s.connectToMainThread();s.post('Runtime.enable');require('node:worker_threads').parentPort.postMessage('up');setInterval(()=>{},1000);`, { eval: true });
await new Promise((r) => w.once('message', r));
await mins('session connected');
await w.terminate();
