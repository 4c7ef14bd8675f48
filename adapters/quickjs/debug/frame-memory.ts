// Reads the guest's suspended stack frames straight from QuickJS's own JSStackFrame chain in Wasm
// memory, so callers' locals can be shown at a stop without any per-call bookkeeping in the guest.
// Only valid while the guest is stopped inside a host function call: the frames live on the Wasm
// shadow stack and their addresses mean nothing once that call returns.
import type { QuickJSContext, QuickJSHandle } from 'quickjs-emscripten-core';
import { atomName, BC, calibrate, CLOSURE_GLOBAL_KINDS, CLOSURE_VAR, contextPointers, FRAME, GC_TYPE_FUNCTION_BYTECODE, type ContextPointers, type FrameLayout } from './frame-layout.js';
import type { FunctionCode } from './function-swap.js';
import { TAG_OBJECT, TAG_UNINITIALIZED, type WasmHeap } from './wasm-heap.js';

export type VariableKind = 'arg' | 'local' | 'closure';

export interface FrameVariable {
  name: string;
  kind: VariableKind;
  /** Index among the frame's args, locals or closure variables. */
  index: number;
  /** Address of the JSValue; valid only during the stop it was read in. */
  address: number;
  isConst: boolean;
  isLexical: boolean;
  /**
   * Lexically scoped (let/const/class/catch, at function top level or in a block) rather than a
   * function-level `var` or parameter. Which block: only `scopeLevel` says, and only on QuickJS-ng.
   */
  scoped: boolean;
  /** QuickJS-ng only: the parser's scope index (scopes numbered in source order). */
  scopeLevel?: number;
  /** This is the n-th variable of this name in the frame (0-based, in declaration order). */
  occurrence: number;
  /** In the temporal dead zone (let/const not yet initialized). */
  uninitialized: boolean;
  /** A compiler-made slot (`<ret>`, `this.active_func`, `new.target`, …), not a user binding. */
  internal: boolean;
  /** Closure variables only: a global variable (bellard 2025 reaches globals through closure slots). */
  global?: boolean;
}

export interface MemoryFrame {
  /** A C function (builtin or host); it has no variables. */
  native: boolean;
  /** Bytecode functions: the name compiled into the function ('' for anonymous ones). Native: ''. */
  name: string;
  /** Bytecode functions: the file name given to evalCode (as in `Error().stack`). */
  url?: string;
  /** Bytecode functions: the JSContext* the function belongs to (its realm); contexts of a runtime share its stack. */
  realm?: number;
  /** Byte offset of the frame's resume point in its function's bytecode. */
  pc?: number;
  args: FrameVariable[];
  locals: FrameVariable[];
  closure: FrameVariable[];
  /** The JSObject* of the running function; for functionHandle(). */
  readonly functionAddress: number;
  /** The JSStackFrame itself: the interpreter call running the frame holds it in a Wasm local. */
  readonly address: number;
  /** Runs code its function object no longer points at (swapped since it entered, function-swap.ts). */
  swappedSince?: boolean;
}

/** A frame's script, realm and function, without its variables (FrameMemory.readOrigins). */
export type FrameOrigin = Pick<MemoryFrame, 'native' | 'url' | 'realm' | 'functionAddress' | 'swappedSince'>;

const VALUE_SIZE = 8; // NaN-boxed JSValue on wasm32 (both variants); checked by the calibration
const MAX_FRAMES = 10_000;

// Names QuickJS gives its hidden slots: `<ret>`, `<home_object>`, `this.active_func`, `new.target`.
const isInternal = (name: string) => name.startsWith('<') || name.includes('.');

const layouts = new WeakMap<object, FrameLayout>();

export class FrameMemory {
  /** The codes a function object may run besides its current one (function-swap.ts). */
  codesOf: (object: number) => FunctionCode[] | undefined = () => undefined;

  private constructor(private readonly context: QuickJSContext, private readonly ptrs: ContextPointers, readonly layout: FrameLayout) {}

  get heap(): WasmHeap {
    return this.ptrs.heap;
  }

  /**
   * Calibrates once per Wasm module (the layout is a property of the build) and binds to `context`.
   * Call while the context is idle (not inside a guest call): the probe runs guest code.
   */
  static open(context: QuickJSContext): FrameMemory | { unavailable: string } {
    const ptrs = contextPointers(context);
    if (!ptrs) return { unavailable: 'context internals not recognised' };
    const key = (context as unknown as { module: object }).module;
    const layout = layouts.get(key) ?? calibrate(context);
    // Only a success is kept: a failure may come from this context (a guest that broke globals).
    if (typeof layout === 'string') return { unavailable: layout };
    layouts.set(key, layout);
    return new FrameMemory(context, ptrs, layout);
  }

  /**
   * The guest's frames from the innermost outwards, starting at the function that called the host
   * function we are stopped in (the host function's own frame, which QuickJS-ng pushes, is skipped).
   * With `last`, the walk ends at the first frame it accepts.
   */
  readFrames(last?: (frame: MemoryFrame) => boolean): MemoryFrame[] {
    return this.walk((sf) => this.readFrame(sf), last);
  }

  /**
   * Where each of the guest's frames comes from, as readFrames walks them but reading no variables:
   * the script URL, realm and function of a bytecode frame, whether it runs code its function was
   * swapped away from since; only the function of a native one (cheap enough to count frames at a
   * check, or to realign a console call's stack).
   */
  readOrigins(): FrameOrigin[] {
    const { heap } = this.ptrs;
    return this.walk((sf): FrameOrigin => {
      const func = heap.value(sf + FRAME.curFunc);
      const functionAddress = func.tag === TAG_OBJECT ? func.lo : 0;
      const b = this.codeOf(functionAddress, sf)?.bytecode;
      if (b === undefined) return { native: true, functionAddress };
      return {
        native: false, functionAddress, url: this.atom(heap.u32(b + this.layout.bcFilename)), realm: heap.ptrAt(b + this.layout.bcRealm),
        swappedSince: this.swappedSince(functionAddress, b),
      };
    });
  }

  // Reads each frame of the runtime's chain, innermost first, until `last` accepts one.
  private walk<T extends { native: boolean }>(read: (sf: number) => T, last?: (frame: T) => boolean): T[] {
    const { heap, rt } = this.ptrs;
    const frames: T[] = [];
    let sf = heap.ptrAt(rt + this.layout.rtCurrentFrame);
    for (let n = 0; sf && n < MAX_FRAMES; n++, sf = heap.ptrAt(sf + FRAME.prev)) {
      if (!heap.isPtr(sf, 48, 8)) throw new Error(`frame-memory: bad frame pointer ${sf}`);
      frames.push(read(sf));
      if (last?.(frames[frames.length - 1])) break;
    }
    // QuickJS-ng pushes a frame for the host function itself; it is not a guest frame.
    if (this.layout.hostFrame && frames[0]?.native) frames.shift();
    return frames;
  }

  /** This context's JSContext*: the realm of the functions it evaluated. */
  get realm(): number {
    return this.ptrs.ctx;
  }

  private readFrame(sf: number): MemoryFrame {
    const { heap } = this.ptrs;
    const func = heap.value(sf + FRAME.curFunc);
    const functionAddress = func.tag === TAG_OBJECT ? func.lo : 0;
    const code = this.codeOf(functionAddress, sf);
    if (!code) return { native: true, name: '', args: [], locals: [], closure: [], functionAddress, address: sf };
    const b = code.bytecode;
    const realm = heap.ptrAt(b + this.layout.bcRealm);
    const argCount = heap.u16(b + BC.argCount);
    const varCount = heap.u16(b + BC.varCount);
    const seen = new Map<string, number>();
    const defs = heap.u32(b + BC.varDefs);
    const variable = (kind: 'arg' | 'local', i: number, base: number): FrameVariable => {
      const def = defs + this.layout.varDefSize * (kind === 'arg' ? i : argCount + i);
      const name = this.atom(heap.u32(def));
      const flags = heap.u8(def + this.layout.varDefFlags);
      const occurrence = seen.get(name) ?? 0;
      seen.set(name, occurrence + 1);
      const scopeLevel = this.layout.varDefScopeLevel >= 0 ? heap.i32(def + this.layout.varDefScopeLevel) : undefined;
      const address = base + VALUE_SIZE * i;
      return {
        name, kind, index: i, address, isConst: (flags & 1) !== 0, isLexical: (flags & 2) !== 0,
        // bellard 2025 keeps a has_scope bit (bit 3); QuickJS-ng keeps the scope level itself.
        scoped: scopeLevel === undefined ? (flags & 8) !== 0 : scopeLevel !== 0,
        scopeLevel, occurrence, uninitialized: heap.value(address).tag === TAG_UNINITIALIZED, internal: isInternal(name),
      };
    };
    const argBuf = heap.u32(sf + FRAME.argBuf);
    const varBuf = heap.u32(sf + FRAME.varBuf);
    const args = Array.from({ length: argCount }, (_, i) => variable('arg', i, argBuf));
    const locals = Array.from({ length: varCount }, (_, i) => variable('local', i, varBuf));
    const pc = heap.u32(sf + this.layout.frameCurPc) - heap.u32(b + BC.byteCodeBuf);
    const name = this.atom(heap.u32(code.nameBytecode + BC.funcName));
    return {
      native: false, name, url: this.atom(heap.u32(b + this.layout.bcFilename)), realm, pc, args, locals,
      closure: this.closureVars(code), functionAddress, address: sf, swappedSince: this.swappedSince(functionAddress, b),
    };
  }

  // Whether a frame running bytecode `b` entered before its function was pointed at other code.
  private swappedSince(functionAddress: number, b: number): boolean {
    return b !== this.ptrs.heap.ptrAt(functionAddress + this.layout.objFuncBytecode);
  }

  /**
   * The code the frame runs: its function's current bytecode and closure slots or, for a function
   * swapped since the frame entered, the other code; undefined for a C function (checked
   * structurally, see md).
   */
  private codeOf(obj: number, sf: number): FunctionCode | undefined {
    const { heap } = this.ptrs;
    if (!heap.isPtr(obj, this.layout.objFuncBytecode + 8)) return undefined;
    const slot = obj + this.layout.objFuncBytecode;
    const b = heap.ptrAt(slot);
    if (!heap.isPtr(b, 72) || (heap.u8(b + BC.gcType) & 15) !== GC_TYPE_FUNCTION_BYTECODE) return undefined;
    // A bytecode function's realm is a JSContext of this runtime, and the frame's pc is in its code.
    const realm = heap.ptrAt(b + this.layout.bcRealm);
    if (!heap.isPtr(realm, 20) || heap.u32(realm + 16) !== this.ptrs.rt) return undefined;
    const pc = heap.u32(sf + this.layout.frameCurPc);
    const holds = (code: number) => {
      const buf = heap.u32(code + BC.byteCodeBuf);
      return pc >= buf && pc <= buf + heap.i32(code + BC.byteCodeLen);
    };
    const current = { bytecode: b, varRefs: heap.ptrAt(slot + 4), nameBytecode: b };
    if (holds(b)) return this.codesOf(obj)?.find((c) => c.bytecode === b) ?? current;
    return this.codesOf(obj)?.find((c) => holds(c.bytecode));
  }

  private closureVars(code: FunctionCode): FrameVariable[] {
    const { heap } = this.ptrs;
    const b = code.bytecode;
    const count = heap.u16(b + this.layout.bcClosureVarCount);
    const list = heap.u32(b + BC.closureVar);
    const refs = code.varRefs;
    const out: FrameVariable[] = [];
    const seen = new Map<string, number>();
    for (let i = 0; i < count && refs; i++) {
      const ref = heap.ptrAt(refs + 4 * i);
      const address = heap.ptrAt(ref + this.layout.varRefPvalue);
      if (!heap.isPtr(address, VALUE_SIZE, 8)) continue;
      const entry = list + CLOSURE_VAR.size * i;
      const name = this.atom(heap.u32(entry + CLOSURE_VAR.name));
      const occurrence = seen.get(name) ?? 0;
      seen.set(name, occurrence + 1);
      const global = this.layout.closureHasGlobals && CLOSURE_GLOBAL_KINDS.includes(heap.u8(entry + CLOSURE_VAR.flags) & 7);
      out.push({
        name, kind: 'closure', index: i, address, isConst: false, isLexical: false, scoped: false, occurrence, global,
        uninitialized: heap.value(address).tag === TAG_UNINITIALIZED, internal: isInternal(name),
      });
    }
    return out;
  }

  private atom(atom: number): string {
    return atomName(this.ptrs.heap, this.ptrs.rt, this.layout, atom) ?? `<atom ${atom}>`;
  }

  /** Whether the variable is in its temporal dead zone now (code run during the stop may have set it). */
  isUninitialized(v: FrameVariable): boolean {
    return (v.uninitialized = this.ptrs.heap.value(v.address).tag === TAG_UNINITIALIZED);
  }

  /** A new handle to the variable's current value (the caller disposes it). */
  value(v: FrameVariable): QuickJSHandle {
    if (this.isUninitialized(v)) throw new Error(`${v.name} is uninitialized`);
    return this.handleAt(v.address);
  }

  /** A new handle to the frame's function object. */
  functionHandle(frame: MemoryFrame): QuickJSHandle {
    if (!frame.functionAddress) throw new Error('frame has no function (detached)');
    // JSValue of an object: the pointer and the object tag; copy it from the frame via a scratch cell.
    return this.withCell(frame.functionAddress, TAG_OBJECT, (cell) => this.handleAt(cell));
  }

  /**
   * The function's `name` property: what `Error().stack` prints for the frame, for native frames
   * too. It differs from `frame.name` for functions named at run time (`const f = () => …`). Read
   * through the context, so a guest-defined getter for `name` would run: call with hooks off.
   */
  functionName(frame: MemoryFrame): string {
    const fn = this.functionHandle(frame);
    const name = this.context.getProp(fn, 'name');
    try {
      return this.context.typeof(name) === 'string' ? this.context.getString(name) : '';
    } finally {
      name.dispose();
      fn.dispose();
    }
  }

  /** Stores `value` into the variable; the guest sees it when it resumes (closures too: they alias the slot). */
  setValue(v: FrameVariable, value: QuickJSHandle): void {
    const { heap } = this.ptrs;
    const ffi = this.ffi();
    // Dup the new value into a context-allocated cell, then swap it with the slot: the slot owns the
    // new reference, the cell the old one, which QTS_FreeValuePointer releases with the cell.
    const cell = ffi.QTS_DupValuePointer(this.ptrs.ctx, value.value as number);
    heap.swap(cell, v.address, VALUE_SIZE);
    ffi.QTS_FreeValuePointer(this.ptrs.ctx, cell);
    v.uninitialized = false;
  }

  private handleAt(address: number): QuickJSHandle {
    const memory = (this.context as unknown as { memory: { heapValueHandle(ptr: number): QuickJSHandle } }).memory;
    return memory.heapValueHandle(this.ffi().QTS_DupValuePointer(this.ptrs.ctx, address));
  }

  private withCell<T>(lo: number, tag: number, use: (cell: number) => T): T {
    const module = (this.context as unknown as { module: { _malloc(n: number): number; _free(p: number): void; HEAPU8: Uint8Array } }).module;
    const cell = module._malloc(VALUE_SIZE);
    try {
      const heap = new Uint32Array(module.HEAPU8.buffer, cell, 2);
      heap[0] = lo;
      heap[1] = tag >>> 0;
      return use(cell);
    } finally {
      module._free(cell);
    }
  }

  private ffi() {
    return (this.context as unknown as { ffi: { QTS_DupValuePointer(ctx: number, p: number): number; QTS_FreeValuePointer(ctx: number, p: number): void } }).ffi;
  }
}
