// Idle fib in raw QuickJS with the instrumented copy in the same function: what its two locals
// ($__nd_b, the catch binding $__nd_x) cost, against a flag test alone. CPU time, min of N; quickjs / ng.
import { newQuickJSWASMModuleFromVariant } from 'quickjs-emscripten-core';
import qjs from '@jitl/quickjs-wasmfile-release-sync';
import ng from '@jitl/quickjs-ng-wasmfile-release-sync';
const stub = `let $__nd_f1=0,$__nd_k1=0,$__nd_d=1,$__nd_g; function $__nd_c(){} function $__nd_e(){}`;
const P = `if (n < 2) return n; return fib(n - 1) + fib(n - 2);`;
const body = (b) => `  ;if($__nd_k1)(${b}=$__nd_c(0,${b})); if (n < 2) {  ;if($__nd_k1)(${b}=$__nd_c(1,${b}));  return n; }  ;if($__nd_k1)(${b}=$__nd_c(2,${b}));  return fib(n - 1) + fib(n - 2); ;if($__nd_k1)(${b}=$__nd_c(3,${b})); `;
const variants = {
  plain: `function fib(n){ ${P} }`,
  check: `function fib(n){ if($__nd_f1){} ${P} }`,
  today: `function fib(n){if($__nd_f1){;var $__nd_b=$__nd_k1&&++$__nd_d;try{${body('$__nd_b')}}catch($__nd_x){$__nd_e(2,$__nd_x,3,$__nd_b);throw $__nd_x};return} ${P} }`,
  noX: `function fib(n){if($__nd_f1){;var $__nd_b=$__nd_k1&&++$__nd_d;try{${body('$__nd_b')}}catch{$__nd_e(2,0,3,$__nd_b);throw 0};return} ${P} }`,
  noB: `function fib(n){if($__nd_f1){;try{${body('$__nd_g')}}catch($__nd_x){$__nd_e(2,$__nd_x,3,$__nd_g);throw $__nd_x};return} ${P} }`,
  neither: `function fib(n){if($__nd_f1){;try{${body('$__nd_g')}}catch{$__nd_e(2,0,3,$__nd_g);throw 0};return} ${P} }`,
  xAsB: `function fib(n){if($__nd_f1){;var $__nd_b=$__nd_k1&&++$__nd_d;try{${body('$__nd_b')}}catch($__nd_b){$__nd_e(2,$__nd_b,3,0);throw $__nd_b};return} ${P} }`,
  bInCatchOnly: `function fib(n){if($__nd_f1){;try{${body('$__nd_g')}}catch($__nd_b){$__nd_e(2,$__nd_b,3,0);throw $__nd_b};return} ${P} }`,
};
const N = Number(process.argv[2] ?? 7);
for (const [label, v] of [['quickjs', qjs], ['ng', ng]]) {
  const QJS = await newQuickJSWASMModuleFromVariant(v);
  const res = {};
  for (let round = 0; round < N; round++) for (const [name, src] of Object.entries(variants)) {
    const ctx = QJS.newContext();
    ctx.evalCode(stub).dispose();
    const code = src + `\nlet t=0; for(let i=0;i<3;i++) t+=fib(24); t`;
    const t0 = process.cpuUsage();
    const r = ctx.evalCode(code);
    const u = process.cpuUsage(t0);
    if (r.error) { console.log(name, ctx.dump(r.error)); r.error.dispose(); } else r.value.dispose();
    ctx.dispose();
    (res[name] ??= []).push((u.user + u.system) / 1000);
  }
  const min = (a) => Math.min(...a);
  const base = min(res.plain);
  console.log(label, Object.entries(res).map(([k, a]) => `${k} ${(min(a) / base).toFixed(3)}`).join('  '));
}
