// Feasibility probe (#5, session 8) for adapters/quickjs/debug/function-swap.ts: arm a function by
// pointing its JSObject at the bytecode and closure slots of an instrumented sibling, in Wasm memory,
// so the plain function carries no flag test at all. A bare pointer swap (no reference counts: no GC
// runs in between); checks that the swapped function runs the sibling's code and the restored one
// its own. CPU time, fib(24)x3, min of N (`node bench/probes/function-swap.mjs 5`); quickjs / ng.
import { newQuickJSWASMModuleFromVariant } from 'quickjs-emscripten-core';
import qjs from '@jitl/quickjs-wasmfile-release-sync';
import ng from '@jitl/quickjs-ng-wasmfile-release-sync';
import { FrameMemory } from '../../dist/adapters/quickjs/debug/frame-memory.js';
import { contextPointers } from '../../dist/adapters/quickjs/debug/frame-layout.js';

const stub = `var $__nd_f1=0,$__nd_k1=0,$__nd_d=1,$__nd_calls=0; function $__nd_c(s,b){$__nd_calls++;return b} function $__nd_e(){}`;
const P = `if (n < 2) return n; return fib(n - 1) + fib(n - 2);`;
const body = `;if($__nd_k1)($__nd_b=$__nd_c(0,$__nd_b)); if (n < 2) { ;if($__nd_k1)($__nd_b=$__nd_c(1,$__nd_b)); return n; } ;if($__nd_k1)($__nd_b=$__nd_c(2,$__nd_b)); return fib(n - 1) + fib(n - 2);`;
const I = `var $__nd_b=$__nd_k1&&++$__nd_d;try{${body}}catch($__nd_x){$__nd_e(2,$__nd_x,3,$__nd_b);throw $__nd_x}`;
const variants = {
  plain: { src: `function fib(n){ ${P} }` },
  todayIdle: { src: `function fib(n){if($__nd_f1){${I}} ${P} }` },
  todayArmed: { src: `function fib(n){if($__nd_f1){${I}} ${P} }`, pre: '$__nd_f1=1' },
  swapIdle: { src: `function fib(n){ ${P} } function $__nd_i1(n){${I}}` },
  swapArmed: { src: `function fib(n){ ${P} } function $__nd_i1(n){${I}}`, swap: true },
};
const N = Number(process.argv[2] ?? 7);
for (const [label, v] of [['quickjs', qjs], ['ng', ng]]) {
  const QJS = await newQuickJSWASMModuleFromVariant(v);
  const res = {};
  for (let round = 0; round < N; round++) for (const [name, { src, pre, swap }] of Object.entries(variants)) {
    const ctx = QJS.newContext();
    const fm = FrameMemory.open(ctx);
    if ('unavailable' in fm) throw new Error(fm.unavailable);
    const L = fm.layout;
    const { heap } = contextPointers(ctx);
    ctx.evalCode(stub).dispose();
    ctx.evalCode(src).dispose();
    if (pre) ctx.evalCode(pre).dispose();
    let restore = () => {};
    if (swap) {
      const objOf = (h) => heap.u32(h.value);
      const f = ctx.getProp(ctx.global, 'fib'), i = ctx.getProp(ctx.global, '$__nd_i1');
      const fo = objOf(f), io = objOf(i);
      const slot = fo + L.objFuncBytecode;
      const saved = [heap.u32(slot), heap.u32(slot + 4)];
      const u32 = new Uint32Array(heap.module?.HEAPU8?.buffer ?? ctx.module.HEAPU8.buffer);
      u32[slot >> 2] = heap.u32(io + L.objFuncBytecode);
      u32[(slot + 4) >> 2] = heap.u32(io + L.objFuncBytecode + 4);
      restore = () => { u32[slot >> 2] = saved[0]; u32[(slot + 4) >> 2] = saved[1]; };
      f.dispose(); i.dispose();
    }
    const t0 = process.cpuUsage();
    const r = ctx.evalCode(`let t=0; for(let i=0;i<3;i++) t+=fib(24); [t, $__nd_calls].join()`);
    const u = process.cpuUsage(t0);
    const out = r.error ? 'ERR ' + JSON.stringify(ctx.dump(r.error)) : ctx.dump(r.value);
    (r.error ?? r.value).dispose();
    if (round === 0) {
      if (swap) { // checks on: the swapped fib must call the check
        ctx.evalCode('$__nd_k1=1; $__nd_calls=0').dispose();
        const c = ctx.evalCode('fib(10); $__nd_calls'); console.log(label, name, 'result', out, 'checks with k1=1:', ctx.dump(c.value)); c.value?.dispose();
        ctx.evalCode('$__nd_k1=0').dispose();
      } else console.log(label, name, 'result', out);
    }
    restore();
    if (swap && round === 0) { const c = ctx.evalCode('$__nd_k1=1; $__nd_calls=0; fib(10); $__nd_calls'); console.log(label, 'after restore, checks:', ctx.dump(c.value)); c.value?.dispose(); }
    ctx.dispose();
    (res[name] ??= []).push((u.user + u.system) / 1000);
  }
  const min = (a) => Math.min(...a);
  const base = min(res.plain);
  console.log(label, Object.entries(res).map(([k, a]) => `${k} ${(min(a) / base).toFixed(3)}`).join('  '));
}
