// An app that time-slices two jobs, each in its own QuickJS context of one runtime: every round it
// calls one `tick(round)` of each job in turn, and prints what the tick returned. Launched under
// nestdbg (`"program": "samples/embed/scheduler.js"`), both jobs' scripts are debuggable, and
// pause stops whichever context is running at that moment.
//   node scheduler.js [rounds] [job that hangs]   e.g. `scheduler.js 3 primes`: in round 2 the
//   primes job loops until `hang` is set false (from the debugger), as a stuck plugin would.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { newQuickJSWASMModuleFromVariant } from 'quickjs-emscripten-core';
import { debuggable } from 'nestdbg/quickjs';

const variantName = process.env.SANDBOX_ENGINE === 'quickjs-ng' ? '@jitl/quickjs-ng-wasmfile-release-sync' : '@jitl/quickjs-wasmfile-release-sync';
const { default: variant } = await import(variantName);
const here = path.join(path.dirname(fileURLToPath(import.meta.url)), 'scheduler');
const [roundsArg = '3', hangs] = process.argv.slice(2);
const rounds = Number(roundsArg);

const QuickJS = debuggable(await newQuickJSWASMModuleFromVariant(variant));
const runtime = QuickJS.newRuntime();

function job(name) {
  const ctx = runtime.newContext();
  ctx.setProp(ctx.global, 'jobName', ctx.newString(name));
  const filename = path.join(here, `${name}.js`);
  ctx.unwrapResult(ctx.evalCode(fs.readFileSync(filename, 'utf8'), filename)).dispose();
  return { name, ctx, tick: ctx.getProp(ctx.global, 'tick') };
}

const jobs = [job('counter'), job('primes')];
for (let round = 1; round <= rounds; round++) {
  for (const { name, ctx, tick } of jobs) {
    const args = [ctx.newNumber(round), round === 2 && name === hangs ? ctx.true : ctx.false];
    const result = ctx.callFunction(tick, ctx.undefined, ...args);
    for (const a of args) a.dispose();
    console.log(`${name} ${round}: ${JSON.stringify(ctx.unwrapResult(result).consume((h) => ctx.dump(h)))}`);
  }
}
for (const { ctx, tick } of jobs) {
  tick.dispose();
  ctx.dispose();
}
runtime.dispose();
