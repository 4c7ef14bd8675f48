// The Lua stack as the producer sees it: which announced script a function belongs to (by its
// source pointer), the threads that make up the logical stack (a resumed coroutine above its
// resumer, SPEC §6.6), the guest frames on them, and cheap frame counts for stepping.
import { AR, type LuaApi, type LuaState } from './engine.js';
import type { FrameRecord } from './producer.js';
import type { LuaScript } from './scripts.js';

export class LuaStack {
  /** Source pointer → script (registered chunks are anchored, so their pointers stay valid). */
  private readonly bySourcePtr = new Map<number, LuaScript | null>();

  /** `chain`: threads running or waiting in resume, bottom (main) first. */
  constructor(private readonly lua: LuaApi, private readonly ar: number, private readonly chain: LuaState[], private readonly byChunk: Map<string, LuaScript>) {}

  /** A new chunk was registered: forget the pointers known to belong to no script. */
  chunkAdded(): void {
    for (const [ptr, s] of this.bySourcePtr) if (s === null) this.bySourcePtr.delete(ptr);
  }

  scriptAt(sourcePtr: number): LuaScript | undefined {
    let script = this.bySourcePtr.get(sourcePtr);
    if (script === undefined) {
      script = this.byChunk.get(this.lua.str(sourcePtr)) ?? null;
      this.bySourcePtr.set(sourcePtr, script);
    }
    return script ?? undefined;
  }

  /** Threads whose frames make up the logical stack when L runs, top first. */
  threadsFrom(L: LuaState): LuaState[] {
    const i = this.chain.lastIndexOf(L);
    if (i >= 0) return this.chain.slice(0, i + 1).reverse();
    return [L, ...[...this.chain].reverse()];
  }

  /** Guest frames (Lua functions of announced scripts), top first; with names when `named`. */
  walk(L: LuaState, named: boolean): FrameRecord[] {
    const lua = this.lua, ar = this.ar, heap = lua.M.HEAP32;
    const frames: FrameRecord[] = [];
    const what = lua.cs(named ? 'Sln' : 'S');
    for (const T of this.threadsFrom(L)) {
      for (let level = 0; lua.getstack(T, level, ar); level++) {
        lua.getinfo(T, what, ar);
        const script = this.scriptAt(heap[(ar + AR.source) >> 2]);
        if (!script) continue;
        const kind = lua.str(heap[(ar + AR.what) >> 2]);
        if (kind === 'C') continue;
        let name = '';
        if (named) name = kind === 'main' ? '<main>' : definedName(script, heap[(ar + AR.linedefined) >> 2]) ?? (lua.str(heap[(ar + AR.name) >> 2]) || '<anonymous>');
        frames.push({ id: frames.length, thread: T, level, name, script, line: named ? heap[(ar + AR.currentline) >> 2] : 0 });
      }
    }
    return frames;
  }

  /** Number of frames of any kind on L's own stack. */
  totalFrames(L: LuaState): number {
    const lua = this.lua, ar = this.ar;
    if (!lua.getstack(L, 0, ar)) return 0;
    let lo = 0, hi = 1;
    while (lua.getstack(L, hi, ar)) {
      lo = hi;
      hi *= 2;
    }
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (lua.getstack(L, mid, ar)) lo = mid;
      else hi = mid;
    }
    return lo + 1;
  }
}

const DEFINITION = /(?:^|[^\w.:])function\s+([A-Za-z_][\w.:]*)\s*\(|([A-Za-z_][\w.:]*)\s*=\s*function\s*\(/;

/** The name a function was defined with, read from its defining line (`function a.b:c(`, `x = function(`). */
function definedName(script: LuaScript, line: number): string | undefined {
  script.lineTexts ??= script.source.split(/\r\n|\r|\n/);
  const m = DEFINITION.exec(script.lineTexts[line - 1] ?? '');
  return m ? m[1] ?? m[2] : undefined;
}
