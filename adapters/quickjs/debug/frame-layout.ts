// Finds, at run time, where QuickJS keeps its stack frames and function metadata in Wasm memory.
// Struct layouts differ between bellard QuickJS and QuickJS-ng and between their versions, so the
// offsets are not trusted from the C sources: a probe function with distinctive arguments, locals
// and closure variables calls a host function, and every offset is searched for and cross-checked
// against what the probe is known to hold. See frame-memory.md for the layouts found.
import type { QuickJSContext } from 'quickjs-emscripten-core';
import { TAG_OBJECT, TAG_UNINITIALIZED, WasmHeap } from './wasm-heap.js';

export interface FrameLayout {
  /** JSRuntime.current_stack_frame */
  rtCurrentFrame: number;
  /** JSRuntime.atom_array, and where a JSString's characters start */
  rtAtomArray: number;
  strChars: number;
  /** JSStackFrame: prev_frame, cur_func (JSValue), arg_buf, var_buf are fixed; cur_pc is searched */
  frameCurPc: number;
  /** Whether a host function (context.newFunction) gets a frame of its own (QuickJS-ng does). */
  hostFrame: boolean;
  /** JSObject u.func.function_bytecode; u.func.var_refs follows it. */
  objFuncBytecode: number;
  /** JSFunctionBytecode fields; closure_var_count is read as a u16 (an int in bellard, u16 in ng). */
  bcRealm: number;
  bcClosureVarCount: number;
  /** JSFunctionBytecode debug filename atom (the evalCode filename that Error().stack shows). */
  bcFilename: number;
  /** JSVarDef / JSBytecodeVarDef in the bytecode: size, flags byte, scope_level (-1: not kept) */
  varDefSize: number;
  varDefFlags: number;
  varDefScopeLevel: number;
  /** JSVarRef.pvalue */
  varRefPvalue: number;
  /** Whether closure variables include globals (bellard 2025: closure_type in the low 3 bits). */
  closureHasGlobals: boolean;
}

// JSFunctionBytecode offsets that are the same in every version looked at (bellard 2021-2025,
// QuickJS-ng 0.5-0.12): the calibration verifies them instead of searching.
export const BC = { gcType: 4, byteCodeBuf: 20, byteCodeLen: 24, funcName: 28, varDefs: 32, closureVar: 36, argCount: 40, varCount: 42 } as const;
export const FRAME = { prev: 0, curFunc: 8, argBuf: 16, varBuf: 20 } as const;
export const CLOSURE_VAR = { size: 8, flags: 0, varIdx: 2, name: 4 } as const;
export const GC_TYPE_FUNCTION_BYTECODE = 1;
// bellard 2025-09 JSClosureVar.closure_type (3 bits): LOCAL, ARG, REF, GLOBAL_REF, GLOBAL_DECL, GLOBAL, …
const CLOSURE_GLOBAL_REF = 3;
export const CLOSURE_GLOBAL_KINDS = [3, 4, 5];

const PROBE_NAME = '__nestdbg_frame_probe';
const PROBE_FILE = '<nestdbg-frame-probe>';
// Seven captured variables: a count unlike any line, column or length nearby in the bytecode.
const CAPTURED = ['cv1', 'cv2', 'cv3', 'cv4', 'cv5', 'cv6', 'probe'];
const PROBE_SOURCE = `(function (probe) {
  Object;
  let cv1 = 0x3c1, cv2 = 0x3c2, cv3 = 3, cv4 = 4, cv5 = 5, cv6 = 6;
  function ${PROBE_NAME}(a1, a2, a3) {
    let l1 = 0x7a11; const l2 = 0x7a22;
    { let l1 = 0x7a33; var v3 = 0x7a44; return probe(cv1 + cv2 + cv3 + cv4 + cv5 + cv6 + l1 + l2 + v3 + a1 + a2 + a3); }
    let tdz = 1;
  }
  return ${PROBE_NAME}(0x1a1, 0x1a2, 0x1a3);
})`;
const ARGS = [['a1', 0x1a1], ['a2', 0x1a2], ['a3', 0x1a3]] as const;
// The probe's locals in declaration order, with their values at the call (undefined: in the TDZ).
const LOCALS = [['l1', 0x7a11], ['l2', 0x7a22], ['l1', 0x7a33], ['v3', 0x7a44], ['tdz', undefined]] as const;

/** Reads an atom's string through a layout candidate; undefined when it does not look like one. */
export function atomName(heap: WasmHeap, rt: number, layout: Pick<FrameLayout, 'rtAtomArray' | 'strChars'>, atom: number): string | undefined {
  if (atom & 0x80000000) return String(atom & 0x7fffffff); // integer atom
  const array = heap.ptrAt(rt + layout.rtAtomArray);
  const str = heap.ptrAt(array + 4 * atom);
  if (!heap.isPtr(str, layout.strChars)) return undefined;
  const header = heap.u32(str + 4);
  const len = header & 0x7fffffff;
  const wide = header >>> 31 === 1;
  if (!heap.isPtr(str + layout.strChars, len * (wide ? 2 : 1), 1)) return undefined;
  return heap.text(str + layout.strChars, len, wide);
}

function findAtoms(heap: WasmHeap, rt: number): Pick<FrameLayout, 'rtAtomArray' | 'strChars'> | undefined {
  // Atoms 1..3 are "null", "false", "true" in both engines (the predefined atom table).
  for (let rtAtomArray = 0; rtAtomArray < 160; rtAtomArray += 4) {
    for (let strChars = 12; strChars <= 32; strChars += 4) {
      const l = { rtAtomArray, strChars };
      if (atomName(heap, rt, l, 1) === 'null' && atomName(heap, rt, l, 2) === 'false' && atomName(heap, rt, l, 3) === 'true') return l;
    }
  }
  return undefined;
}

function isProbeFrame(heap: WasmHeap, f: number): boolean {
  if (!heap.isPtr(f, 24, 8) || heap.i32(f + FRAME.curFunc + 4) !== TAG_OBJECT) return false;
  const args = heap.ptrAt(f + FRAME.argBuf);
  const vars = heap.ptrAt(f + FRAME.varBuf);
  return ARGS.every(([, n], i) => heap.isInt(args + 8 * i, n)) && heap.isInt(vars, 0x7a11);
}

const range = (from: number, to: number, step: number) => Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, i) => from + i * step);

/** Searches the offsets while `context` is stopped inside the probe's host call. */
function searchLayout(heap: WasmHeap, rt: number, ctxPtr: number): FrameLayout | string {
  const atoms = findAtoms(heap, rt);
  if (!atoms) return 'atom table not found';
  const name = (a: number) => atomName(heap, rt, atoms, a);

  let rtCurrentFrame = -1;
  let hostFrame = false;
  for (const off of range(0, 400, 4)) {
    const f = heap.ptrAt(rt + off);
    if (isProbeFrame(heap, f)) { rtCurrentFrame = off; break; }
    if (heap.isPtr(f, 16) && isProbeFrame(heap, heap.ptrAt(f + FRAME.prev))) { rtCurrentFrame = off; hostFrame = true; break; }
  }
  if (rtCurrentFrame < 0) return 'current_stack_frame not found';
  let frame = heap.u32(rt + rtCurrentFrame);
  if (hostFrame) frame = heap.u32(frame + FRAME.prev);

  const obj = heap.u32(frame + FRAME.curFunc);
  const objFuncBytecode = range(16, 48, 4).find((o) => {
    const b = heap.ptrAt(obj + o);
    return heap.isPtr(b, 64) && (heap.u8(b + BC.gcType) & 15) === GC_TYPE_FUNCTION_BYTECODE && name(heap.u32(b + BC.funcName)) === PROBE_NAME;
  });
  if (objFuncBytecode === undefined) return 'function_bytecode not found';
  const b = heap.u32(obj + objFuncBytecode);
  if (heap.u16(b + BC.argCount) !== ARGS.length || heap.u16(b + BC.varCount) < LOCALS.length) return 'arg_count/var_count mismatch';

  const buf = heap.u32(b + BC.byteCodeBuf);
  const len = heap.i32(b + BC.byteCodeLen);
  const frameCurPc = range(24, 44, 4).find((o) => { const pc = heap.u32(frame + o); return pc > buf && pc <= buf + len; });
  if (frameCurPc === undefined) return 'cur_pc not found';
  const bcRealm = range(44, 72, 4).find((o) => heap.u32(b + o) === ctxPtr);
  if (bcRealm === undefined) return 'realm not found';
  const bcFilename = range(44, 100, 4).find((o) => name(heap.u32(b + o)) === PROBE_FILE);
  if (bcFilename === undefined) return 'filename not found';

  // Var defs: the stride at which the names read a1 a2 a3 l1 l2 l1 v3 tdz.
  const vd = heap.u32(b + BC.varDefs);
  const names = [...ARGS.map(([n]) => n), ...LOCALS.map(([n]) => n)];
  const varDefSize = [12, 16, 20, 24].find((s) => names.every((n, i) => name(heap.u32(vd + s * i)) === n));
  if (varDefSize === undefined) return 'var def stride not found';
  const def = (i: number) => vd + varDefSize * (ARGS.length + i);
  // Flags byte: is_const (bit 0) only on l2, is_lexical (bit 1) on l1, l2, l1, tdz but not v3.
  const varDefFlags = range(4, varDefSize - 1, 1).find((o) =>
    LOCALS.every(([n], i) => (heap.u8(def(i) + o) & 3) === (n === 'l2' ? 3 : n === 'v3' ? 0 : 2)));
  if (varDefFlags === undefined) return 'var def flags not found';
  // scope_level (QuickJS-ng keeps it; bellard 2025 keeps only a has_scope bit): 0 for v3, the
  // inner l1 deeper than the outer one, which shares its level with l2.
  const varDefScopeLevel = range(4, varDefSize - 4, 4).find((o) => {
    const level = (i: number) => heap.i32(def(i) + o);
    return o !== varDefFlags - (varDefFlags % 4) && level(3) === 0 && level(0) > 0 && level(0) === level(1) && level(2) > level(0);
  }) ?? -1;

  // The values: args in arg_buf, locals in var_buf by index, the TDZ one uninitialized.
  const vars = heap.u32(frame + FRAME.varBuf);
  const valuesOk = LOCALS.every(([, v], i) => v === undefined ? heap.value(vars + 8 * i).tag === TAG_UNINITIALIZED : heap.isInt(vars + 8 * i, v));
  if (!valuesOk) return 'local values do not match';

  // closure_var_count: an int in bellard, a u16 in QuickJS-ng 0.12. The probe function captures
  // exactly CAPTURED; the function around it names one global, Object, which bellard 2025 lists as a
  // closure variable (closure_type GLOBAL_REF) and QuickJS-ng does not.
  const cv = heap.u32(b + BC.closureVar);
  const cvNames = (list: number, count: number) => range(0, count - 1, 1).map((i) => name(heap.u32(list + CLOSURE_VAR.size * i + CLOSURE_VAR.name)));
  const outerB = heap.ptrAt(heap.u32(heap.u32(frame + FRAME.prev) + FRAME.curFunc) + objFuncBytecode);
  const outerCv = heap.ptrAt(outerB + BC.closureVar);
  const bcClosureVarCount = range(44, 80, 2).find((o) =>
    heap.u16(b + o) === CAPTURED.length && heap.isPtr(outerB, 80) && heap.u16(outerB + o) <= 1 &&
    heap.isPtr(cv, CAPTURED.length * CLOSURE_VAR.size) && cvNames(cv, CAPTURED.length).sort().join() === [...CAPTURED].sort().join());
  if (bcClosureVarCount === undefined) return 'closure_var_count not found';
  let closureGlobalRef = -1;
  if (heap.u16(outerB + bcClosureVarCount) === 1) {
    if (cvNames(outerCv, 1)[0] !== 'Object') return 'unexpected closure variable';
    closureGlobalRef = heap.u8(outerCv + CLOSURE_VAR.flags) & 7;
    if (closureGlobalRef !== CLOSURE_GLOBAL_REF) return 'closure_type enum differs from the source';
  }
  const refs = heap.ptrAt(obj + objFuncBytecode + 4);
  const all = cvNames(cv, CAPTURED.length);
  const ref = (n: string) => heap.ptrAt(refs + 4 * all.indexOf(n));
  const varRefPvalue = range(4, 32, 4).find((o) => heap.isInt(heap.ptrAt(ref('cv1') + o), 0x3c1) && heap.isInt(heap.ptrAt(ref('cv2') + o), 0x3c2));
  if (varRefPvalue === undefined) return 'JSVarRef.pvalue not found';

  return {
    ...atoms, rtCurrentFrame, frameCurPc, hostFrame, objFuncBytecode, bcRealm, bcClosureVarCount, bcFilename,
    varDefSize, varDefFlags, varDefScopeLevel, varRefPvalue, closureHasGlobals: closureGlobalRef >= 0,
  };
}

export interface ContextPointers {
  heap: WasmHeap;
  rt: number;
  ctx: number;
}

/** The JSRuntime and JSContext pointers and memory behind a context (quickjs-emscripten internals, checked). */
export function contextPointers(context: QuickJSContext): ContextPointers | undefined {
  const internal = context as unknown as { rt?: { value?: unknown }; ctx?: { value?: unknown }; module?: { HEAPU8?: unknown } };
  const rt = internal.rt?.value;
  const ctx = internal.ctx?.value;
  const module = internal.module;
  if (typeof rt !== 'number' || typeof ctx !== 'number' || !(module?.HEAPU8 instanceof Uint8Array)) return undefined;
  const heap = new WasmHeap(module as { HEAPU8: Uint8Array });
  // JSContext.rt follows the 16-byte GC header in every version: a cheap sanity check.
  if (!heap.isPtr(ctx, 20) || heap.u32(ctx + 16) !== rt) return undefined;
  return { heap, rt, ctx };
}

/** Runs the probe in `context` (which must be idle) and returns the layout, or why it failed. */
export function calibrate(context: QuickJSContext): FrameLayout | string {
  const ptrs = contextPointers(context);
  if (!ptrs) return 'context internals not recognised';
  let result: FrameLayout | string = 'probe did not run';
  const probe = context.newFunction('probe', () => {
    try {
      result = searchLayout(ptrs.heap, ptrs.rt, ptrs.ctx);
    } catch (e) {
      result = `probe failed: ${(e as Error).message}`;
    }
  });
  const fn = context.evalCode(PROBE_SOURCE, PROBE_FILE);
  if (fn.error) {
    fn.error.dispose();
    probe.dispose();
    return 'probe did not compile';
  }
  const call = context.callFunction(fn.value, context.undefined, probe);
  (call.error ?? call.value).dispose();
  fn.value.dispose();
  probe.dispose();
  return result;
}
