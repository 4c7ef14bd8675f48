// Loads wasmoon's Lua 5.4 Wasm build and gives raw, typed access to its `_lua_*` exports.
// The raw exports take pointers; C strings that are used repeatedly are allocated once (`cs`).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The emscripten module wasmoon builds (only what nestdbg uses). */
export interface LuaModule {
  HEAPU8: Uint8Array;
  HEAP32: Int32Array;
  addFunction(fn: (...args: number[]) => number | void, signature: string): number;
  stringToNewUTF8(s: string): number;
  lengthBytesUTF8(s: string): number;
  _malloc(n: number): number;
  _free(p: number): void;
  [name: `_lua${string}`]: (...args: never[]) => never;
}

export type LuaState = number;

/** lua.h constants (Lua 5.4). */
export const LUA = {
  OK: 0, YIELD: 1, MULTRET: -1,
  REGISTRYINDEX: -1001000, RIDX_GLOBALS: 2,
  TNONE: -1, TNIL: 0, TBOOLEAN: 1, TLIGHTUSERDATA: 2, TNUMBER: 3, TSTRING: 4, TTABLE: 5, TFUNCTION: 6, TUSERDATA: 7, TTHREAD: 8,
  MASKCALL: 1, MASKRET: 2, MASKLINE: 4, MASKCOUNT: 8,
  HOOKCALL: 0, HOOKRET: 1, HOOKLINE: 2, HOOKCOUNT: 3, HOOKTAILCALL: 4,
} as const;

/** lua_State on wasm32 (Lua 5.4): `hookcount`, the instructions left before the next count event (verified by lua.test). */
export const LUA_STATE = { basehookcount: 104, hookcount: 108 } as const;

/** lua_Debug on wasm32 (Lua 5.4): field offsets, verified by engine.test. */
export const AR = { event: 0, name: 4, namewhat: 8, what: 12, source: 16, currentline: 24, linedefined: 28, lastlinedefined: 32, short_src: 44, i_ci: 104, size: 256 } as const;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Fn = (...args: any[]) => any;

/** The raw C API: every function takes and returns numbers (lua_Integer as bigint). */
export interface LuaApi {
  M: LuaModule;
  /** The Lua instance's memory (its views are M.HEAP*), when it could be caught at load. */
  memory: WebAssembly.Memory | undefined;
  newstate(): LuaState;
  openlibs(L: LuaState): void;
  loadbuffer(L: LuaState, buf: number, size: number, chunkname: number, mode: number): number;
  pcall(L: LuaState, nargs: number, nresults: number, msgh: number): number;
  call(L: LuaState, nargs: number, nresults: number): void;
  gettop(L: LuaState): number;
  settop(L: LuaState, idx: number): void;
  pushvalue(L: LuaState, idx: number): void;
  rotate(L: LuaState, idx: number, n: number): void;
  xmove(from: LuaState, to: LuaState, n: number): void;
  checkstack(L: LuaState, n: number): number;
  type(L: LuaState, idx: number): number;
  toboolean(L: LuaState, idx: number): number;
  tolstring(L: LuaState, idx: number, lenPtr: number): number;
  tonumberx(L: LuaState, idx: number, isnum: number): number;
  tothread(L: LuaState, idx: number): LuaState;
  topointer(L: LuaState, idx: number): number;
  rawlen(L: LuaState, idx: number): number;
  pushnil(L: LuaState): void;
  pushboolean(L: LuaState, b: number): void;
  pushinteger(L: LuaState, n: bigint): void;
  pushstring(L: LuaState, s: number): number;
  pushlstring(L: LuaState, s: number, len: number): number;
  pushcclosure(L: LuaState, fn: number, n: number): void;
  pushthread(L: LuaState): number;
  rawgeti(L: LuaState, idx: number, n: bigint): number;
  rawseti(L: LuaState, idx: number, n: bigint): void;
  getfield(L: LuaState, idx: number, k: number): number;
  setfield(L: LuaState, idx: number, k: number): void;
  getglobal(L: LuaState, name: number): number;
  setglobal(L: LuaState, name: number): void;
  createtable(L: LuaState, narr: number, nrec: number): void;
  newthread(L: LuaState): LuaState;
  status(L: LuaState): number;
  dump(L: LuaState, writer: number, data: number, strip: number): number;
  getstack(L: LuaState, level: number, ar: number): number;
  getinfo(L: LuaState, what: number, ar: number): number;
  getlocal(L: LuaState, ar: number, n: number): number;
  setlocal(L: LuaState, ar: number, n: number): number;
  getupvalue(L: LuaState, funcindex: number, n: number): number;
  setupvalue(L: LuaState, funcindex: number, n: number): number;
  sethook(L: LuaState, fn: number, mask: number, count: number): void;
  ref(L: LuaState, t: number): number;
  unref(L: LuaState, t: number, ref: number): void;
  traceback(L: LuaState, L1: LuaState, msg: number, level: number): void;
  tolstringMeta(L: LuaState, idx: number, lenPtr: number): number;
  /** A C string allocated once and kept for the life of the process. */
  cs(s: string): number;
  /** Reads a NUL-terminated (or `len`-byte) C string as UTF-8; invalid bytes become U+FFFD. */
  str(p: number, len?: number): string;
  /** Reads the string at stack index `idx` (which must be a string or number). */
  tostr(L: LuaState, idx: number): string;
  /** Pushes a JS string (any bytes Lua accepts; UTF-8 encoded). */
  push(L: LuaState, s: string): void;
  pop(L: LuaState, n: number): void;
  scratch: number;
}

let loading: Promise<LuaApi> | undefined;

/** One Lua Wasm module per process (each state created from it is independent). */
export function loadLua(): Promise<LuaApi> {
  loading ??= (async () => {
    const { LuaWasm } = require('wasmoon') as { LuaWasm: { initialize(): Promise<{ module: LuaModule }> } };
    const { result: { module: M }, memory } = await capturingMemory(() => LuaWasm.initialize());
    return makeApi(M, memory);
  })();
  return loading;
}

/**
 * Runs `load` and catches the Memory of the Lua instance it creates. wasmoon's emscripten module
 * does not export it (only views of it), and a Wasm hook needs the Memory object to import
 * (hook-filter.ts). WebAssembly.instantiate is wrapped only while `load` runs.
 */
async function capturingMemory<T>(load: () => Promise<T>): Promise<{ result: T; memory: WebAssembly.Memory | undefined }> {
  const instantiate = WebAssembly.instantiate;
  let memory: WebAssembly.Memory | undefined;
  const wrapped = async function (this: unknown, ...args: unknown[]) {
    const result = await (instantiate as (...a: unknown[]) => Promise<unknown>).apply(this, args);
    const instance = result instanceof WebAssembly.Instance ? result : (result as { instance?: WebAssembly.Instance }).instance;
    const exports = instance?.exports;
    if (exports?.memory instanceof WebAssembly.Memory && typeof exports.lua_sethook === 'function') memory = exports.memory;
    return result;
  };
  WebAssembly.instantiate = wrapped as typeof WebAssembly.instantiate;
  try {
    return { result: await load(), memory };
  } finally {
    WebAssembly.instantiate = instantiate;
  }
}

function makeApi(M: LuaModule, memory: WebAssembly.Memory | undefined): LuaApi {
  const raw = (name: string): Fn => {
    const f = (M as unknown as Record<string, Fn>)[`_${name}`];
    if (typeof f !== 'function') throw new Error(`wasmoon export _${name} is missing`);
    return f;
  };
  const decoder = new TextDecoder('utf-8');
  const strings = new Map<string, number>();
  const scratch = M._malloc(16);
  const tolstring = raw('lua_tolstring');
  const api: LuaApi = {
    M,
    memory,
    newstate: raw('luaL_newstate'),
    openlibs: raw('luaL_openlibs'),
    loadbuffer: raw('luaL_loadbufferx'),
    pcall: ((f) => (L: number, a: number, r: number, h: number) => f(L, a, r, h, 0, 0))(raw('lua_pcallk')),
    call: ((f) => (L: number, a: number, r: number) => f(L, a, r, 0, 0))(raw('lua_callk')),
    gettop: raw('lua_gettop'),
    settop: raw('lua_settop'),
    pushvalue: raw('lua_pushvalue'),
    rotate: raw('lua_rotate'),
    xmove: raw('lua_xmove'),
    checkstack: raw('lua_checkstack'),
    type: raw('lua_type'),
    toboolean: raw('lua_toboolean'),
    tolstring,
    tonumberx: raw('lua_tonumberx'),
    tothread: raw('lua_tothread'),
    topointer: raw('lua_topointer'),
    rawlen: raw('lua_rawlen'),
    pushnil: raw('lua_pushnil'),
    pushboolean: raw('lua_pushboolean'),
    pushinteger: raw('lua_pushinteger'),
    pushstring: raw('lua_pushstring'),
    pushlstring: raw('lua_pushlstring'),
    pushcclosure: raw('lua_pushcclosure'),
    pushthread: raw('lua_pushthread'),
    rawgeti: raw('lua_rawgeti'),
    rawseti: raw('lua_rawseti'),
    getfield: raw('lua_getfield'),
    setfield: raw('lua_setfield'),
    getglobal: raw('lua_getglobal'),
    setglobal: raw('lua_setglobal'),
    createtable: raw('lua_createtable'),
    newthread: raw('lua_newthread'),
    status: raw('lua_status'),
    dump: raw('lua_dump'),
    getstack: raw('lua_getstack'),
    getinfo: raw('lua_getinfo'),
    getlocal: raw('lua_getlocal'),
    setlocal: raw('lua_setlocal'),
    getupvalue: raw('lua_getupvalue'),
    setupvalue: raw('lua_setupvalue'),
    sethook: raw('lua_sethook'),
    ref: raw('luaL_ref'),
    unref: raw('luaL_unref'),
    traceback: raw('luaL_traceback'),
    tolstringMeta: raw('luaL_tolstring'),
    cs(s) {
      let p = strings.get(s);
      if (p === undefined) strings.set(s, (p = M.stringToNewUTF8(s)));
      return p;
    },
    str(p, len) {
      if (!p) return '';
      const heap = M.HEAPU8;
      let end = p;
      if (len === undefined) while (heap[end]) end++;
      else end = p + len;
      return decoder.decode(heap.subarray(p, end));
    },
    tostr(L, idx) {
      const p = tolstring(L, idx, scratch);
      return api.str(p, M.HEAP32[scratch >> 2]);
    },
    push(L, s) {
      const bytes = new TextEncoder().encode(s);
      const p = M._malloc(bytes.length + 1);
      M.HEAPU8.set(bytes, p);
      api.pushlstring(L, p, bytes.length);
      M._free(p);
    },
    pop(L, n) {
      api.settop(L, -n - 1);
    },
    scratch,
  };
  return api;
}
