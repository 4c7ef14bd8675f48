// The Lua producer's reading and writing of guest values while stopped: a frame's locals and
// upvalues (lua_getlocal/getupvalue on its thread), globals, evaluation in a frame, and values
// rendered by the Lua helpers on the private thread W, hooks off and under the inspection deadline.
import { AbiError, type ValueInfo } from '../../abi/index.js';
import { inspectionTimeoutMs } from '../common/inspection-timeout.js';
import { LUA, type LuaApi } from './engine.js';
import type { FrameRecord, Target } from './producer.js';
import type { LuaSession } from './session.js';

export interface Slot {
  name: string;
  kind: 'local' | 'upvalue';
  index: number;
}

export class LuaValues {
  /** When the timed inspection call under way must end (performance.now()); 0: none. */
  deadline = 0;
  /** Inspection code that runs longer than this is ended with an error (SPEC §9.4). */
  readonly timeoutMs = inspectionTimeoutMs();
  /** Registry refs taken during this stop, released when it ends. */
  refs: number[] = [];

  constructor(
    private readonly lua: LuaApi,
    private readonly session: LuaSession,
    private readonly ar: number,
    /** The producer's hook: its count events enforce the deadline on W. */
    private readonly hook: number,
    /** Names of the standard library's globals, not listed under Globals. */
    private readonly builtinGlobals: Set<string>,
    /** Gives a table value a handle for `variables`. */
    private readonly addTarget: (target: Target) => number,
  ) {}

  activate(frame: FrameRecord): void {
    if (!this.lua.getstack(frame.thread, frame.level, this.ar)) throw new AbiError({ message: `frame ${frame.id} is gone` });
  }


  localSlots(frame: FrameRecord): Slot[] {
    const lua = this.lua, T = frame.thread;
    const slots: Slot[] = [];
    this.activate(frame);
    lua.checkstack(T, 2);
    for (let i = 1; ; i++) {
      const p = lua.getlocal(T, this.ar, i);
      if (!p) break;
      lua.pop(T, 1);
      const name = lua.str(p);
      if (!name.startsWith('(')) slots.push({ name, kind: 'local', index: i });
    }
    return slots;
  }

  upvalueSlots(frame: FrameRecord): Slot[] {
    const lua = this.lua, W = this.session.W;
    const base = lua.gettop(W);
    this.pushFunction(frame);
    const slots: Slot[] = [];
    for (let i = 1; ; i++) {
      const p = lua.getupvalue(W, -1, i);
      if (!p) break;
      lua.pop(W, 1);
      slots.push({ name: lua.str(p), kind: 'upvalue', index: i });
    }
    lua.settop(W, base);
    return slots;
  }

  pushFunction(frame: FrameRecord): void {
    const lua = this.lua, T = frame.thread;
    this.activate(frame);
    lua.checkstack(T, 2);
    lua.getinfo(T, lua.cs('f'), this.ar);
    lua.xmove(T, this.session.W, 1);
  }

  /** Pushes a slot's current value onto W. */
  pushSlot(frame: FrameRecord, slot: Slot): void {
    const lua = this.lua, W = this.session.W, T = frame.thread;
    if (slot.kind === 'local') {
      this.activate(frame);
      lua.checkstack(T, 2);
      lua.getlocal(T, this.ar, slot.index);
      lua.xmove(T, W, 1);
    } else {
      this.pushFunction(frame);
      lua.getupvalue(W, -1, slot.index);
      lua.rotate(W, -2, 1);
      lua.pop(W, 1);
    }
  }

  /** Pops W's top value into a slot. */
  storeSlot(frame: FrameRecord, slot: Slot): void {
    const lua = this.lua, W = this.session.W, T = frame.thread;
    if (slot.kind === 'local') {
      this.activate(frame);
      lua.checkstack(T, 2);
      lua.xmove(W, T, 1);
      lua.setlocal(T, this.ar, slot.index);
    } else {
      this.pushFunction(frame);
      lua.rotate(W, -2, 1); // [fn, value]
      lua.setupvalue(W, -2, slot.index);
      lua.pop(W, 1);
    }
  }

  /** The frame's _ENV (its globals), or the global table. */
  pushEnv(frame: FrameRecord | undefined): void {
    const lua = this.lua, W = this.session.W;
    const env = frame && this.upvalueSlots(frame).find((s) => s.name === '_ENV');
    if (frame && env) this.pushSlot(frame, env);
    else lua.rawgeti(W, LUA.REGISTRYINDEX, BigInt(LUA.RIDX_GLOBALS));
  }

  /** User globals (not the standard library): [name, registry ref of the value]. */
  globalEntries(frame: FrameRecord | undefined): Array<[string, number]> {
    const lua = this.lua, W = this.session.W;
    const base = lua.gettop(W);
    this.pushEnv(frame);
    const entries: Array<[string, number]> = [];
    if (lua.type(W, -1) === LUA.TTABLE) {
      lua.rawgeti(W, LUA.REGISTRYINDEX, BigInt(this.session.helpers.children));
      lua.pushvalue(W, -2);
      lua.push(W, 'named');
      lua.pushinteger(W, 0n);
      lua.pushinteger(W, 0n);
      this.pcall(4, 3);
      const n = Number(lua.tonumberx(W, -1, 0));
      for (let i = 1; i <= n; i++) {
        lua.rawgeti(W, -3, BigInt(i));
        const name = lua.tostr(W, -1);
        lua.pop(W, 1);
        if (this.builtinGlobals.has(name) || name === '(metatable)') continue;
        lua.rawgeti(W, -2, BigInt(i));
        const ref = lua.ref(W, LUA.REGISTRYINDEX);
        this.refs.push(ref);
        entries.push([name, ref]);
      }
    }
    lua.settop(W, base);
    return entries;
  }

  /**
   * Evaluates `expression` in a frame (or globally), leaving its value on W. Throws AbiError.
   * `extra`: one more name (a registry value) that shadows the frame's, e.g. `error` in a condition.
   */
  evalToTop(frame: FrameRecord | undefined, expression: string, extra?: { name: string; ref: number }): void {
    const lua = this.lua, W = this.session.W;
    const slots = frame ? [...this.upvalueSlots(frame).filter((s) => s.name !== '_ENV'), ...this.localSlots(frame)] : [];
    const n = slots.length + (extra ? 1 : 0);
    lua.createtable(W, n, 0);
    const names = lua.gettop(W);
    lua.createtable(W, n, 0);
    const values = names + 1;
    slots.forEach((slot, i) => {
      lua.push(W, slot.name);
      lua.rawseti(W, names, BigInt(i + 1));
      this.pushSlot(frame!, slot);
      lua.rawseti(W, values, BigInt(i + 1));
    });
    if (extra) {
      lua.push(W, extra.name);
      lua.rawseti(W, names, BigInt(n));
      lua.rawgeti(W, LUA.REGISTRYINDEX, BigInt(extra.ref));
      lua.rawseti(W, values, BigInt(n));
    }
    lua.rawgeti(W, LUA.REGISTRYINDEX, BigInt(this.session.helpers.evaluate));
    lua.push(W, expression);
    lua.pushvalue(W, names);
    lua.pushvalue(W, values);
    lua.pushinteger(W, BigInt(n));
    this.pushEnv(frame);
    this.pcall(5, 2, true);
    // [names, values, result, assigned]: write assigned locals and upvalues back to the frame.
    slots.forEach((slot, i) => {
      lua.rawgeti(W, -1, BigInt(i + 1));
      const assigned = lua.toboolean(W, -1);
      lua.pop(W, 1);
      if (!assigned) return;
      lua.rawgeti(W, values, BigInt(i + 1));
      this.storeSlot(frame!, slot);
    });
    lua.pop(W, 1);
    lua.rotate(W, names, 1);
    lua.settop(W, names);
  }

  /** Calls the function below `nargs` arguments on W; throws AbiError with the Lua error's text. */
  pcall(nargs: number, nresults: number, timed = false): void {
    if (this.call(nargs, nresults, timed) !== LUA.OK) throw new AbiError({ message: this.describeError()[1] || 'error' });
  }

  /** lua_pcall on W; `timed`: under the inspection deadline (SPEC §9.4). */
  call(nargs: number, nresults: number, timed: boolean): number {
    const lua = this.lua, W = this.session.W;
    if (timed) {
      this.deadline = performance.now() + this.timeoutMs;
      lua.sethook(W, this.hook, LUA.MASKCOUNT, 1000);
    }
    try {
      return lua.pcall(W, nargs, nresults, 0);
    } finally {
      if (timed) {
        lua.sethook(W, 0, 0, 0);
        this.deadline = 0;
      }
    }
  }

  /** Pops the error value on W's top: [type name, text], as exception-info shows it (H.errortext). */
  describeError(): [string, string] {
    const lua = this.lua, W = this.session.W;
    const value = lua.gettop(W);
    lua.rawgeti(W, LUA.REGISTRYINDEX, BigInt(this.session.helpers.errortext));
    lua.pushvalue(W, value);
    // __tostring is guest code: it runs under the deadline too.
    const text: [string, string] = this.call(1, 2, true) === LUA.OK ? [lua.tostr(W, -2), lua.tostr(W, -1)] : ['error', 'the error value could not be described'];
    lua.settop(W, value - 1);
    return text;
  }

  /** Describes and pops W's top value. */
  describeTop(frame: FrameRecord | undefined): ValueInfo {
    const lua = this.lua, W = this.session.W;
    const value = lua.gettop(W);
    lua.rawgeti(W, LUA.REGISTRYINDEX, BigInt(this.session.helpers.describe));
    lua.pushvalue(W, value);
    if (lua.pcall(W, 1, 4, 0) !== LUA.OK) {
      // The README's one style for a thrown value shown in place of a value: <type: text>.
      const [id, text] = this.describeError();
      lua.settop(W, value - 1);
      return { display: `<${id}: ${text}>`, typeName: 'unknown', handle: 0 };
    }
    const display = lua.tostr(W, value + 1);
    const typeName = lua.tostr(W, value + 2);
    const count = (i: number) => (lua.type(W, i) === LUA.TNUMBER ? Number(lua.tonumberx(W, i, 0)) : undefined);
    const namedCount = count(value + 3), indexedCount = count(value + 4);
    lua.settop(W, value);
    let handle = 0;
    if (typeName === 'table') {
      const ref = lua.ref(W, LUA.REGISTRYINDEX);
      this.refs.push(ref);
      handle = this.addTarget({ kind: 'value', ref, frame });
    } else {
      lua.pop(W, 1);
    }
    return { display, typeName, handle, namedCount, indexedCount };
  }

  /** Runs inspection work on a clean W stack. */
  inspect<T>(work: () => T): T {
    const lua = this.lua, W = this.session.W;
    lua.settop(W, 0);
    try {
      return work();
    } finally {
      lua.settop(W, 0);
    }
  }
}
