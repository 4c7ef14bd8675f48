// The instructions of a Wasm module's code, by byte offset (no headers, locals or closing lines),
// from V8's disassembly: what disassemble requests and steps from a mixed stop look up. Built once
// per module and kept until mixed mode goes off.
import type { Cdp } from '../wasm/cdp.js';
import type { WasmModule } from '../wasm/debuggee.js';
import { disassembleModule } from '../wasm/disassemble.js';
import type { WasmInstruction } from './wasm-protocol.js';

export interface InstructionIndex {
  offsets: number[];
  items: WasmInstruction[];
}

export class InstructionIndexes {
  private readonly byModule = new Map<WasmModule, Promise<InstructionIndex>>();

  clear(): void {
    this.byModule.clear();
  }

  of(module: WasmModule, cdp: Cdp): Promise<InstructionIndex> {
    let index = this.byModule.get(module);
    if (!index) {
      index = build(module, cdp);
      index.catch(() => this.byModule.delete(module));
      this.byModule.set(module, index);
    }
    return index;
  }
}

async function build(module: WasmModule, cdp: Cdp): Promise<InstructionIndex> {
  const info = await module.info();
  const d = await disassembleModule(module, cdp);
  const offsets: number[] = [];
  const items: WasmInstruction[] = [];
  let fi = 0;
  let header: string | undefined;
  for (let i = 0; i < d.lines.length; i++) {
    const offset = d.offsets[i];
    while (fi < info.functions.length && offset >= info.functions[fi].end) fi++;
    const f = info.functions[fi];
    if (!f || offset < f.bodyStart) continue;
    if (offset < f.codeStart) {
      if (offset === f.bodyStart && header === undefined) header = d.lines[i].trim();
      continue;
    }
    if (offsets.length > 0 && offsets[offsets.length - 1] === offset) continue;
    const item: WasmInstruction = { offset, text: d.lines[i].trim(), funcIndex: f.index };
    if (offset === f.codeStart) {
      item.symbol = module.functionName(f.index);
      item.header = header;
    }
    header = undefined;
    offsets.push(offset);
    items.push(item);
  }
  return { offsets, items };
}
