// Arms a top-level function by pointing its JSObject at the bytecode and closure slots of its
// instrumented sibling (instrument/swap-siblings.ts), in QuickJS's memory, and disarms it by
// pointing it back. A call reads both pointers once, at entry, so an activation keeps the code it
// started with, as with a flag tested at entry; new calls run the other code. Nothing is tested
// while idle (bench/README.md: fib idle 1.26× → 1.00×).
//
// Reference counts stay right for QuickJS's cycle collector, which decrements a child once per
// object that marks it: while swapped, the original holds one more reference to the sibling's
// bytecode and closure slots, and the reference to its own bytecode passes to this registry. Both
// functions are kept alive (duplicated handles) until dispose(), which swaps everything back first,
// so neither is freed while they share a closure slot array.
import type { QuickJSHandle } from 'quickjs-emscripten-core';
import type { FrameLayout } from './frame-layout.js';
import { TAG_OBJECT, type WasmHeap } from './wasm-heap.js';

/** One of the codes a swapped function object may be running: its bytecode and closure slots. */
export interface FunctionCode {
  bytecode: number;
  varRefs: number;
  /** The bytecode whose compiled name the frame shows (the original's, for the sibling's code). */
  nameBytecode: number;
}

interface Swap {
  plain: QuickJSHandle;
  sibling: QuickJSHandle;
  object: number;
  own: FunctionCode;
  instrumented: FunctionCode;
  swapped: boolean;
}

type Layout = Pick<FrameLayout, 'objFuncBytecode' | 'bcClosureVarCount'>;

export class FunctionSwaps {
  private readonly byObject = new Map<number, Swap>();

  constructor(private readonly heap: WasmHeap, private readonly layout: Layout) {}

  swap(plainHandle: QuickJSHandle, siblingHandle: QuickJSHandle, on: boolean): void {
    const object = this.objectOf(plainHandle);
    let entry = this.byObject.get(object);
    if (!entry) {
      const sibling = this.objectOf(siblingHandle);
      entry = {
        plain: plainHandle.dup(), sibling: siblingHandle.dup(), object, own: this.codeOf(object), instrumented: this.codeOf(sibling), swapped: false,
      };
      entry.instrumented.nameBytecode = entry.own.bytecode;
      this.byObject.set(object, entry);
    }
    if (entry.swapped !== on) this.point(entry, on);
  }

  /** Whether any function was ever swapped: only then can a frame run code its function no longer points at. */
  get used(): boolean {
    return this.byObject.size > 0;
  }

  /** The codes a function object may be running (a frame may have entered before a swap); undefined if never swapped. */
  codes(object: number): FunctionCode[] | undefined {
    const entry = this.byObject.get(object);
    return entry && [entry.own, entry.instrumented];
  }

  /**
   * Points each of `objects` at its other code (again to undo). QuickJS prints a frame's position
   * from the code its function object points at now; for a frame that entered before a swap, a
   * stack captured while flipped has the right one (stackWithSwappedFrames).
   */
  flip(objects: Iterable<number>): void {
    for (const object of objects) {
      const entry = this.byObject.get(object);
      if (entry) this.point(entry, !entry.swapped);
    }
  }

  /** Swaps every function back and releases them. Call before the context is disposed. */
  dispose(): void {
    for (const entry of this.byObject.values()) {
      if (entry.swapped) this.point(entry, false);
      entry.plain.dispose();
      entry.sibling.dispose();
    }
    this.byObject.clear();
  }

  private point(entry: Swap, on: boolean): void {
    const target = on ? entry.instrumented : entry.own;
    const slot = entry.object + this.layout.objFuncBytecode;
    this.heap.setU32(slot, target.bytecode);
    this.heap.setU32(slot + 4, target.varRefs);
    this.adjustReferences(entry.instrumented, on ? 1 : -1);
    entry.swapped = on;
  }

  // The sibling's bytecode and each closure slot (JSVarRef) it uses; counts are the first int of
  // their GC headers. A decrement never reaches 0: the sibling itself still holds them.
  private adjustReferences(code: FunctionCode, delta: number): void {
    const { heap } = this;
    const bump = (p: number) => heap.setI32(p, heap.i32(p) + delta);
    bump(code.bytecode);
    const count = heap.u16(code.bytecode + this.layout.bcClosureVarCount);
    for (let i = 0; i < count && code.varRefs; i++) {
      const ref = heap.ptrAt(code.varRefs + 4 * i);
      if (ref) bump(ref);
    }
  }

  private codeOf(object: number): FunctionCode {
    const slot = object + this.layout.objFuncBytecode;
    const bytecode = this.heap.u32(slot);
    return { bytecode, varRefs: this.heap.u32(slot + 4), nameBytecode: bytecode };
  }

  private objectOf(handle: QuickJSHandle): number {
    const value = this.heap.value(handle.value as unknown as number);
    if (value.tag !== TAG_OBJECT) throw new Error('function-swap: not an object');
    return value.lo;
  }
}
