// The Lua producer's answers while stopped (SPEC §10): scopes of a frame (Locals, Upvalues,
// Globals), the children of a scope or table (paged), evaluate in a frame, and set variable on a
// local, an upvalue, a global or a table field. Values are rendered by LuaValues, hooks off.
import { AbiError, type ChildrenFilter, type EvalContext, type ScopeInfo, type ValueInfo, type VariableInfo } from '../../abi/index.js';
import { LUA, type LuaApi } from './engine.js';
import type { FrameRecord, ScopeName, Target } from './producer.js';
import type { LuaSession } from './session.js';
import type { LuaValues } from './values.js';

/** What inspection needs of the producer's stop: its frames and handles. */
export interface StopView {
  stopFrames(): FrameRecord[];
  frame(id: number): FrameRecord;
  target(handle: number): Target;
  addTarget(target: Target): number;
}

export class LuaInspection {
  private readonly lua: LuaApi;

  constructor(private readonly session: LuaSession, private readonly values: LuaValues, private readonly stop: StopView) {
    this.lua = session.lua;
  }

  scopes(frameId: number): ScopeInfo[] {
    const frame = this.stop.frame(frameId);
    const locals = this.values.localSlots(frame).length;
    const upvalues = this.values.upvalueSlots(frame).filter((s) => s.name !== '_ENV').length;
    const globals = this.values.globalEntries(frame).length;
    const scope = (name: string, kind: ScopeInfo['kind'], scopeName: ScopeName, count: number): ScopeInfo => ({
      name, kind, handle: count ? this.stop.addTarget({ kind: 'scope', frame, scope: scopeName }) : 0, namedCount: count, expensive: false,
    });
    return [scope('Locals', 'local', 'locals', locals), scope('Upvalues', 'closure', 'upvalues', upvalues), scope('Globals', 'global', 'globals', globals)];
  }

  variables(container: number, filter: ChildrenFilter, start: number, count: number): VariableInfo[] {
    const target = this.stop.target(container);
    const lua = this.lua, W = this.session.W;
    lua.settop(W, 0);
    return this.values.inspect(() => {
      if (target.kind === 'scope') {
        if (filter === 'indexed') return [];
        const frame = target.frame;
        if (target.scope === 'globals') {
          const entries = this.values.globalEntries(frame);
          return page(entries, start, count).map(([name, value]) => {
            lua.rawgeti(W, LUA.REGISTRYINDEX, BigInt(value));
            return { name, value: this.values.describeTop(frame) };
          });
        }
        const slots = target.scope === 'locals' ? this.values.localSlots(frame!) : this.values.upvalueSlots(frame!).filter((s) => s.name !== '_ENV');
        return page(slots, start, count).map((slot) => {
          this.values.pushSlot(frame!, slot);
          return { name: slot.name, value: this.values.describeTop(frame) };
        });
      }
      lua.rawgeti(W, LUA.REGISTRYINDEX, BigInt(this.session.helpers.children));
      lua.rawgeti(W, LUA.REGISTRYINDEX, BigInt(target.ref));
      lua.push(W, filter);
      lua.pushinteger(W, BigInt(start));
      lua.pushinteger(W, BigInt(count));
      this.values.pcall(4, 3);
      const n = Number(lua.tonumberx(W, 3, 0));
      const out: VariableInfo[] = [];
      for (let i = 1; i <= n; i++) {
        lua.rawgeti(W, 1, BigInt(i));
        const name = lua.tostr(W, -1);
        lua.pop(W, 1);
        lua.rawgeti(W, 2, BigInt(i));
        out.push({ name, value: this.values.describeTop(target.frame) });
      }
      return out;
    });
  }

  evaluate(frameId: number | undefined, expression: string, _context: EvalContext): ValueInfo {
    this.stop.stopFrames();
    const frame = frameId === undefined ? undefined : this.stop.frame(frameId);
    return this.values.inspect(() => {
      this.values.evalToTop(frame, expression);
      return this.values.describeTop(frame);
    });
  }

  setVariable(container: number, name: string, expression: string): ValueInfo {
    const target = this.stop.target(container);
    const lua = this.lua, W = this.session.W;
    const frame = target.frame;
    return this.values.inspect(() => {
      if (target.kind === 'scope' && target.scope !== 'globals') {
        const slots = target.scope === 'locals' ? this.values.localSlots(frame!) : this.values.upvalueSlots(frame!);
        const slot = slots.filter((s) => s.name === name).at(-1);
        if (!slot) throw new AbiError({ message: `no variable ${name} in ${target.scope === 'locals' ? 'Locals' : 'Upvalues'}` });
        this.values.evalToTop(frame, expression);
        lua.pushvalue(W, -1);
        this.values.storeSlot(frame!, slot);
        return this.values.describeTop(frame);
      }
      // A table field (or a global: a field of the frame's _ENV).
      if (target.kind === 'scope') this.values.pushEnv(frame);
      else lua.rawgeti(W, LUA.REGISTRYINDEX, BigInt(target.ref));
      const table = lua.gettop(W);
      if (name === '(metatable)') throw new AbiError({ message: 'the metatable cannot be assigned here' });
      lua.rawgeti(W, LUA.REGISTRYINDEX, BigInt(this.session.helpers.findkey));
      lua.pushvalue(W, table);
      lua.push(W, name);
      this.values.pcall(2, 1);
      if (lua.type(W, -1) === LUA.TNIL) {
        if (target.kind !== 'scope' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new AbiError({ message: `no field ${name}` });
        lua.pop(W, 1);
        lua.push(W, name);
      }
      const key = lua.gettop(W);
      this.values.evalToTop(frame, expression);
      const value = lua.gettop(W);
      lua.rawgeti(W, LUA.REGISTRYINDEX, BigInt(this.session.helpers.assign));
      lua.pushvalue(W, table);
      lua.pushvalue(W, key);
      lua.pushvalue(W, value);
      this.values.pcall(3, 0);
      lua.pushvalue(W, value);
      return this.values.describeTop(frame);
    });
  }
}

function page<T>(items: T[], start: number, count: number): T[] {
  return items.slice(start, count > 0 ? start + count : undefined);
}
