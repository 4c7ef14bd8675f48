// The hook lua_sethook gets: a Wasm function (hook-filter.wat) in front of the producer's
// JavaScript hook. With breakpoints armed, most events change nothing: a line with no breakpoint,
// a call from a frame that needs no lines into a function that needs none (or into a C function),
// a return from such a frame into such a function. Those are answered in Wasm, without the call
// into JavaScript and the producer's work there, which cost as much as Lua's own hook machinery
// (bench/README.md has the numbers). Every other event is forwarded, so the JavaScript hook keeps
// every decision; the filter only needs a mirror of what it would decide from:
// - the thread it describes, and whether that thread's running frame needs lines (LineGate);
// - the lines that hold a breakpoint, in any script;
// - the Protos LineGate found to need no lines (cleared with its own cache).
// The mirror names a thread only while it is exact: breakpoints (and nothing else) armed, no
// step or pause under way, no guest hook on that thread. Otherwise every event is forwarded.
// Without the Lua instance's Memory (engine.ts could not catch it), the JavaScript hook is
// given to Lua directly.
import type { LuaApi, LuaState } from './engine.js';
import { HOOK_FILTER_WASM } from './hook-filter-wasm.js';

const STATE_THREAD = 0;
const STATE_LINE = 4;
const STATE_LINES = 8;
const STATE_NLINES = 12;
const STATE_PLAIN = 16;
const STATE_PMASK = 20;
const STATE_SIZE = 24;
/** Slots of the plain-Proto set (a power of two); filled to half at most, then Protos are forwarded. */
const PLAIN_SLOTS = 4096;

let compiled: WebAssembly.Module | undefined;

export class HookFilter {
  /** The hook to give lua_sethook (a function-table index). */
  readonly hook: number;
  private readonly state: number = 0;
  private plainCount = 0;
  private linesSize = 0;

  constructor(private readonly lua: LuaApi, forward: (L: LuaState, ar: number) => void) {
    const M = lua.M;
    if (!lua.memory) {
      this.hook = M.addFunction(forward, 'vii');
      return;
    }
    this.state = M._malloc(STATE_SIZE);
    const plain = M._malloc(PLAIN_SLOTS * 4);
    M.HEAPU8.fill(0, this.state, this.state + STATE_SIZE);
    M.HEAPU8.fill(0, plain, plain + PLAIN_SLOTS * 4);
    M.HEAP32[(this.state + STATE_PLAIN) >> 2] = plain;
    M.HEAP32[(this.state + STATE_PMASK) >> 2] = PLAIN_SLOTS - 1;
    compiled ??= new WebAssembly.Module(Buffer.from(HOOK_FILTER_WASM, 'base64'));
    const instance = new WebAssembly.Instance(compiled, {
      lua: { memory: lua.memory },
      filter: { state: new WebAssembly.Global({ value: 'i32', mutable: false }, this.state), forward },
    });
    this.hook = M.addFunction(instance.exports.hook as (...args: number[]) => void, 'vii');
  }

  /**
   * What LineGate says about T now. `exact`: the mirror may describe T (only breakpoints armed, no
   * guest hook on T); otherwise it stops describing T, and T's events are all forwarded.
   */
  follow(T: LuaState, line: boolean, exact: boolean): void {
    if (!this.state) return;
    const heap = this.lua.M.HEAP32, at = this.state >> 2;
    if (exact) {
      heap[at + STATE_THREAD / 4] = T;
      heap[at + STATE_LINE / 4] = line ? 1 : 0;
    } else if (heap[at + STATE_THREAD / 4] === T) {
      heap[at + STATE_THREAD / 4] = 0;
    }
  }

  /** No thread is described: every event is forwarded. */
  forwardAll(): void {
    if (this.state) this.lua.M.HEAP32[(this.state + STATE_THREAD) >> 2] = 0;
  }

  /** The lines that hold a breakpoint, in any script. */
  setLines(lines: ReadonlySet<number>): void {
    if (!this.state) return;
    const M = this.lua.M;
    let size = 0;
    for (const line of lines) size = Math.max(size, line + 1);
    let map = M.HEAP32[(this.state + STATE_LINES) >> 2];
    if (size > this.linesSize) {
      if (map) M._free(map);
      map = M._malloc(size);
      this.linesSize = size;
    }
    M.HEAPU8.fill(0, map, map + this.linesSize);
    for (const line of lines) M.HEAPU8[map + line] = 1;
    M.HEAP32[(this.state + STATE_LINES) >> 2] = map;
    M.HEAP32[(this.state + STATE_NLINES) >> 2] = size;
  }

  /** A Proto LineGate found to need no lines. */
  notePlain(proto: number): void {
    if (!this.state || this.plainCount >= PLAIN_SLOTS / 2) return;
    const M = this.lua.M;
    const table = M.HEAP32[(this.state + STATE_PLAIN) >> 2] >> 2;
    // The same hash as hook-filter.wat's $plain: (proto >> 3) * 0x9E3779B1, wrapped to 32 bits.
    let i = Math.imul(proto >>> 3, 0x9E3779B1) & (PLAIN_SLOTS - 1);
    for (;;) {
      const key = M.HEAP32[table + i];
      if (key === proto) return;
      if (key === 0) break;
      i = (i + 1) & (PLAIN_SLOTS - 1);
    }
    M.HEAP32[table + i] = proto;
    this.plainCount++;
  }

  /** Breakpoints or scripts changed: what needs lines is decided again. */
  clearPlain(): void {
    if (!this.state || !this.plainCount) return;
    const M = this.lua.M;
    const plain = M.HEAP32[(this.state + STATE_PLAIN) >> 2];
    M.HEAPU8.fill(0, plain, plain + PLAIN_SLOTS * 4);
    this.plainCount = 0;
  }
}
