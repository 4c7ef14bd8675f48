// Valid breakpoint lines of a compiled Lua chunk, nested functions included, in all and per
// function. Lua's C API only gives `activelines` for a function value, and nested functions have
// no value until they run, so this reads the chunk's bytecode dump (lua_dump, Lua 5.4 format) and
// replays each prototype's line info exactly as ldebug.c's `collectvalidlines` does.
import type { LuaApi, LuaState } from './engine.js';

export interface ChunkLines {
  /** Every line with code, sorted. */
  lines: number[];
  /**
   * Each function's own lines (not its nested functions'), by functionKey(linedefined,
   * lastlinedefined); functions that share both lines share one entry, the union of their lines.
   */
  byFunction: Map<number, number[]>;
}

/** A function's key in ChunkLines.byFunction: what a running frame's Proto tells of it. */
export function functionKey(linedefined: number, lastlinedefined: number): number {
  return linedefined * 2 ** 26 + lastlinedefined;
}

/** Lines with code, sorted, for the function at the top of L's stack (left in place). */
export function activeLines(lua: LuaApi, L: LuaState): number[] {
  return chunkLines(lua, L).lines;
}

/** Lines with code of the function at the top of L's stack (left in place), in all and per function. */
export function chunkLines(lua: LuaApi, L: LuaState): ChunkLines {
  const chunks: Uint8Array[] = [];
  const writer = lua.M.addFunction((_L: number, p: number, size: number) => {
    chunks.push(lua.M.HEAPU8.slice(p, p + size));
    return 0;
  }, 'iiiii');
  try {
    lua.dump(L, writer, 0, 0);
  } finally {
    (lua.M as unknown as { removeFunction(i: number): void }).removeFunction(writer);
  }
  const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let o = 0;
  for (const c of chunks) bytes.set(c, (o += c.length) - c.length);
  const byFunction = new Map<number, Set<number>>();
  new DumpReader(bytes).chunk(byFunction);
  const all = new Set<number>();
  const sorted = new Map<number, number[]>();
  for (const [key, lines] of byFunction) {
    for (const l of lines) all.add(l);
    sorted.set(key, [...lines].sort((a, b) => a - b));
  }
  return { lines: [...all].sort((a, b) => a - b), byFunction: sorted };
}

const ABSLINEINFO = -0x80;

class DumpReader {
  private at = 0;
  constructor(private readonly b: Uint8Array) {}

  chunk(byFunction: Map<number, Set<number>>): void {
    const sig = String.fromCharCode(...this.b.subarray(0, 4));
    if (sig !== '\x1bLua' || this.b[4] !== 0x54) throw new Error('not a Lua 5.4 dump');
    // signature 4, version 1, format 1, LUAC_DATA 6, sizes of Instruction/lua_Integer/lua_Number 3,
    // LUAC_INT (lua_Integer) and LUAC_NUM (lua_Number), then the main function's upvalue count.
    const intSize = this.b[13], numSize = this.b[14];
    this.at = 15 + intSize + numSize + 1;
    this.intSize = intSize;
    this.numSize = numSize;
    this.fn(byFunction);
  }

  private intSize = 8;
  private numSize = 8;

  private byte(): number {
    return this.b[this.at++];
  }

  private size(): number {
    let x = 0;
    for (;;) {
      const b = this.byte();
      x = x * 128 + (b & 0x7f);
      if (b & 0x80) return x;
    }
  }

  private skipString(): void {
    const n = this.size();
    if (n > 0) this.at += n - 1;
  }

  private fn(byFunction: Map<number, Set<number>>): void {
    this.skipString(); // source
    const linedefined = this.size();
    const lastlinedefined = this.size();
    const key = functionKey(linedefined, lastlinedefined);
    const lines = byFunction.get(key) ?? new Set<number>();
    byFunction.set(key, lines);
    this.byte(); // numparams
    const isVararg = this.byte();
    this.byte(); // maxstacksize
    const ncode = this.size();
    this.at += ncode * 4;
    const nk = this.size();
    for (let i = 0; i < nk; i++) {
      const tt = this.byte();
      if (tt === 0x03) this.at += this.intSize;
      else if (tt === 0x13) this.at += this.numSize;
      else if (tt === 0x04 || tt === 0x14) this.skipString();
    }
    const nup = this.size();
    this.at += nup * 3;
    const np = this.size();
    for (let i = 0; i < np; i++) this.fn(byFunction);
    // debug info
    const nline = this.size();
    const lineinfo = new Int8Array(this.b.buffer, this.b.byteOffset + this.at, nline);
    this.at += nline;
    const nabs = this.size();
    const abs: Array<[number, number]> = [];
    for (let i = 0; i < nabs; i++) abs.push([this.size(), this.size()]);
    const nloc = this.size();
    for (let i = 0; i < nloc; i++) {
      this.skipString();
      this.size();
      this.size();
    }
    const nupn = this.size();
    for (let i = 0; i < nupn; i++) this.skipString();
    // ldebug.c collectvalidlines: skip OP_VARARGPREP of a vararg function.
    let line = linedefined;
    let absIndex = 0;
    for (let pc = 0; pc < nline; pc++) {
      if (lineinfo[pc] !== ABSLINEINFO) line += lineinfo[pc];
      else {
        while (absIndex < abs.length && abs[absIndex][0] < pc) absIndex++;
        line = abs[absIndex]?.[1] ?? line;
      }
      if (pc === 0 && isVararg) continue;
      lines.add(line);
    }
  }
}
