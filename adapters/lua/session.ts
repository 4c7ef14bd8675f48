// One Lua state in wasmoon's Wasm: standard libraries, `print`/`io.write` routed through nestdbg,
// `arg`, loading and running a chunk with a traceback on error. Knows nothing about debugging
// beyond offering the hooks the producer installs.
import { INSPECT_CHUNKNAME, INSPECT_LUA } from './inspect-lua.js';
import { AR, LUA, loadLua, type LuaApi, type LuaState } from './engine.js';

export interface OutputSink {
  /** `position`: the line of the Lua code that wrote, when known (chunkname, line). */
  (category: 'stdout' | 'stderr', text: string, where: { source: string; line: number } | undefined): void;
}

export interface LoadedChunk {
  ok: true;
}

const HELPERS = ['describe', 'children', 'findkey', 'assign', 'evaluate', 'errortext'] as const;
type HelperName = (typeof HELPERS)[number];

export class LuaSession {
  /** Private thread for inspection: the guest never sees it. */
  readonly W: LuaState;
  /** Registry refs of the inspection helpers (H.describe, ...). */
  readonly helpers: Record<HelperName, number>;
  readonly ar: number;
  sink: OutputSink;
  /** Set by the producer: called on an uncaught error at the raise point (stack intact; the error at index 1). */
  onUncaught: ((L: LuaState) => void) | undefined;
  private readonly stdoutRef: number;

  static async create(sink: OutputSink): Promise<LuaSession> {
    return new LuaSession(await loadLua(), sink);
  }

  private constructor(readonly lua: LuaApi, sink: OutputSink) {
    this.sink = sink;
    const L = (this.L = lua.newstate());
    lua.openlibs(L);
    this.ar = lua.M._malloc(AR.size);
    // The inspection helpers, compiled from builtins captured now.
    const code = INSPECT_LUA;
    const buf = lua.M.stringToNewUTF8(code);
    if (lua.loadbuffer(L, buf, lua.M.lengthBytesUTF8(code), lua.cs(INSPECT_CHUNKNAME), 0) !== LUA.OK || lua.pcall(L, 0, 1, 0) !== LUA.OK) {
      throw new Error(`nestdbg: inspection helpers failed: ${lua.tostr(L, -1)}`);
    }
    lua.M._free(buf);
    const helpers = {} as Record<HelperName, number>;
    for (const name of HELPERS) {
      lua.getfield(L, -1, lua.cs(name));
      helpers[name] = lua.ref(L, LUA.REGISTRYINDEX);
    }
    this.helpers = helpers;
    lua.settop(L, 0);
    this.W = lua.newthread(L);
    lua.sethook(this.W, 0, 0, 0);
    this.threadRef = lua.ref(L, LUA.REGISTRYINDEX);
    lua.getglobal(L, lua.cs('io'));
    lua.getfield(L, -1, lua.cs('stdout'));
    this.stdoutRef = lua.ref(L, LUA.REGISTRYINDEX);
    lua.settop(L, 0);
    this.installOutput();
  }

  readonly L: LuaState;
  private readonly threadRef: number;

  /** The Lua position of the caller of the C function running on L (level 1), if it is Lua code. */
  callerPosition(L: LuaState): { source: string; line: number } | undefined {
    const lua = this.lua;
    const ar = lua.M._malloc(AR.size);
    try {
      for (let level = 1; lua.getstack(L, level, ar); level++) {
        lua.getinfo(L, lua.cs('Sl'), ar);
        const line = lua.M.HEAP32[(ar + AR.currentline) >> 2];
        if (line > 0) return { source: lua.str(lua.M.HEAP32[(ar + AR.source) >> 2]), line };
      }
      return undefined;
    } finally {
      lua.M._free(ar);
    }
  }

  private installOutput(): void {
    const lua = this.lua, L = this.L;
    const print = lua.M.addFunction((L1: number) => {
      const n = lua.gettop(L1);
      const parts: string[] = [];
      for (let i = 1; i <= n; i++) {
        const p = lua.tolstringMeta(L1, i, lua.scratch); // calls __tostring, like print
        parts.push(lua.str(p, lua.M.HEAP32[lua.scratch >> 2]));
        lua.pop(L1, 1);
      }
      this.sink('stdout', parts.join('\t') + '\n', this.callerPosition(L1));
      return 0;
    }, 'ii');
    lua.pushcclosure(L, print, 0);
    lua.setglobal(L, lua.cs('print'));
    const write = lua.M.addFunction((L1: number) => {
      const n = lua.gettop(L1);
      let text = '';
      for (let i = 1; i <= n; i++) {
        const t = lua.type(L1, i);
        if (t !== LUA.TSTRING && t !== LUA.TNUMBER) {
          lua.push(L1, `bad argument #${i} to 'write' (string expected, got ${lua.str(lua.M._lua_typename(L1 as never, t as never) as unknown as number)})`);
          return lua.M._lua_error(L1 as never) as unknown as number;
        }
        lua.pushvalue(L1, i);
        text += lua.tostr(L1, -1);
        lua.pop(L1, 1);
      }
      if (text) this.sink('stdout', text, this.callerPosition(L1));
      lua.rawgeti(L1, LUA.REGISTRYINDEX, BigInt(this.stdoutRef));
      return 1;
    }, 'ii');
    lua.getglobal(L, lua.cs('io'));
    lua.pushcclosure(L, write, 0);
    lua.setfield(L, -2, lua.cs('write'));
    lua.settop(L, 0);
  }

  /** Sets the global `arg` like the standalone interpreter: arg[0] the script, then its arguments. */
  setArgs(script: string, args: string[]): void {
    const lua = this.lua, L = this.L;
    lua.createtable(L, args.length, 1);
    lua.push(L, script);
    lua.rawseti(L, -2, 0n);
    args.forEach((a, i) => {
      lua.push(L, a);
      lua.rawseti(L, -2, BigInt(i + 1));
    });
    lua.setglobal(L, lua.cs('arg'));
  }

  /** Compiles a chunk onto L's stack. Returns the syntax error message on failure (nothing pushed). */
  compile(source: string, chunkname: string): string | undefined {
    const lua = this.lua, L = this.L;
    const bytes = new TextEncoder().encode(source.startsWith('#') ? '--' + source : source);
    const buf = lua.M._malloc(bytes.length + 1);
    lua.M.HEAPU8.set(bytes, buf);
    const name = lua.M.stringToNewUTF8(chunkname);
    const rc = lua.loadbuffer(L, buf, bytes.length, name, lua.cs('t'));
    lua.M._free(buf);
    lua.M._free(name);
    if (rc === LUA.OK) return undefined;
    const message = lua.tostr(L, -1);
    lua.pop(L, 1);
    return message;
  }

  /** Runs the compiled chunk at the top of L's stack. Returns the error text ("msg\ntraceback") or undefined. */
  run(): string | undefined {
    const lua = this.lua, L = this.L;
    const handler = lua.M.addFunction((L1: number) => {
      const message = lua.type(L1, 1) === LUA.TSTRING || lua.type(L1, 1) === LUA.TNUMBER
        ? lua.tostr(L1, 1)
        : `(error object is a ${lua.str(lua.M._lua_typename(L1 as never, lua.type(L1, 1) as never) as unknown as number)} value)`;
      try {
        this.onUncaught?.(L1);
      } catch (e) {
        process.stderr.write(`nestdbg: exception stop failed: ${(e as Error).stack}\n`);
      }
      lua.traceback(L1, L1, lua.cs(message), 1);
      return 1;
    }, 'ii');
    lua.pushcclosure(L, handler, 0);
    lua.rotate(L, 1, 1);
    const rc = lua.pcall(L, 0, 0, 1);
    const error = rc === LUA.OK ? undefined : lua.tostr(L, -1);
    lua.settop(L, 0);
    return error;
  }
}
