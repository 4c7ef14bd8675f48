// The instance of a paused Wasm frame, its linear memories and globals (Wasmtime's `instance` and
// `memory` resources). V8 offers no handle on an instance's memory but through a paused frame of
// it, so these are valid for that pause only.
import type { WasmFrame, WasmValue } from './debuggee.js';
import type { WasmModule } from './module.js';

/** The instance a paused Wasm frame runs in; valid for that pause only. */
export class WasmInstance {
  constructor(private readonly frame: WasmFrame) {}

  getModule(): WasmModule {
    return this.frame.module;
  }

  memoryCount(): Promise<number> {
    return this.frame.evaluate<number>('(() => { let n = 0; while (memories[n] !== undefined) n++; return n; })()');
  }

  getMemory(index = 0): WasmMemory {
    return new WasmMemory(this.frame, index);
  }

  async globals(): Promise<WasmValue[]> {
    return (await this.frame.read()).globals;
  }

  async getGlobal(index: number): Promise<WasmValue> {
    const g = (await this.globals())[index];
    if (!g) throw new Error(`no global ${index}`);
    return g;
  }
}

export class WasmMemory {
  constructor(private readonly frame: WasmFrame, readonly index: number) {}

  sizeBytes(): Promise<number> {
    return this.frame.evaluate<number>(`memories[${this.index}].buffer.byteLength`);
  }

  /** Up to `length` bytes from `address`; fewer when the memory ends first. */
  async getBytes(address: number, length: number): Promise<Uint8Array> {
    checkRange(address, length);
    const text = await this.frame.evaluate<string>(`(() => {
      const m = new Uint8Array(memories[${this.index}].buffer);
      const b = m.subarray(Math.min(${address}, m.length), Math.min(${address + length}, m.length));
      let s = '';
      for (let i = 0; i < b.length; i += 8192) s += String.fromCharCode.apply(null, b.subarray(i, i + 8192));
      return s;
    })()`);
    return new Uint8Array(Buffer.from(text, 'latin1'));
  }

  /** Writes bytes at `address`; returns how many were written (fewer when the memory ends first). */
  async setBytes(address: number, bytes: Uint8Array): Promise<number> {
    checkRange(address, bytes.length);
    const hex = Buffer.from(bytes).toString('hex');
    return this.frame.evaluate<number>(`(() => {
      const m = new Uint8Array(memories[${this.index}].buffer);
      const hex = ${JSON.stringify(hex)};
      const n = Math.max(0, Math.min(hex.length / 2, m.length - ${address}));
      for (let i = 0; i < n; i++) m[${address} + i] = parseInt(hex.substr(i * 2, 2), 16);
      return n;
    })()`);
  }

  async getU32(address: number): Promise<number> {
    const b = await this.getBytes(address, 4);
    if (b.length < 4) throw new Error(`address ${address} is out of bounds`);
    return new DataView(b.buffer, b.byteOffset, 4).getUint32(0, true);
  }

  async setU32(address: number, value: number): Promise<void> {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, value >>> 0, true);
    if ((await this.setBytes(address, b)) < 4) throw new Error(`address ${address} is out of bounds`);
  }
}

function checkRange(address: number, length: number): void {
  if (!Number.isSafeInteger(address) || address < 0 || !Number.isSafeInteger(length) || length < 0) {
    throw new Error(`bad memory range ${address}+${length}`);
  }
}
