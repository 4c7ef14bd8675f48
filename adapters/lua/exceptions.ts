// Exception stops for Lua (SPEC §6.7). Lua has no exception hook, but a protected call's message
// handler runs where the error was raised, before anything unwinds. So:
// - uncaught: the handler of the outermost call (LuaSession.run) sees errors no pcall catches;
// - caught: pcall and xpcall are replaced by Lua wrappers that tail-call the original xpcall with a
//   handler of ours (composed with the user's own for xpcall), so a protected call's error is seen
//   with every frame still there. Tail calls keep the stack depth and let the body yield;
// - a coroutine that dies of an error keeps its stack, and coroutine.resume turns the error into a
//   value (caught): the resume wrapper reports it in the dead coroutine's frames.
import { AbiError, type ExceptionDetails, type ExceptionFilter, type ExceptionFilterKind } from '../../abi/index.js';
import { LUA, type LuaApi, type LuaState } from './engine.js';

/** Installs the pcall/xpcall wrappers; `handler` is a C function that takes and returns the error. */
const WRAP_PROTECTED_CALLS = String.raw`
local handler = ...
local G, xpcall0, select, type, error = _G, xpcall, select, type, error
local function pcall_(...)
  if select('#', ...) == 0 then error("bad argument #1 to 'pcall' (value expected)", 0) end
  return xpcall0((...), handler, select(2, ...))
end
local function xpcall_(f, msgh, ...)
  if type(msgh) ~= 'function' then return xpcall0(f, msgh, ...) end
  return xpcall0(f, function(e) handler(e) return msgh(e) end, ...)
end
G.pcall, G.xpcall = pcall_, xpcall_
`;

export function wrapProtectedCalls(lua: LuaApi, L: LuaState, handler: number): void {
  const bytes = lua.M.stringToNewUTF8(WRAP_PROTECTED_CALLS);
  const rc = lua.loadbuffer(L, bytes, lua.M.lengthBytesUTF8(WRAP_PROTECTED_CALLS), lua.cs('=nestdbg'), lua.cs('t'));
  lua.M._free(bytes);
  if (rc !== LUA.OK) throw new Error(`nestdbg: pcall wrappers: ${lua.tostr(L, -1)}`);
  lua.pushcclosure(L, handler, 0);
  if (lua.pcall(L, 1, 0, 0) !== LUA.OK) throw new Error(`nestdbg: pcall wrappers: ${lua.tostr(L, -1)}`);
}

/** The filters the host set, and the exception of the current stop. */
export class LuaExceptionFilters {
  private filters = new Map<ExceptionFilterKind, ExceptionFilter>();
  /** The exception of the current `exception` stop (SPEC §6.7 exception-info). */
  current: ExceptionDetails | undefined;

  /** Replaces the filters; `syntaxError` checks a condition without running it. */
  set(filters: ExceptionFilter[], syntaxError: (condition: string) => string | undefined): void {
    const next = new Map<ExceptionFilterKind, ExceptionFilter>();
    for (const f of filters) {
      if (f.kind !== 'caught' && f.kind !== 'uncaught') throw new AbiError({ message: `unknown exception filter ${String(f.kind)}` });
      const condition = f.condition?.trim() ? f.condition : undefined;
      const error = condition && syntaxError(condition);
      if (error) throw new AbiError({ message: `exception filter condition: ${error}` });
      next.set(f.kind, { kind: f.kind, condition });
    }
    this.filters = next;
  }

  get(kind: ExceptionFilterKind): ExceptionFilter | undefined {
    return this.filters.get(kind);
  }

  info(): ExceptionDetails {
    if (!this.current) throw new AbiError({ message: 'not stopped at an exception' });
    return this.current;
  }
}
