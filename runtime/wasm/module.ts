// A Wasm module V8 has loaded (Wasmtime's `module` resource): its bytecode, function bodies and
// names parsed from it, and breakpoints at byte offsets. Belongs to a WasmDebuggee (./debuggee.ts).
import { functionAt, functionByIndex, parseWasm, type WasmModuleInfo } from './binary.js';
import type { WasmDebuggee } from './debuggee.js';

interface CdpLocation { scriptId: string; lineNumber: number; columnNumber?: number }

export class WasmModule {
  private bytes: Promise<Uint8Array> | undefined;
  private parsed: Promise<WasmModuleInfo> | undefined;
  private parsedSync: WasmModuleInfo | undefined;
  private readonly breakpoints = new Map<number, string>();

  constructor(private readonly debuggee: WasmDebuggee, readonly id: string, readonly url: string, readonly codeOffset: number, readonly length: number) {}

  /** The module's bytes (`\0asm...`). */
  bytecode(): Promise<Uint8Array> {
    this.bytes ??= this.debuggee.cdp
      .post<{ bytecode?: string }>('Debugger.getScriptSource', { scriptId: this.id })
      .then((r) => {
        if (!r.bytecode) throw new Error(`script ${this.id} has no bytecode`);
        return new Uint8Array(Buffer.from(r.bytecode, 'base64'));
      });
    return this.bytes;
  }

  /** Function bodies, exports and names, from the bytecode. */
  info(): Promise<WasmModuleInfo> {
    this.parsed ??= this.bytecode().then((b) => (this.parsedSync = parseWasm(b)));
    return this.parsed;
  }

  /** Available once info() has resolved (it has, for every module on a reported pause). */
  get infoSync(): WasmModuleInfo | undefined {
    return this.parsedSync;
  }

  funcIndexAt(pc: number): number | undefined {
    return this.parsedSync && functionAt(this.parsedSync, pc)?.index;
  }

  /** The offset of a function's first instruction: where a function breakpoint goes. */
  async entryPc(funcIndex: number): Promise<number> {
    const f = functionByIndex(await this.info(), funcIndex);
    if (!f) throw new Error(`no defined function ${funcIndex}`);
    return f.codeStart;
  }

  /** The name V8 shows: `$` + the name section's or the export's name, else `$funcN`. */
  functionName(funcIndex: number): string {
    const name = this.parsedSync?.names.get(funcIndex);
    return name !== undefined ? `$${name}` : `$func${funcIndex}`;
  }

  /** Sets a breakpoint at a byte offset; returns the pc V8 bound it to (the next instruction). */
  async addBreakpoint(pc: number): Promise<number> {
    const existing = [...this.breakpoints].find(([at]) => at === pc);
    if (existing) return pc;
    const r = await this.debuggee.cdp.post<{ breakpointId: string; actualLocation: CdpLocation }>('Debugger.setBreakpoint', {
      location: { scriptId: this.id, lineNumber: 0, columnNumber: pc },
    });
    const actual = r.actualLocation?.columnNumber ?? pc;
    this.breakpoints.set(actual, r.breakpointId);
    this.debuggee.registerBreakpoint(r.breakpointId, { module: this, pc: actual });
    return actual;
  }

  async removeBreakpoint(pc: number): Promise<void> {
    const id = this.breakpoints.get(pc);
    if (id === undefined) return;
    this.breakpoints.delete(pc);
    this.debuggee.registerBreakpoint(id, undefined);
    await this.debuggee.cdp.post('Debugger.removeBreakpoint', { breakpointId: id });
  }

  breakpointPcs(): number[] {
    return [...this.breakpoints.keys()];
  }
}
