// Which running frames need the line hook while only breakpoints (and a step over or out) are
// armed, so that Lua pays for what is armed: a call hook turns the line hook on in a function that
// holds a breakpoint or is on the step's path, and off elsewhere; a return hook, on only while such
// a frame runs or waits below the running one, turns it back on when control returns there (and
// off when such a frame returns to one that does not need it).
//
// Per thread (Lua hooks are per thread): `line`, whether the running frame needs lines, and
// `holders`, the CallInfos below it that do (bottom first). A C function changes nothing: it has
// no lines, and its frame inherits the need of the frame that called it, so that a Lua function
// it calls back (pcall, sort, gsub) is handled like a direct call. An error unwinds frames without
// return hooks, so `holders` may keep CallInfos of frames that are gone: a return into a Lua frame
// decides from that frame alone, and a return into a frame listed drops the entries above it.
import type { LuaModule, LuaState, LuaApi } from './engine.js';
import { AR } from './engine.js';
import { callerOf, protoInfo, protoOf, type ProtoInfo } from './call-info.js';
import type { HookFilter } from './hook-filter.js';

export interface ThreadLines {
  /** The running frame needs the line hook. */
  line: boolean;
  /** CallInfos of frames below the running one that need it, bottom first. */
  holders: number[];
}

/** The thread needs the return hook: a frame that needs lines runs, or waits to be returned to. */
export function needsReturns(s: ThreadLines): boolean {
  return s.line || s.holders.length > 0;
}

export class LineGate {
  private readonly threads = new Map<LuaState, ThreadLines>();
  /** Proto → holds a breakpoint. Cleared when breakpoints or scripts change (a freed Proto's address may be reused). */
  private readonly protoNeeds = new Map<number, boolean>();
  /** CallInfos of the frames a step over or out may stop in (SPEC §6.4): the origin (over) and below. */
  private path: ReadonlySet<number> | undefined;
  private readonly M: LuaModule;
  /** The last thread a hook fired on, and its state: the hooks' Map lookup, mostly skipped. */
  private lastThread = 0;
  private lastState: ThreadLines = { line: false, holders: [] };

  /** `holds`: whether the function a Proto describes has a breakpoint on one of its own lines. */
  /** `filter`: told which Protos need no lines, so that it answers their calls and returns itself. */
  constructor(private readonly lua: LuaApi, private readonly ar: number, private readonly holds: (info: ProtoInfo) => boolean, private readonly filter: HookFilter) {
    this.M = lua.M;
  }

  /** Breakpoints, scripts or the step changed: forget what was derived from them (then rebuild the threads). */
  rearm(path: ReadonlySet<number> | undefined): void {
    this.protoNeeds.clear();
    this.filter.clearPlain();
    this.path = path;
  }

  state(T: LuaState): ThreadLines {
    if (T === this.lastThread) return this.lastState;
    let s = this.threads.get(T);
    if (!s) this.threads.set(T, (s = { line: false, holders: [] }));
    this.lastThread = T;
    return (this.lastState = s);
  }

  /** Recomputes T's state from its stack: after a rearm, and for a coroutine about to resume. */
  rebuild(T: LuaState): void {
    const lua = this.lua, ar = this.ar, heap = this.M.HEAP32;
    const cis: number[] = [];
    for (let level = 0; lua.getstack(T, level, ar); level++) cis.push(heap[(ar + AR.i_ci) >> 2]);
    const s = this.state(T);
    s.holders = [];
    let inherited = false;
    for (let i = cis.length - 1; i >= 0; i--) {
      const ci = cis[i];
      const proto = protoOf(this.M, ci);
      inherited = proto ? this.frameNeeds(ci, proto) : inherited;
      if (i > 0 && inherited) s.holders.push(ci);
    }
    s.line = cis.length > 0 && inherited;
  }

  /** A call hook (`tail`: a tail call, which replaces the caller's frame). Returns whether T's state changed. */
  called(L: LuaState, ar: number, tail: boolean): boolean {
    const ci = this.M.HEAP32[(ar + AR.i_ci) >> 2];
    const proto = protoOf(this.M, ci);
    if (!proto) return false;
    const s = this.state(L);
    const need = this.frameNeeds(ci, proto);
    const returns = needsReturns(s);
    if (s.line && !tail) s.holders.push(callerOf(this.M, ci));
    const line = s.line;
    s.line = need;
    return need !== line || needsReturns(s) !== returns;
  }

  /** A return hook. Returns whether T's state changed. */
  returned(L: LuaState, ar: number): boolean {
    const caller = callerOf(this.M, this.M.HEAP32[(ar + AR.i_ci) >> 2]);
    const s = this.state(L);
    const returns = needsReturns(s);
    const at = s.holders.lastIndexOf(caller);
    if (at >= 0) s.holders.length = at;
    const proto = protoOf(this.M, caller);
    const need = proto ? this.frameNeeds(caller, proto) : at >= 0;
    const line = s.line;
    s.line = need;
    return need !== line || needsReturns(s) !== returns;
  }

  /** The Lua frame running `proto` in `ci` needs the line hook. */
  private frameNeeds(ci: number, proto: number): boolean {
    if (this.path?.has(ci)) return true;
    let needs = this.protoNeeds.get(proto);
    if (needs === undefined) {
      this.protoNeeds.set(proto, (needs = this.holds(protoInfo(this.M, proto))));
      if (!needs) this.filter.notePlain(proto);
    }
    return needs;
  }
}
