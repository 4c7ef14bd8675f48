// The Lua producer: implements the debug-hook ABI for Lua 5.4 running in wasmoon's Wasm.
// Native lua_sethook hooks: a count hook polls for pause; a line hook is on only while something
// is armed (breakpoints, a step, a pause) and checks a Set of lines in JS, calling the host only
// to stop. Frames, locals and upvalues are read with lua_getstack/getinfo/getlocal/getupvalue;
// values are rendered and expressions evaluated by Lua helpers on a private thread, hooks off.
import {
  AbiError, unsupportedBreakpointKinds, type BreakpointRequest, type BreakpointResult, type Capability, type ChildrenFilter, type EvalContext,
  type ExceptionDetails, type ExceptionFilter, type ExceptionFilterKind, type FrameInfo, type NestedHost, type Position, type Producer, type ScopeInfo, type StepKind, type StopReason, type ValueInfo,
  type VariableInfo,
} from '../../abi/index.js';
import { AR, LUA, type LuaApi, type LuaState } from './engine.js';
import { LuaExceptionFilters, wrapProtectedCalls } from './exceptions.js';
import { LUA_CAPABILITIES } from './index.js';
import { activeLines } from './lines.js';
import type { LuaSession } from './session.js';
import { LuaValues } from './values.js';

/** Instructions between two pause polls (the count hook). */
const POLL_COUNT = 10_000;

export interface LuaScript {
  id: number;
  url: string;
  chunkname: string;
  source: string;
  /** Lines with code, sorted (every function of the chunk). */
  lines: number[];
  breakpoints: Set<number>;
  lineTexts?: string[];
}

export interface FrameRecord {
  id: number;
  thread: LuaState;
  level: number;
  name: string;
  script: LuaScript;
  line: number;
}

type ScopeName = 'locals' | 'upvalues' | 'globals';
export type Target =
  | { kind: 'scope'; frame: FrameRecord | undefined; scope: ScopeName }
  | { kind: 'value'; ref: number; frame: FrameRecord | undefined };


interface Step {
  kind: StepKind;
  thread: LuaState;
  /** All frames (C included) of `thread` at the stop: a cheap filter before counting depth. */
  total: number;
  depth: number;
}

export class LuaProducer implements Producer {
  private host: NestedHost | undefined;
  private readonly lua: LuaApi;
  private readonly scripts = new Map<number, LuaScript>();
  private readonly byChunk = new Map<string, LuaScript>();
  /** Source pointer → script (registered chunks are anchored, so their pointers stay valid). */
  private readonly bySourcePtr = new Map<number, LuaScript | null>();
  private nextScriptId = 1;
  private readonly anchors: number[] = [];
  /** Union of every script's breakpoint lines: the line hook's first check. */
  private bpLines = new Set<number>();
  private step: Step | undefined;
  private pausePending = false;
  private entryArmed = false;
  /** Threads running or waiting in resume, bottom (main) first. */
  private readonly chain: LuaState[];
  private stopState: { thread: LuaState; frames?: FrameRecord[] } | undefined;
  private inspecting = false;
  private mask = -1;
  private readonly hook: number;
  private readonly ar: number;
  private readonly targets = new Map<number, Target>();
  private nextHandle = 1;
  private readonly builtinGlobals = new Set<string>();
  private readonly values: LuaValues;
  private readonly exceptions = new LuaExceptionFilters();

  constructor(private readonly session: LuaSession) {
    this.lua = session.lua;
    this.ar = this.lua.M._malloc(AR.size);
    this.chain = [session.L];
    this.hook = this.lua.M.addFunction((L: number, ar: number) => this.onHook(L, ar), 'vii');
    this.values = new LuaValues(this.lua, session, this.ar, this.hook, this.builtinGlobals, (t) => this.addTarget(t));
  }

  /** Installs hooks and the coroutine wrappers. Call before any guest code runs. */
  install(): void {
    const lua = this.lua, L = this.session.L;
    this.wrapCoroutines();
    lua.rawgeti(L, LUA.REGISTRYINDEX, BigInt(LUA.RIDX_GLOBALS));
    lua.pushnil(L);
    while (lua.M._lua_next(L as never, -2 as never)) {
      if (lua.type(L, -2) === LUA.TSTRING) this.builtinGlobals.add(lua.tostr(L, -2));
      lua.pop(L, 1);
    }
    lua.settop(L, 0);
    this.builtinGlobals.add('arg');
    this.session.onUncaught = (L1) => this.onRaise(L1, 'uncaught', L1, 1);
    // The message handler of every pcall/xpcall: sees a caught error before it unwinds.
    wrapProtectedCalls(lua, L, lua.M.addFunction((L1: number) => {
      this.onRaise(L1, 'caught', L1, 1);
      return 1;
    }, 'ii'));
    this.updateMask();
  }

  connect(host: NestedHost): void {
    this.host = host;
  }

  /** Compiles, announces and runs one script. Returns the syntax error or the uncaught error text. */
  runScript(url: string, source: string, chunkname: string, options: { stopOnEntry?: boolean } = {}): { syntaxError?: string; error?: string } {
    const lua = this.lua, L = this.session.L;
    const syntaxError = this.session.compile(source, chunkname);
    if (syntaxError) return { syntaxError };
    const script: LuaScript = { id: this.nextScriptId++, url, chunkname, source, lines: activeLines(lua, L), breakpoints: new Set() };
    lua.pushvalue(L, -1);
    this.anchors.push(lua.ref(L, LUA.REGISTRYINDEX));
    this.scripts.set(script.id, script);
    this.byChunk.set(chunkname, script);
    for (const [ptr, s] of this.bySourcePtr) if (s === null) this.bySourcePtr.delete(ptr);
    if (options.stopOnEntry) this.pausePending = true;
    this.host?.scriptLoaded({ id: script.id, url, source });
    this.entryArmed = this.pausePending;
    this.updateMask();
    const error = this.session.run();
    this.entryArmed = false;
    return { error };
  }

  /** Output from print / io.write, with the position of the Lua code that wrote it. */
  write(category: 'stdout' | 'stderr', text: string, where: { source: string; line: number } | undefined): void {
    const script = where && this.byChunk.get(where.source);
    const position: Position | undefined = script && where ? { script: script.id, line: where.line, column: 1 } : undefined;
    if (this.host) this.host.output({ category, text, position });
    else (category === 'stdout' ? process.stdout : process.stderr).write(text);
  }

  // ---- the ABI ---------------------------------------------------------------------------------

  capabilities(): Capability[] {
    return [...LUA_CAPABILITIES];
  }

  // Not declared: function breakpoints, breakpoint locations (SPEC §12.3).
  readonly setFunctionBreakpoints = unsupportedBreakpointKinds().setFunctionBreakpoints;
  readonly breakpointLocations = unsupportedBreakpointKinds().breakpointLocations;

  setExceptionBreakpoints(filters: ExceptionFilter[]): void {
    this.exceptions.set(filters, (condition) => this.syntaxError(condition));
  }

  exceptionInfo(): ExceptionDetails {
    this.stopFrames();
    return this.exceptions.info();
  }

  setBreakpoints(scriptId: number, requests: BreakpointRequest[]): BreakpointResult[] {
    const script = this.scripts.get(scriptId);
    if (!script) return requests.map(() => ({ verified: false, message: `unknown script ${scriptId}` }));
    const bound = new Set<number>();
    const results = requests.map((r): BreakpointResult => {
      // Not declared (SPEC §12.3): refuse rather than stop unconditionally.
      if (r.condition !== undefined || r.hitCondition !== undefined || r.logMessage !== undefined) {
        return { verified: false, message: 'conditions, hit counts and logpoints are not supported for Lua' };
      }
      // Line granularity (SPEC §4.2): every valid position is (line, 1); a column is ignored.
      const line = script.lines.find((l) => l >= r.line);
      if (line === undefined) return { verified: false, message: `no code at or after line ${r.line}` };
      bound.add(line);
      return { verified: true, line, column: 1, message: line !== r.line ? `moved to line ${line}, the next line with code` : undefined };
    });
    script.breakpoints = bound;
    this.bpLines = new Set([...this.scripts.values()].flatMap((s) => [...s.breakpoints]));
    this.updateMask();
    return results;
  }

  requestPause(): void {
    this.pausePending = true;
    this.updateMask();
  }

  frames(): FrameInfo[] {
    return this.stopFrames().map((f) => ({
      id: f.id, name: f.name, position: { script: f.script.id, line: f.line, column: 1 }, inspectable: true,
    }));
  }

  scopes(frameId: number): ScopeInfo[] {
    const frame = this.frame(frameId);
    const locals = this.values.localSlots(frame).length;
    const upvalues = this.values.upvalueSlots(frame).filter((s) => s.name !== '_ENV').length;
    const globals = this.values.globalEntries(frame).length;
    const scope = (name: string, kind: ScopeInfo['kind'], scopeName: ScopeName, count: number): ScopeInfo => ({
      name, kind, handle: count ? this.addTarget({ kind: 'scope', frame, scope: scopeName }) : 0, namedCount: count, expensive: false,
    });
    return [scope('Locals', 'local', 'locals', locals), scope('Upvalues', 'closure', 'upvalues', upvalues), scope('Globals', 'global', 'globals', globals)];
  }

  variables(container: number, filter: ChildrenFilter, start: number, count: number): VariableInfo[] {
    const target = this.target(container);
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
    this.stopFrames();
    const frame = frameId === undefined ? undefined : this.frame(frameId);
    return this.values.inspect(() => {
      this.values.evalToTop(frame, expression);
      return this.values.describeTop(frame);
    });
  }

  setVariable(container: number, name: string, expression: string): ValueInfo {
    const target = this.target(container);
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

  // ---- hooks and stops ---------------------------------------------------------------------------

  private onHook(L: LuaState, ar: number): void {
    const heap = this.lua.M.HEAP32;
    const event = heap[ar >> 2];
    if (this.inspecting) {
      const values = this.values;
      if (event === LUA.HOOKCOUNT && values.deadline && performance.now() > values.deadline) {
        values.deadline = 0;
        this.lua.push(L, `the code did not finish within ${values.timeoutMs} ms and was stopped`);
        this.lua.M._lua_error(L as never);
      }
      return;
    }
    if (event === LUA.HOOKCOUNT) {
      if (this.host?.pollPause()) this.requestPause();
      return;
    }
    if (event !== LUA.HOOKLINE) return;
    const line = heap[(ar + AR.currentline) >> 2];
    if (!this.step && !this.pausePending && !this.bpLines.has(line)) return;
    const lua = this.lua;
    lua.getinfo(L, lua.cs('S'), ar);
    const script = this.scriptAt(heap[(ar + AR.source) >> 2]);
    if (!script) return;
    let reason: StopReason | undefined;
    if (script.breakpoints.has(line)) reason = 'breakpoint';
    else if (this.step && this.stepDone(L, this.step)) reason = 'step';
    else if (this.pausePending) reason = this.entryArmed ? 'entry' : 'pause';
    if (reason) this.stop(L, reason, { script: script.id, line, column: 1 });
  }

  /**
   * An error raised in L, its value at `index` on `holder`'s stack: stops when a filter of that
   * kind is set and its condition (with `error` naming the value) holds (SPEC §6.7).
   */
  private onRaise(L: LuaState, kind: ExceptionFilterKind, holder: LuaState, index: number): void {
    const filter = this.exceptions.get(kind);
    if (!filter || !this.host || this.inspecting) return;
    const frames = this.walk(L, true);
    if (!frames.length) return;
    const lua = this.lua;
    lua.checkstack(holder, 1);
    lua.pushvalue(holder, index);
    const ref = lua.ref(holder, LUA.REGISTRYINDEX);
    try {
      let details: ExceptionDetails;
      this.inspecting = true;
      try {
        if (filter.condition && !this.holds(frames[0], filter.condition, ref)) return;
        const [id, description] = this.values.inspect(() => {
          lua.rawgeti(this.session.W, LUA.REGISTRYINDEX, BigInt(ref));
          return this.values.describeError();
        });
        const stackTrace = frames.map((f) => `    at ${f.name} (${f.script.url}:${f.line})`).join('\n');
        details = { id, description, kind, stackTrace };
      } finally {
        this.inspecting = false;
      }
      this.exceptions.current = details;
      this.stop(L, 'exception', { script: frames[0].script.id, line: frames[0].line, column: 1 }, details.description);
    } finally {
      this.exceptions.current = undefined;
      lua.unref(holder, LUA.REGISTRYINDEX, ref);
    }
  }

  /** A filter condition, evaluated in the raising frame; one that fails counts as false. */
  private holds(frame: FrameRecord, condition: string, errorRef: number): boolean {
    try {
      return this.values.inspect(() => {
        this.values.evalToTop(frame, condition, { name: 'error', ref: errorRef });
        return this.lua.toboolean(this.session.W, -1) !== 0;
      });
    } catch (e) {
      if (e instanceof AbiError) return false;
      throw e;
    }
  }

  /** The syntax error of an expression, if it has one (compiled on W, never run). */
  private syntaxError(expression: string): string | undefined {
    const lua = this.lua, W = this.session.W;
    const code = 'return ' + expression;
    const buf = lua.M.stringToNewUTF8(code);
    try {
      const rc = lua.loadbuffer(W, buf, lua.M.lengthBytesUTF8(code), lua.cs('=(condition)'), lua.cs('t'));
      const message = rc === LUA.OK ? undefined : lua.tostr(W, -1);
      lua.pop(W, 1);
      return message;
    } finally {
      lua.M._free(buf);
    }
  }

  private stop(L: LuaState, reason: StopReason, position: Position, description?: string): void {
    const host = this.host;
    if (!host) return;
    this.stopState = { thread: L };
    this.step = undefined;
    this.pausePending = false;
    this.entryArmed = false;
    let action;
    this.inspecting = true;
    try {
      action = host.stopped({ reason, position, description });
    } catch (e) {
      process.stderr.write(`nestdbg: stop failed: ${(e as Error).stack ?? e}\n`);
      action = { tag: 'run' as const };
    } finally {
      this.inspecting = false;
      this.stopState = undefined;
      this.releaseHandles();
    }
    // A step from an exception stop goes on as the error unwinds (SPEC §6.5).
    if (action.tag === 'step') {
      this.step = { kind: action.val, thread: L, total: this.totalFrames(L), depth: this.walk(L, false).length };
      // `out` from depth 1 can never finish (SPEC §6.4): it is a `run`.
      if (this.step.kind === 'out' && this.step.depth <= 1) this.step = undefined;
    }
    this.updateMask();
  }

  /** SPEC §6.4: into = any position; over = depth <= d; out = depth < d. */
  private stepDone(L: LuaState, step: Step): boolean {
    if (step.kind === 'into') return true;
    if (L === step.thread) {
      // Deeper in the same thread means deeper in guest frames: skip without counting them.
      const total = this.totalFrames(L);
      if (step.kind === 'over' ? total > step.total : total >= step.total) return false;
    }
    const depth = this.walk(L, false).length;
    return step.kind === 'over' ? depth <= step.depth : depth < step.depth;
  }

  private updateMask(): void {
    const armed = this.bpLines.size > 0 || this.step !== undefined || this.pausePending;
    const mask = LUA.MASKCOUNT | (armed ? LUA.MASKLINE : 0);
    if (mask === this.mask) return;
    this.mask = mask;
    for (const T of this.chain) this.lua.sethook(T, this.hook, mask, POLL_COUNT);
  }

  /**
   * coroutine.resume and the functions coroutine.wrap returns are wrapped so that the producer
   * knows which threads are running (for frames and depth, SPEC §6.6) and can give a resumed
   * thread the current hook mask (Lua hooks are per thread).
   */
  private wrapCoroutines(): void {
    const lua = this.lua, L = this.session.L;
    const up = (i: number) => LUA.REGISTRYINDEX - i;
    const callThrough = (L1: number, co: LuaState, resuming = false) => {
      lua.pushvalue(L1, up(1));
      lua.rotate(L1, 1, 1);
      const n = lua.gettop(L1) - 1;
      const tracked = co !== 0 && !this.inspecting;
      if (tracked) {
        this.chain.push(co);
        lua.sethook(co, this.hook, this.mask, POLL_COUNT);
      }
      try {
        lua.call(L1, n, LUA.MULTRET);
      } finally {
        if (tracked) this.chain.pop();
      }
      // resume returned (false, error) from a coroutine that died of it: caught, its stack intact.
      if (tracked && resuming && lua.status(co) > LUA.YIELD) this.onRaise(co, 'caught', L1, 2);
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
  }

  // ---- frames and depth ---------------------------------------------------------------------------

  private scriptAt(sourcePtr: number): LuaScript | undefined {
    let script = this.bySourcePtr.get(sourcePtr);
    if (script === undefined) {
      script = this.byChunk.get(this.lua.str(sourcePtr)) ?? null;
      this.bySourcePtr.set(sourcePtr, script);
    }
    return script ?? undefined;
  }

  /** Threads whose frames make up the logical stack when L runs, top first. */
  private threadsFrom(L: LuaState): LuaState[] {
    const i = this.chain.lastIndexOf(L);
    if (i >= 0) return this.chain.slice(0, i + 1).reverse();
    return [L, ...[...this.chain].reverse()];
  }

  /** Guest frames (Lua functions of announced scripts), top first; with names when `named`. */
  private walk(L: LuaState, named: boolean): FrameRecord[] {
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
  private totalFrames(L: LuaState): number {
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

  private stopFrames(): FrameRecord[] {
    if (!this.stopState) throw new AbiError({ message: 'the guest is not stopped' });
    return (this.stopState.frames ??= this.walk(this.stopState.thread, true));
  }

  private frame(id: number): FrameRecord {
    const frame = this.stopFrames()[id];
    if (!frame) throw new AbiError({ message: `unknown frame ${id}` });
    return frame;
  }

  private addTarget(target: Target): number {
    const id = this.nextHandle++;
    this.targets.set(id, target);
    return id;
  }

  private target(handle: number): Target {
    this.stopFrames();
    const t = this.targets.get(handle);
    if (!t) throw new AbiError({ message: `unknown or stale handle ${handle}` });
    return t;
  }

  private releaseHandles(): void {
    this.targets.clear();
    for (const ref of this.values.refs) this.lua.unref(this.session.L, LUA.REGISTRYINDEX, ref);
    this.values.refs = [];
  }
}

const DEFINITION = /(?:^|[^\w.:])function\s+([A-Za-z_][\w.:]*)\s*\(|([A-Za-z_][\w.:]*)\s*=\s*function\s*\(/;

/** The name a function was defined with, read from its defining line (`function a.b:c(`, `x = function(`). */
function definedName(script: LuaScript, line: number): string | undefined {
  script.lineTexts ??= script.source.split(/\r\n|\r|\n/);
  const m = DEFINITION.exec(script.lineTexts[line - 1] ?? '');
  return m ? m[1] ?? m[2] : undefined;
}

function page<T>(items: T[], start: number, count: number): T[] {
  return items.slice(start, count > 0 ? start + count : undefined);
}
