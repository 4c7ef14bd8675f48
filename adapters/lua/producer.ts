// The Lua producer: implements the debug-hook ABI for Lua 5.4 running in wasmoon's Wasm.
// Native lua_sethook hooks, set only while something needs them (hook-mask.ts): with breakpoints
// armed, a call hook turns the line hook on just in the functions that hold one (line-gate.ts);
// a pause or a step into turns it on everywhere. Lua calls a Wasm hook (hook-filter.ts) that
// answers in Wasm the events that change nothing (a line without a breakpoint, say) and forwards
// the rest to onHook, which calls the host only to stop; a count hook polls for pause when the host's interrupt asks
// (SPEC §8.6). Frames, locals and upvalues are read with lua_getstack/getinfo/getlocal/getupvalue;
// values are rendered and expressions evaluated by Lua helpers on a private thread, hooks off.
// Beside it: scripts.ts (scripts, breakpoints), stepping.ts, stack.ts (frames, threads, depth),
// inspection.ts (scopes, variables, evaluate, set variable), values.ts (rendering, slots),
// coroutines.ts (resume/wrap tracking), exceptions.ts, guest-hooks.ts (the guest's debug.sethook).
import {
  AbiError, unsupportedBreakpointKinds, type BreakpointRequest, type BreakpointResult, type Capability, type ChildrenFilter, type EvalContext,
  type ExceptionDetails, type ExceptionFilter, type ExceptionFilterKind, type FrameInfo, type NestedHost, type Position, type Producer, type ScopeInfo, type StopReason, type ValueInfo,
  type VariableInfo,
} from '../../abi/index.js';
import { AR, LUA, type LuaApi, type LuaState } from './engine.js';
import { LuaExceptionFilters, wrapProtectedCalls } from './exceptions.js';
import { closureProto, protoInfo } from './call-info.js';
import { GuestHooks } from './guest-hooks.js';
import { HookFilter } from './hook-filter.js';
import { HookMask, type Arming } from './hook-mask.js';
import { LineGate } from './line-gate.js';
import { LUA_CAPABILITIES } from './index.js';
import { wrapCoroutines } from './coroutines.js';
import { LuaInspection } from './inspection.js';
import { chunkLines } from './lines.js';
import { holdsBreakpoint, LuaScripts, type LuaScript } from './scripts.js';
import { LuaStepping } from './stepping.js';
import type { LuaSession } from './session.js';
import { LuaStack } from './stack.js';
import { LuaValues } from './values.js';

export interface ConnectOptions {
  /** The host calls `interrupt()` whenever it queues something while the guest runs (SPEC §8.6). */
  interrupts?: boolean;
}

export interface FrameRecord {
  id: number;
  thread: LuaState;
  level: number;
  name: string;
  script: LuaScript;
  line: number;
}

export type ScopeName = 'locals' | 'upvalues' | 'globals';
export type Target =
  | { kind: 'scope'; frame: FrameRecord | undefined; scope: ScopeName }
  | { kind: 'value'; ref: number; frame: FrameRecord | undefined };


export class LuaProducer implements Producer {
  private host: NestedHost | undefined;
  private readonly lua: LuaApi;
  private readonly scripts = new LuaScripts();
  private readonly anchors: number[] = [];
  private readonly stepping: LuaStepping;
  private pausePending = false;
  private entryArmed = false;
  /** Threads running or waiting in resume, bottom (main) first. */
  private readonly chain: LuaState[];
  private stopState: { thread: LuaState; frames?: FrameRecord[] } | undefined;
  private inspecting = false;
  private readonly hooks: HookMask;
  private readonly gate: LineGate;
  private readonly guestHooks: GuestHooks;
  private readonly hook: number;
  private readonly ar: number;
  private readonly targets = new Map<number, Target>();
  private nextHandle = 1;
  private readonly builtinGlobals = new Set<string>();
  private readonly values: LuaValues;
  private readonly exceptions = new LuaExceptionFilters();
  private readonly stack: LuaStack;
  private readonly inspection: LuaInspection;

  constructor(private readonly session: LuaSession) {
    this.lua = session.lua;
    this.ar = this.lua.M._malloc(AR.size);
    this.chain = [session.L];
    const filter = new HookFilter(this.lua, (L: number, ar: number) => this.onHook(L, ar));
    this.hook = filter.hook;
    this.gate = new LineGate(this.lua, this.lua.M._malloc(AR.size), (info) => holdsBreakpoint(info.source ? this.stack.scriptAt(info.source) : undefined, info), filter);
    this.guestHooks = new GuestHooks(this.lua);
    this.hooks = new HookMask(this.lua, filter, this.chain, this.gate, this.guestHooks, () => ({
      host: this.host !== undefined, arming: this.arming(),
      breakpointsOnly: !this.stepping.step && !this.pausePending, lines: this.scripts.breakpointLines,
    }));
    this.values = new LuaValues(this.lua, session, this.ar, this.hook, this.builtinGlobals, (t) => this.addTarget(t));
    this.stack = new LuaStack(this.lua, this.ar, this.chain, this.scripts.byChunk);
    this.stepping = new LuaStepping(this.lua, this.ar, this.stack);
    this.inspection = new LuaInspection(session, this.values, {
      stopFrames: () => this.stopFrames(), frame: (id) => this.frame(id), target: (h) => this.target(h), addTarget: (t) => this.addTarget(t),
    });
  }

  /** Installs hooks and the coroutine wrappers. Call before any guest code runs. */
  install(): void {
    const lua = this.lua, L = this.session.L;
    const coroutineStandIns = wrapCoroutines(lua, L, {
      entered: (co) => {
        this.chain.push(co);
        this.hooks.give(co);
      },
      left: () => void this.chain.pop(),
      inspecting: () => this.inspecting,
      died: (co, L1) => this.onRaise(co, 'caught', L1, 2),
    });
    lua.rawgeti(L, LUA.REGISTRYINDEX, BigInt(LUA.RIDX_GLOBALS));
    lua.pushnil(L);
    while (lua.M._lua_next(L as never, -2 as never)) {
      if (lua.type(L, -2) === LUA.TSTRING) this.builtinGlobals.add(lua.tostr(L, -2));
      lua.pop(L, 1);
    }
    lua.settop(L, 0);
    this.builtinGlobals.add('arg');
    this.session.onUncaught = (L1) => this.onRaise(L1, 'uncaught', L1, 1);
    // The inspection thread keeps its own hooks (the deadline); a guest hook set there is only recorded.
    this.guestHooks.install(L, (T) => T !== this.session.W && this.hooks.guestChanged(T));
    // The message handler of every pcall/xpcall: sees a caught error before it unwinds.
    const handler = lua.M.addFunction((L1: number) => {
      this.onRaise(L1, 'caught', L1, 1);
      return 1;
    }, 'ii');
    wrapProtectedCalls(lua, L, handler);
    lua.getglobal(L, lua.cs('pcall'));
    const wrappers = protoInfo(lua.M, closureProto(lua.M, lua.topointer(L, -1))).source;
    this.anchors.push(lua.ref(L, LUA.REGISTRYINDEX)); // keeps that chunk name's string where it is
    lua.settop(L, 0);
    this.guestHooks.own = { source: wrappers, standIns: new Set(coroutineStandIns), helpers: new Set([handler]) };
    this.hooks.update();
  }

  connect(host: NestedHost, options: ConnectOptions = {}): void {
    this.host = host;
    this.hooks.interrupts = options.interrupts ?? false;
    this.hooks.update();
  }

  /** The host's interrupt (SPEC §8.6): the count hook polls at the next instruction, a safe point. */
  interrupt(): void {
    this.hooks.interrupt();
  }

  /** Compiles, announces and runs one script. Returns the syntax error or the uncaught error text. */
  runScript(url: string, source: string, chunkname: string, options: { stopOnEntry?: boolean } = {}): { syntaxError?: string; error?: string } {
    const lua = this.lua, L = this.session.L;
    const syntaxError = this.session.compile(source, chunkname);
    if (syntaxError) return { syntaxError };
    const script = this.scripts.add(url, chunkname, source, chunkLines(lua, L));
    lua.pushvalue(L, -1);
    this.anchors.push(lua.ref(L, LUA.REGISTRYINDEX));
    this.stack.chunkAdded();
    if (options.stopOnEntry) this.pausePending = true;
    this.host?.scriptLoaded({ id: script.id, url, source });
    this.entryArmed = this.pausePending;
    this.hooks.update();
    const error = this.session.run();
    this.entryArmed = false;
    return { error };
  }

  /** Output from print / io.write, with the position of the Lua code that wrote it. */
  write(category: 'stdout' | 'stderr', text: string, where: { source: string; line: number } | undefined): void {
    const script = where && this.scripts.byChunk.get(where.source);
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
    const results = this.scripts.setBreakpoints(scriptId, requests);
    this.hooks.update();
    return results;
  }

  requestPause(): void {
    this.pausePending = true;
    this.hooks.update();
  }

  frames(): FrameInfo[] {
    return this.stopFrames().map((f) => ({
      id: f.id, name: f.name, position: { script: f.script.id, line: f.line, column: 1 }, inspectable: true,
    }));
  }

  scopes(frameId: number): ScopeInfo[] {
    return this.inspection.scopes(frameId);
  }

  variables(container: number, filter: ChildrenFilter, start: number, count: number): VariableInfo[] {
    return this.inspection.variables(container, filter, start, count);
  }

  evaluate(frameId: number | undefined, expression: string, context: EvalContext): ValueInfo {
    return this.inspection.evaluate(frameId, expression, context);
  }

  setVariable(container: number, name: string, expression: string): ValueInfo {
    return this.inspection.setVariable(container, name, expression);
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
    if (event === LUA.HOOKLINE) this.onLine(L, ar);
    else if (event === LUA.HOOKCOUNT) {
      this.guestHooks.counted(L); // before polling may set the hooks again
      if (this.hooks.polling(L)) this.poll();
    } else if (this.hooks.arming === 'frames') {
      const changed = event === LUA.HOOKRET ? this.gate.returned(L, ar) : this.gate.called(L, ar, event === LUA.HOOKTAILCALL);
      if (changed && this.hooks.changed(L)) this.poll();
    }
    this.hooks.follow(L);
    // Last: the guest's hook may raise an error, which unwinds through here.
    this.guestHooks.dispatch(L, ar, event);
  }

  private onLine(L: LuaState, ar: number): void {
    const heap = this.lua.M.HEAP32;
    const line = heap[(ar + AR.currentline) >> 2];
    if (!this.stepping.step && !this.pausePending && !this.scripts.breakpointLines.has(line)) return;
    const lua = this.lua;
    lua.getinfo(L, lua.cs('S'), ar);
    const script = this.stack.scriptAt(heap[(ar + AR.source) >> 2]);
    if (!script) return;
    let reason: StopReason | undefined;
    if (script.breakpoints.has(line)) reason = 'breakpoint';
    else if (this.stepping.done(L)) reason = 'step';
    else if (this.pausePending) reason = this.entryArmed ? 'entry' : 'pause';
    if (reason) this.stop(L, reason, { script: script.id, line, column: 1 });
  }

  private poll(): void {
    if (this.host?.pollPause()) this.requestPause();
  }

  /** What the hooks must watch: lines everywhere for a pause or step into, else frames when a breakpoint or a step over/out is armed. */
  private arming(): Arming {
    if (this.pausePending || this.stepping.step?.kind === 'into') return 'lines';
    return this.scripts.breakpointLines.size > 0 || this.stepping.step ? 'frames' : 'none';
  }

  /**
   * An error raised in L, its value at `index` on `holder`'s stack: stops when a filter of that
   * kind is set and its condition (with `error` naming the value) holds (SPEC §6.7).
   */
  private onRaise(L: LuaState, kind: ExceptionFilterKind, holder: LuaState, index: number): void {
    const filter = this.exceptions.get(kind);
    if (!filter || !this.host || this.inspecting) return;
    const frames = this.stack.walk(L, true);
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
    this.stepping.step = undefined;
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
    this.hooks.update(action.tag === 'step' ? this.stepping.begin(L, action.val) : undefined);
  }

  // ---- the stop's frames and handles --------------------------------------------------------------

  private stopFrames(): FrameRecord[] {
    if (!this.stopState) throw new AbiError({ message: 'the guest is not stopped' });
    return (this.stopState.frames ??= this.stack.walk(this.stopState.thread, true));
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
