// Typed reads and writes of a QuickJS Wasm instance's linear memory (wasm32, little-endian).
// The memory may grow between calls, which replaces its ArrayBuffer: every access goes through
// view(), which re-wraps the current buffer when it changed.

/** The parts of the Emscripten module object that quickjs-emscripten variants expose. */
export interface EmscriptenHeapModule {
  HEAPU8: Uint8Array;
}

/** A JSValue as QuickJS stores it on wasm32 (NaN-boxed, 8 bytes): payload word and tag word. */
export interface RawValue {
  lo: number;
  tag: number;
}

export const TAG_OBJECT = -1;
export const TAG_INT = 0;
export const TAG_UNINITIALIZED = 4;

export class WasmHeap {
  private buffer: ArrayBufferLike | undefined;
  private dv!: DataView;

  constructor(private readonly module: EmscriptenHeapModule) {}

  private view(): DataView {
    const buffer = this.module.HEAPU8.buffer;
    if (buffer !== this.buffer) {
      this.buffer = buffer;
      this.dv = new DataView(buffer);
    }
    return this.dv;
  }

  get size(): number {
    return this.module.HEAPU8.byteLength;
  }

  /** A plausible pointer to `bytes` readable bytes: non-null, aligned, inside memory. */
  isPtr(p: number, bytes = 4, align = 4): boolean {
    return p >= 1024 && p % align === 0 && p + bytes <= this.size;
  }

  u8(p: number): number {
    return this.view().getUint8(p);
  }

  u16(p: number): number {
    return this.view().getUint16(p, true);
  }

  u32(p: number): number {
    return this.view().getUint32(p, true);
  }

  i32(p: number): number {
    return this.view().getInt32(p, true);
  }

  setU32(p: number, v: number): void {
    this.view().setUint32(p, v, true);
  }

  setI32(p: number, v: number): void {
    this.view().setInt32(p, v, true);
  }

  /** Reads a pointer-sized word, or 0 when `p` is not a readable address (safe probing). */
  ptrAt(p: number): number {
    return this.isPtr(p) ? this.u32(p) : 0;
  }

  value(p: number): RawValue {
    const dv = this.view();
    return { lo: dv.getUint32(p, true), tag: dv.getInt32(p + 4, true) };
  }

  /** True when the 8-byte JSValue at `p` is the int32 `n`. */
  isInt(p: number, n: number): boolean {
    if (!this.isPtr(p, 8)) return false;
    const v = this.value(p);
    return v.tag === TAG_INT && (v.lo | 0) === n;
  }

  copy(from: number, to: number, bytes: number): void {
    const heap = this.module.HEAPU8;
    heap.copyWithin(to, from, from + bytes);
  }

  swap(a: number, b: number, bytes: number): void {
    const heap = this.module.HEAPU8;
    const tmp = heap.slice(a, a + bytes);
    heap.copyWithin(a, b, b + bytes);
    heap.set(tmp, b);
  }

  /** Latin-1 (8-bit) or UTF-16 string of `len` code units at `p`. */
  text(p: number, len: number, wide: boolean): string {
    const heap = this.module.HEAPU8;
    if (!wide) {
      let s = '';
      for (let i = 0; i < len; i++) s += String.fromCharCode(heap[p + i]);
      return s;
    }
    const dv = this.view();
    let s = '';
    for (let i = 0; i < len; i++) s += String.fromCharCode(dv.getUint16(p + 2 * i, true));
    return s;
  }
}
