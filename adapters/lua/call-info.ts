// Reads a running frame's function straight from Lua 5.4's structs in wasmoon's memory (wasm32).
// The call hook fires on every call, and lua_getinfo("S") there costs as much as the line hook it
// replaces (fib 5.2x against 3.1x for these reads), so the hook reads the CallInfo, the closure
// and its Proto itself. Offsets are from lstate.h / lobject.h, verified by lua.test.ts.
import type { LuaModule } from './engine.js';

/** CallInfo: `func` (StkId) at 0, `previous` at 8. */
const CI_PREVIOUS = 8;
/** A stack slot is a TValue: the value (a GCObject pointer) at 0, its type tag at 8. */
const TVALUE_TAG = 8;
/** ctb(LUA_VLCL): a Lua closure, collectable. */
const TAG_LUA_CLOSURE = 0x46;
/** LUA_VLCF, a light C function (the value is the function), and ctb(LUA_VCCL), a C closure. */
const TAG_LIGHT_C = 0x16;
const TAG_C_CLOSURE = 0x66;
/** LClosure: CommonHeader, nupvalues, gclist, then `p` (Proto *) at 12; CClosure has `f` there. */
const LCLOSURE_PROTO = 12;
const CCLOSURE_F = 12;
/** Proto: linedefined at 40, lastlinedefined at 44, source (TString *) at 76. */
const PROTO_LINEDEFINED = 40;
const PROTO_LASTLINEDEFINED = 44;
const PROTO_SOURCE = 76;
/** TString: the characters start at 16 (what lua_getinfo gives as `source`). */
const TSTRING_CONTENTS = 16;

/** The CallInfo below `ci` (its caller's; the thread's base CallInfo has no function). */
export function callerOf(M: LuaModule, ci: number): number {
  return M.HEAP32[(ci + CI_PREVIOUS) >> 2];
}

/** The Proto of the Lua function running in `ci`, or 0 if it runs a C function. */
export function protoOf(M: LuaModule, ci: number): number {
  const heap = M.HEAP32;
  const func = heap[ci >> 2];
  if (!func || M.HEAPU8[func + TVALUE_TAG] !== TAG_LUA_CLOSURE) return 0;
  return heap[(heap[func >> 2] + LCLOSURE_PROTO) >> 2];
}

/** The Proto of a Lua closure (lua_topointer of a Lua function). */
export function closureProto(M: LuaModule, closure: number): number {
  return M.HEAP32[(closure + LCLOSURE_PROTO) >> 2];
}

/** The C function (its function-table index, as addFunction gives) running in `ci`, or 0 if none. */
export function cFunctionOf(M: LuaModule, ci: number): number {
  const heap = M.HEAP32;
  const func = heap[ci >> 2];
  if (!func) return 0;
  const tag = M.HEAPU8[func + TVALUE_TAG];
  if (tag === TAG_LIGHT_C) return heap[func >> 2];
  return tag === TAG_C_CLOSURE ? heap[(heap[func >> 2] + CCLOSURE_F) >> 2] : 0;
}

export interface ProtoInfo {
  /** The chunk name's characters (the pointer lua_getinfo gives as `source`), 0 if stripped. */
  source: number;
  linedefined: number;
  lastlinedefined: number;
}

export function protoInfo(M: LuaModule, proto: number): ProtoInfo {
  const heap = M.HEAP32;
  const source = heap[(proto + PROTO_SOURCE) >> 2];
  return {
    source: source ? source + TSTRING_CONTENTS : 0,
    linedefined: heap[(proto + PROTO_LINEDEFINED) >> 2],
    lastlinedefined: heap[(proto + PROTO_LASTLINEDEFINED) >> 2],
  };
}
