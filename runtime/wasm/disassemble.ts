// WAT-style disassembly with byte offsets, from V8's Debugger.disassembleWasmModule (streamed in
// chunks). A module is disassembled once and cached; functions are sliced out of it by the
// function body ranges of the code section.
import { functionByIndex } from './binary.js';
import type { WasmModule } from './debuggee.js';

export interface DisassemblyLine {
  /** Module byte offset of the instruction (for a function's header line: its body start). */
  offset: number;
  text: string;
}

export interface ModuleDisassembly {
  lines: string[];
  offsets: number[];
}

const cache = new WeakMap<WasmModule, Promise<ModuleDisassembly>>();

interface Chunk { lines: string[]; bytecodeOffsets: number[] }

export function disassembleModule(module: WasmModule, cdp: { post<T>(method: string, params?: object): Promise<T> }): Promise<ModuleDisassembly> {
  let d = cache.get(module);
  if (!d) {
    d = (async () => {
      const first = await cdp.post<{ streamId?: string; chunk: Chunk }>('Debugger.disassembleWasmModule', { scriptId: module.id });
      const lines = [...first.chunk.lines];
      const offsets = [...first.chunk.bytecodeOffsets];
      if (first.streamId) {
        for (;;) {
          const { chunk } = await cdp.post<{ chunk: Chunk }>('Debugger.nextWasmDisassemblyChunk', { streamId: first.streamId });
          if (chunk.lines.length === 0) break;
          for (const l of chunk.lines) lines.push(l);
          for (const o of chunk.bytecodeOffsets) offsets.push(o);
        }
      }
      return { lines, offsets };
    })();
    d.catch(() => cache.delete(module));
    cache.set(module, d);
  }
  return d;
}

/** First line index whose offset is >= `offset` (offsets ascend through the code section). */
export function lineAtOrAfter(d: ModuleDisassembly, offset: number): number {
  let lo = 0;
  let hi = d.offsets.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (d.offsets[mid] < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** One function's lines: its `(func ...)` header, locals, and one line per instruction. */
export async function disassembleFunction(
  module: WasmModule, cdp: { post<T>(method: string, params?: object): Promise<T> }, funcIndex: number,
): Promise<DisassemblyLine[]> {
  const info = await module.info();
  const f = functionByIndex(info, funcIndex);
  if (!f) throw new Error(`no defined function ${funcIndex}`);
  const d = await disassembleModule(module, cdp);
  const out: DisassemblyLine[] = [];
  // V8 gives the header and local lines the body's start offset, and the closing line its end.
  for (let i = lineAtOrAfter(d, f.bodyStart); i < d.lines.length && d.offsets[i] < f.end; i++) {
    out.push({ offset: d.offsets[i], text: d.lines[i] });
  }
  return out;
}

/** Instructions (no header/locals lines) around a pc: `before` lines before it and `count` in all. */
export async function disassembleAround(
  module: WasmModule, cdp: { post<T>(method: string, params?: object): Promise<T> }, pc: number, before: number, count: number,
): Promise<DisassemblyLine[]> {
  const d = await disassembleModule(module, cdp);
  const at = lineAtOrAfter(d, pc);
  const start = Math.max(0, at - before);
  const out: DisassemblyLine[] = [];
  for (let i = start; i < Math.min(d.lines.length, start + count); i++) out.push({ offset: d.offsets[i], text: d.lines[i] });
  return out;
}
