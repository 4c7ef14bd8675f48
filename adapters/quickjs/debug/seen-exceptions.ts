// The exception the guest's hooks looked at last, across the contexts of one runtime. Each guest
// runtime reports an exception once (debug-runtime.js exceptionHook: at its throw, or where it is
// first seen), but an exception thrown in one context and caught or passed on in another reaches
// the other's hooks as a new one. The contexts share this memo (embed/contexts.ts), so the
// exception is reported where it was first seen only.
import type { QuickJSHandle } from 'quickjs-emscripten-core';
import type { RawValue, WasmHeap } from './wasm-heap.js';

export class SeenExceptions {
  // The JSValue's bits: the same object (or primitive) has the same bits. The value stays alive
  // while noted here: the guest runtime that noted it last holds it as its own last seen value.
  private last: RawValue | undefined;

  /**
   * Whether a hook of `kind` (0 a throw, 1 a catch clause, 2 a function left) should pass over
   * `value`, another context's hook having looked at it already; notes it otherwise. A throw is
   * always a new report (a rethrow included), as in one context.
   */
  seenElsewhere(heap: WasmHeap, value: QuickJSHandle, kind: number): boolean {
    const bits = heap.value(value.value as number);
    const seen = kind !== 0 && this.last !== undefined && this.last.lo === bits.lo && this.last.tag === bits.tag;
    if (!seen) this.last = bits;
    return seen;
  }

  /** The exception filters changed: the next exception is new everywhere. */
  forget(): void {
    this.last = undefined;
  }
}
