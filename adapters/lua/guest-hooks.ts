// The guest's own debug.sethook / debug.gethook, kept apart from the producer's hooks (SPEC §13.2:
// the guest must not observe debugger state, nor turn its hooks off). Lua has one hook per thread,
// which the producer owns; these replacements record what the guest asked for, the producer's hook
// adds those events to the thread's mask (HookMask) and calls the guest's function for them, as
// ldblib's hookf would: with the event name and the line. gethook answers with the guest's hook
// only, nil when it has none, where the builtin would say "external hook".
//
// The count hook is shared: its period is the smaller of the guest's and the producer's, and the
// guest's function runs once the instructions counted reach its own count. lua_sethook restarts
// the count, which the producer does whenever it arms or gates its hooks (at every call into and
// return from a function that holds a breakpoint, say), so the instructions counted are carried
// over: before each lua_sethook, those since the last count event are added up (the thread's
// `hookcount` says how many of the ones it was set to are left), and after it `hookcount` is set
// to what the guest has still to go. Exact, except across the host's interrupt (SPEC §8.6), which
// re-sets the hooks at an arbitrary instant without this bookkeeping: that count event may come
// up to one period early or late.
import { AR, LUA, LUA_STATE, type LuaApi, type LuaState } from './engine.js';
import { callerOf, cFunctionOf, protoInfo, protoOf } from './call-info.js';

/**
 * The producer's own functions, whose events the guest's hook must not see: `standIns` replace a
 * builtin (pcall, coroutine.resume, …; their C functions, and `source`, the chunk of the Lua ones),
 * so their calls and returns are shown as the builtin's, and what they call themselves is not;
 * `helpers` (a message handler) are not shown at all.
 */
export interface OwnFunctions {
  source: number;
  standIns: ReadonlySet<number>;
  helpers: ReadonlySet<number>;
}

interface GuestHook {
  /** LUA.MASK* bits the guest asked for (nonzero: a hook with no events is no hook). */
  mask: number;
  count: number;
  /** Instructions counted towards `count`, and the period the thread's count hook has now. */
  ticks: number;
  period: number;
  /** The thread's `hookcount` when last accounted for (0: never set by us): ticks lag by `pending - hookcount`. */
  pending: number;
  /** The last count event completed `count`: the guest's function runs at its dispatch. */
  due: boolean;
}

const EVENT_NAMES = ['call', 'return', 'line', 'count', 'tail call'];
const EVENT_MASKS = [LUA.MASKCALL, LUA.MASKRET, LUA.MASKLINE, LUA.MASKCOUNT, LUA.MASKCALL];

export class GuestHooks {
  private readonly hooks = new Map<LuaState, GuestHook>();
  /** Registry ref of a weak-keyed table, thread → the guest's hook function (as ldblib keeps them). */
  private tableRef = 0;
  own: OwnFunctions = { source: -1, standIns: new Set(), helpers: new Set() };

  constructor(private readonly lua: LuaApi) {}

  /**
   * Replaces debug.sethook and debug.gethook (C functions, as the builtins are). `changed(T)`
   * re-applies T's mask after the guest changed its hook.
   */
  install(L: LuaState, changed: (T: LuaState) => void): void {
    const lua = this.lua, M = lua.M;
    lua.createtable(L, 0, 0);
    lua.createtable(L, 0, 1);
    lua.push(L, 'k');
    lua.setfield(L, -2, lua.cs('__mode'));
    M._lua_setmetatable(L as never, -2 as never);
    this.tableRef = lua.ref(L, LUA.REGISTRYINDEX);
    const threadArg = (L1: number): [number, LuaState] => (lua.type(L1, 1) === LUA.TTHREAD ? [1, lua.tothread(L1, 1)] : [0, L1]);
    const sethook = M.addFunction((L1: number) => {
      const [arg, T] = threadArg(L1);
      let mask = 0, count = 0;
      const kind = lua.type(L1, arg + 1);
      if (kind === LUA.TNONE || kind === LUA.TNIL) lua.settop(L1, arg + 1);
      else {
        // The builtin's argument checks, with its messages (luaL_* raise them).
        const smask = lua.str(M._luaL_checklstring(L1 as never, (arg + 2) as never, 0 as never) as unknown as number);
        M._luaL_checktype(L1 as never, (arg + 1) as never, LUA.TFUNCTION as never);
        count = Number(M._luaL_optinteger(L1 as never, (arg + 3) as never, 0n as never) as unknown as bigint);
        mask = (smask.includes('c') ? LUA.MASKCALL : 0) | (smask.includes('r') ? LUA.MASKRET : 0) | (smask.includes('l') ? LUA.MASKLINE : 0) | (count > 0 ? LUA.MASKCOUNT : 0);
      }
      lua.rawgeti(L1, LUA.REGISTRYINDEX, BigInt(this.tableRef));
      if (arg === 1) lua.pushvalue(L1, 1);
      else lua.pushthread(L1);
      if (mask) lua.pushvalue(L1, arg + 1);
      else lua.pushnil(L1);
      M._lua_rawset(L1 as never, -3 as never);
      if (mask) this.hooks.set(T, { mask, count, ticks: 0, period: 0, pending: 0, due: false });
      else this.hooks.delete(T);
      changed(T);
      return 0;
    }, 'ii');
    const gethook = M.addFunction((L1: number) => {
      const [arg, T] = threadArg(L1);
      const hook = this.live(T, L1);
      if (!hook) {
        lua.pushnil(L1);
        return 1;
      }
      lua.rawgeti(L1, LUA.REGISTRYINDEX, BigInt(this.tableRef));
      if (arg === 1) lua.pushvalue(L1, 1);
      else lua.pushthread(L1);
      M._lua_rawget(L1 as never, -2 as never);
      lua.push(L1, (hook.mask & LUA.MASKCALL ? 'c' : '') + (hook.mask & LUA.MASKRET ? 'r' : '') + (hook.mask & LUA.MASKLINE ? 'l' : ''));
      lua.pushinteger(L1, BigInt(hook.count));
      return 3;
    }, 'ii');
    lua.getglobal(L, lua.cs('debug'));
    lua.pushcclosure(L, sethook, 0);
    lua.setfield(L, -2, lua.cs('sethook'));
    lua.pushcclosure(L, gethook, 0);
    lua.setfield(L, -2, lua.cs('gethook'));
    lua.settop(L, 0);
  }

  /** The events the guest asked for on T (LUA.MASK* bits), and its count (0: none). */
  get(T: LuaState): { mask: number; count: number } | undefined {
    return this.hooks.size ? this.hooks.get(T) : undefined;
  }

  /** T's hooks are about to be set again (lua_sethook restarts the count): counts what ran since the last count event. */
  beforeSet(T: LuaState): void {
    const hook = this.hooks.get(T);
    if (!hook?.count || !hook.pending) return;
    const left = this.lua.M.HEAP32[(T + LUA_STATE.hookcount) >> 2];
    hook.ticks += hook.pending - left;
    hook.pending = left; // accounted: a second call before any instruction adds nothing
  }

  /** T's hooks were set, its count hook every `period` instructions: the first event comes when the guest's count is due. */
  afterSet(T: LuaState, period: number): void {
    const hook = this.hooks.get(T);
    if (!hook?.count) return;
    hook.period = period;
    const next = Math.max(1, Math.min(period, hook.count - hook.ticks));
    this.lua.M.HEAP32[(T + LUA_STATE.hookcount) >> 2] = next;
    hook.pending = next;
  }

  /**
   * A count event on L (first thing in the producer's hook, before it may set hooks again): Lua
   * has restarted the count at the period. Decides whether the guest's count is due.
   */
  counted(L: LuaState): void {
    const hook = this.hooks.size ? this.hooks.get(L) : undefined;
    if (!hook?.count) return;
    hook.ticks += hook.pending;
    hook.pending = hook.period;
    if (hook.ticks >= hook.count) {
      hook.ticks = 0;
      hook.due = true;
    }
  }

  /**
   * A thread about to run: drops the entry of a thread that was collected (its address may now be
   * another thread's; the weak table forgot it). `L1`: a thread to do the lookup on.
   */
  refresh(T: LuaState, L1: LuaState): void {
    if (this.hooks.has(T)) this.live(T, L1);
  }

  /** Calls the guest's hook for this event of L's, if it asked for it. Last thing in the producer's hook: it may raise. */
  dispatch(L: LuaState, ar: number, event: number): void {
    const hook = this.hooks.size ? this.hooks.get(L) : undefined;
    if (!hook || !(hook.mask & EVENT_MASKS[event])) return;
    if (event === LUA.HOOKCOUNT) {
      if (!hook.due) return;
      hook.due = false;
    } else if (this.hidden(this.lua.M.HEAP32[(ar + AR.i_ci) >> 2], event)) return;
    const lua = this.lua;
    lua.checkstack(L, 4);
    lua.rawgeti(L, LUA.REGISTRYINDEX, BigInt(this.tableRef));
    lua.pushthread(L);
    if (lua.M._lua_rawget(L as never, -2 as never) as unknown as number !== LUA.TFUNCTION) {
      lua.pop(L, 2);
      return;
    }
    lua.rotate(L, -2, 1);
    lua.pop(L, 1);
    lua.push(L, EVENT_NAMES[event]);
    const line = lua.M.HEAP32[(ar + AR.currentline) >> 2];
    if (line >= 0) lua.pushinteger(L, BigInt(line));
    else lua.pushnil(L);
    lua.call(L, 2, 0);
  }

  /** An event of the function running in `ci` that the plain interpreter would not have. */
  private hidden(ci: number, event: number): boolean {
    const kind = this.ownKind(ci);
    if (event === LUA.HOOKLINE) return kind !== undefined;
    if (kind) return kind === 'helper';
    return this.ownKind(callerOf(this.lua.M, ci)) !== undefined;
  }

  private ownKind(ci: number): 'stand-in' | 'helper' | undefined {
    const M = this.lua.M;
    const proto = protoOf(M, ci);
    if (proto) return protoInfo(M, proto).source === this.own.source ? 'stand-in' : undefined;
    const f = cFunctionOf(M, ci);
    return this.own.standIns.has(f) ? 'stand-in' : this.own.helpers.has(f) ? 'helper' : undefined;
  }

  /** T's entry if the weak table still has a function for T. */
  private live(T: LuaState, L1: LuaState): GuestHook | undefined {
    const hook = this.hooks.get(T);
    if (!hook) return undefined;
    const lua = this.lua;
    lua.checkstack(L1, 3);
    lua.rawgeti(L1, LUA.REGISTRYINDEX, BigInt(this.tableRef));
    if (T === L1) lua.pushthread(L1);
    else {
      lua.M._lua_pushthread(T as never);
      lua.xmove(T, L1, 1);
    }
    const alive = (lua.M._lua_rawget(L1 as never, -2 as never) as unknown as number) === LUA.TFUNCTION;
    lua.pop(L1, 2);
    if (!alive) this.hooks.delete(T);
    return alive ? hook : undefined;
  }
}
