// A minimal reader for the Wasm binary format: just enough to map byte offsets (pcs) to function
// indices and to name functions (exports, the name section when present). Offsets are module
// byte offsets, as V8 reports Wasm locations (columnNumber).

export interface FunctionBody {
  /** Function index in the module's index space (imports first). */
  index: number;
  /** Offset of the first byte of the body (its local declarations), after the size field. */
  bodyStart: number;
  /** Offset of the first instruction, after the local declarations. */
  codeStart: number;
  /** Offset one past the body's last byte (its `end` opcode is at end - 1). */
  end: number;
}

export interface WasmModuleInfo {
  importedFunctions: number;
  /** Defined functions, in index order. */
  functions: FunctionBody[];
  exports: Array<{ name: string; kind: 'func' | 'table' | 'memory' | 'global' | 'tag'; index: number }>;
  /** Function names: the name section when present, then export names. */
  names: Map<number, string>;
  importedGlobals: number;
  globals: number;
  memories: number;
}

const KINDS = ['func', 'table', 'memory', 'global', 'tag'] as const;

class Reader {
  constructor(readonly bytes: Uint8Array, public pos = 0) {}
  u8(): number {
    if (this.pos >= this.bytes.length) throw new Error('wasm: unexpected end');
    return this.bytes[this.pos++];
  }
  u32(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = this.u8();
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
      shift += 7;
    }
  }
  name(): string {
    const length = this.u32();
    const text = new TextDecoder().decode(this.bytes.subarray(this.pos, this.pos + length));
    this.pos += length;
    return text;
  }
  skip(n: number): void {
    this.pos += n;
  }
  limits(): void {
    const flags = this.u8();
    this.u32();
    if (flags & 1) this.u32();
  }
}

export function parseWasm(bytes: Uint8Array): WasmModuleInfo {
  const r = new Reader(bytes);
  if (bytes.length < 8 || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) throw new Error('wasm: no \\0asm magic');
  r.pos = 8;
  const info: WasmModuleInfo = { importedFunctions: 0, functions: [], exports: [], names: new Map(), importedGlobals: 0, globals: 0, memories: 0 };
  const nameSection = new Map<number, string>();
  while (r.pos < bytes.length) {
    const id = r.u8();
    const size = r.u32();
    const start = r.pos;
    const end = start + size;
    switch (id) {
      case 0: {
        const name = r.name();
        if (name === 'name') readNames(new Reader(bytes.subarray(0, end), r.pos), nameSection);
        break;
      }
      case 2: {
        for (let n = r.u32(); n > 0; n--) {
          r.name();
          r.name();
          const kind = r.u8();
          if (kind === 0) { r.u32(); info.importedFunctions++; }
          else if (kind === 1) { r.u8(); r.limits(); }
          else if (kind === 2) { r.limits(); info.memories++; }
          else if (kind === 3) { r.u8(); r.u8(); info.importedGlobals++; }
          else if (kind === 4) { r.u8(); r.u32(); }
        }
        break;
      }
      case 5:
        info.memories += r.u32();
        break;
      case 6:
        info.globals = info.importedGlobals + r.u32();
        break;
      case 7: {
        for (let n = r.u32(); n > 0; n--) {
          const name = r.name();
          const kind = KINDS[r.u8()] ?? 'func';
          info.exports.push({ name, kind, index: r.u32() });
        }
        break;
      }
      case 10: {
        const count = r.u32();
        for (let i = 0; i < count; i++) {
          const bodySize = r.u32();
          const bodyStart = r.pos;
          for (let groups = r.u32(); groups > 0; groups--) {
            r.u32();
            r.u8();
          }
          info.functions.push({ index: info.importedFunctions + i, bodyStart, codeStart: r.pos, end: bodyStart + bodySize });
          r.pos = bodyStart + bodySize;
        }
        break;
      }
    }
    r.pos = end;
  }
  if (info.globals === 0) info.globals = info.importedGlobals;
  for (const e of info.exports) if (e.kind === 'func' && !info.names.has(e.index)) info.names.set(e.index, e.name);
  for (const [index, name] of nameSection) info.names.set(index, name);
  return info;
}

function readNames(r: Reader, out: Map<number, string>): void {
  try {
    while (r.pos < r.bytes.length) {
      const sub = r.u8();
      const size = r.u32();
      const next = r.pos + size;
      if (sub === 1) {
        for (let n = r.u32(); n > 0; n--) {
          const index = r.u32();
          out.set(index, r.name());
        }
      }
      r.pos = next;
    }
  } catch {
    // a malformed name section only costs us names
  }
}

/** The defined function whose body contains `pc`, by binary search. */
export function functionAt(info: WasmModuleInfo, pc: number): FunctionBody | undefined {
  const fns = info.functions;
  let lo = 0;
  let hi = fns.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const f = fns[mid];
    if (pc < f.bodyStart) hi = mid - 1;
    else if (pc >= f.end) lo = mid + 1;
    else return f;
  }
  return undefined;
}

export function functionByIndex(info: WasmModuleInfo, index: number): FunctionBody | undefined {
  return info.functions[index - info.importedFunctions];
}
