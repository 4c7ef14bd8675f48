// coroutine.resume and the functions coroutine.wrap returns, wrapped (before the guest runs) so
// that the producer knows which threads are running (for frames and depth, SPEC §6.6) and can give
// a resumed thread the current hook mask (Lua hooks are per thread); a coroutine that dies of an
// error is reported when resume returns it (SPEC §6.7, caught).
import { LUA, type LuaApi, type LuaState } from './engine.js';

export interface CoroutineTracker {
  /** `co` is about to run (resumed): push it on the chain and give it the hook. */
  entered(co: LuaState): void;
  left(): void;
  /** Resumes made while inspecting are not tracked. */
  inspecting(): boolean;
  /** resume returned (false, error) from `co`, which died of it; the error is at index 2 of L1. */
  died(co: LuaState, L1: LuaState): void;
}

/** Returns the C functions that stand in for coroutine.resume, coroutine.wrap and what wrap returns. */
export function wrapCoroutines(lua: LuaApi, L: LuaState, tracker: CoroutineTracker): number[] {
  const up = (i: number) => LUA.REGISTRYINDEX - i;
  const callThrough = (L1: number, co: LuaState, resuming = false) => {
    lua.pushvalue(L1, up(1));
    lua.rotate(L1, 1, 1);
    const n = lua.gettop(L1) - 1;
    const tracked = co !== 0 && !tracker.inspecting();
    if (tracked) tracker.entered(co);
    try {
      lua.call(L1, n, LUA.MULTRET);
    } finally {
      if (tracked) tracker.left();
    }
    // resume returned (false, error) from a coroutine that died of it: caught, its stack intact.
    if (tracked && resuming && lua.status(co) > LUA.YIELD) tracker.died(co, L1);
    return lua.gettop(L1);
  };
  const resume = lua.M.addFunction((L1: number) => callThrough(L1, lua.type(L1, 1) === LUA.TTHREAD ? lua.tothread(L1, 1) : 0, true), 'ii');
  const wrapped = lua.M.addFunction((L1: number) => callThrough(L1, lua.tothread(L1, up(2))), 'ii');
  const wrap = lua.M.addFunction((L1: number) => {
    lua.pushvalue(L1, up(1));
    lua.rotate(L1, 1, 1);
    lua.call(L1, lua.gettop(L1) - 1, 1);
    lua.getupvalue(L1, -1, 1); // auxwrap's upvalue: the thread
    lua.pushcclosure(L1, wrapped, 2);
    return 1;
  }, 'ii');
  lua.getglobal(L, lua.cs('coroutine'));
  for (const [name, fn] of [['resume', resume], ['wrap', wrap]] as const) {
    lua.getfield(L, -1, lua.cs(name));
    lua.pushcclosure(L, fn, 1);
    lua.setfield(L, -2, lua.cs(name));
  }
  lua.settop(L, 0);
  return [resume, wrapped, wrap];
}
