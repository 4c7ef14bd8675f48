// Every frame's bindings are read from QuickJS's own stack frames in Wasm memory (frame-memory.ts):
// the stopped frame's, its callers' (also those that entered while nothing was armed), and, for a
// breakpoint's condition or log message, the frame arriving at the breakpoint. Which bindings a
// frame shows comes from its site (the stopped frame's own, or the site at a caller's position);
// which slot holds each of them, from declarations.ts.
import type { QuickJSContext, QuickJSHandle } from 'quickjs-emscripten-core';
import type { ScopeGroup } from '../instrument/scopes.js';
import { GUEST_NAMES, type FunctionInfo, type Site } from '../instrument/output.js';
import { FrameMemory, type FrameVariable, type MemoryFrame } from './frame-memory.js';
import { FunctionSwaps } from './function-swap.js';
import { ScriptDeclarations, visibleDeclaration, type FunctionDeclarations } from './declarations.js';
import type { FrameRecord } from './handles.js';
import { before, functionAt, type LoadedScript, type ScriptRegistry } from './scripts.js';

/** A frame read from memory: its variables by reader index (-1: `this`), undefined where unknown. */
interface ResolvedFrame {
  variables: Map<number, FrameVariable>;
  /** Top-level code of a classic script: its `this` is the global object. */
  scriptTopLevel: boolean;
}

/** What the guest reader gets back: a value, a binding in its temporal dead zone, or no slot. */
export type MemoryRead = { value: QuickJSHandle } | { uninitialized: true } | { global: true } | { unavailable: string } | { typeError: string };

// Error().stack with every frame: QuickJS-ng cuts it at Error.stackTraceLimit (10 by default).
const WHOLE_STACK = `(() => {
  const limit = Error.stackTraceLimit;
  if (typeof limit === 'number') Error.stackTraceLimit = 1e6;
  try { return String(new Error().stack); } finally { if (typeof limit === 'number') Error.stackTraceLimit = limit; }
})()`;

export class MemoryFrames {
  private readonly declarations = new WeakMap<LoadedScript, ScriptDeclarations | null>();
  private resolved: Array<ResolvedFrame | undefined> = [];
  // Offsets of sites' checks in their script's loaded code, by site id.
  private readonly checkOffsets = new Map<number, number>();
  // The frame of the latest arrival at a breakpoint (breakpoints.js numbers arrivals).
  private arrival: { key: number; frame: ResolvedFrame | undefined } | undefined;

  /** Top-level functions armed by swapping their code (function-swap.ts); frames may run either code. */
  readonly swaps: FunctionSwaps;

  private constructor(private readonly context: QuickJSContext, readonly memory: FrameMemory, private readonly scripts: ScriptRegistry) {
    this.swaps = new FunctionSwaps(memory.heap, memory.layout);
    memory.codesOf = (object) => this.swaps.codes(object);
  }

  /** Calibrates frame memory for the context (runs a probe: call while it is idle); undefined if it cannot. */
  static open(context: QuickJSContext, scripts: ScriptRegistry): MemoryFrames | undefined {
    const memory = FrameMemory.open(context);
    if (!(memory instanceof FrameMemory)) {
      process.stderr.write(`nestdbg: callers' variables unavailable: ${memory.unavailable}\n`);
      return undefined;
    }
    return new MemoryFrames(context, memory, scripts);
  }

  /**
   * Gives every frame of a stop its JSStackFrame address, a reader over its memory slots
   * (`frame.reader` < 0), and the scopes of the site at its position where it has none yet (all
   * but the stopped frame).
   */
  attach(frames: FrameRecord[]): void {
    this.resolved = [];
    const memoryFrames = this.memory.readFrames().filter((f) => this.isOwnFrame(f));
    // The stack text and memory must agree frame for frame; otherwise nothing is read from memory.
    if (memoryFrames.length !== frames.length) return;
    frames.forEach((frame, i) => {
      frame.nativeFrame = memoryFrames[i].address;
      const script = this.scripts.get(frame.scriptId)!;
      if (memoryFrames[i].url !== script.url) return;
      const fn = functionAt(script, frame.line, frame.column);
      const scopes = frame.scopes ?? scopesAt(script, fn, frame.line, frame.column);
      const decls = this.declarationsAt(script, offsetOf(script.instrumented.code, frame.loaded.line, frame.loaded.column));
      if (!scopes || !decls) return;
      this.resolved[i] = { variables: slots(memoryFrames[i], scopes, decls.functionDecls, decls.offset), scriptTopLevel: isScriptTopLevel(script, fn.id) };
      frame.scopes = scopes;
      frame.reader = -(i + 1);
    });
  }

  /**
   * The frames of `frames` (from the stack text, by script URL) that run in this context: another
   * context of the runtime may have evaluated a script under the same URL, and its frames on the
   * shared stack show in the text as this context's would. Frame ids are renumbered. Unchanged
   * when the text and memory do not agree frame for frame.
   */
  ownFrames(frames: FrameRecord[]): FrameRecord[] {
    const memoryFrames = this.memory.readOrigins().filter((f) => this.isScriptFrame(f));
    if (memoryFrames.length !== frames.length) return frames;
    return frames.filter((_, i) => memoryFrames[i].realm === this.memory.realm).map((f, i) => ({ ...f, id: i }));
  }

  /**
   * Reads (or, with `value`, writes) binding `index` of the frame whose reader key is `key`: a
   * frame of the stop (< 0), or the frame of arrival `key` (> 0) at site `siteId`.
   */
  read(key: number, index: number, value?: QuickJSHandle, siteId = -1): MemoryRead {
    if (key > 0 && this.arrival?.key !== key) this.arrival = { key, frame: this.arriving(siteId) };
    const frame = key > 0 ? this.arrival!.frame : this.resolved[-key - 1];
    if (index === -1 && frame?.scriptTopLevel) return { global: true };
    const v = frame?.variables.get(index);
    if (!v) return { unavailable: index === -1 ? 'this' : 'no slot for this binding' };
    // QuickJS's own message for an assignment to a const.
    if (value && v.isConst) return { typeError: `'${v.name}' is read-only` };
    if (value) this.memory.setValue(v, value);
    if (this.memory.isUninitialized(v)) return { uninitialized: true };
    return { value: this.memory.value(v) };
  }

  /**
   * `stack`, the guest's Error().stack captured one call up, with the position of each frame that
   * entered before its function was swapped (QuickJS printed it from the code the function points
   * at now) taken from a second capture, made with those functions pointing at the code they run.
   */
  stackWithSwappedFrames(stack: string): string {
    if (!this.swaps.used) return stack;
    const frames = this.memory.readOrigins();
    const lines = stack.replace(/\n$/, '').split('\n');
    // A stack cut at Error.stackTraceLimit still starts with the innermost frames.
    const stale = frames.flatMap((f, k) => (f.swappedSince && k < lines.length ? [k] : []));
    if (!stale.length || lines.length > frames.length) return stack;
    const objects = new Set(stale.map((k) => frames[k].functionAddress));
    this.swaps.flip(objects);
    let again: string[];
    try {
      again = this.guestStack().replace(/\n$/, '').split('\n');
    } finally {
      this.swaps.flip(objects);
    }
    // The second capture is deeper by the frames of the call that made it: align the outermost.
    for (const k of stale) lines[k] = again[again.length - (frames.length - k)];
    return lines.join('\n') + (stack.endsWith('\n') ? '\n' : '');
  }

  // The guest's whole stack as Error().stack prints it, from a host call (the frames of this evaluation on top).
  private guestStack(): string {
    const stack = this.context.unwrapResult(this.context.evalCode(WHOLE_STACK));
    try {
      return this.context.getString(stack);
    } finally {
      stack.dispose();
    }
  }

  /** The stop ended: slot addresses mean nothing any more. */
  clear(): void {
    this.resolved = [];
  }

  /** The innermost script frame, arriving at `siteId` (its check is running a breakpoint's condition). */
  private arriving(siteId: number): ResolvedFrame | undefined {
    const at = this.scripts.site(siteId);
    if (!at) return undefined;
    const { script, site } = at;
    const frame = this.memory.readFrames((f) => this.isOwnFrame(f)).pop();
    if (!frame || !this.isOwnFrame(frame) || frame.url !== script.url) return undefined;
    const decls = this.declarationsAt(script, this.checkOffset(script, site));
    if (!decls) return undefined;
    return { variables: slots(frame, script.instrumented.scopes[site.scope], decls.functionDecls, decls.offset), scriptTopLevel: isScriptTopLevel(script, site.fn) };
  }

  private isScriptFrame(f: { native: boolean; url?: string }): boolean {
    return !f.native && f.url !== undefined && !!this.scripts.byUrl(f.url);
  }

  private isOwnFrame(f: { native: boolean; url?: string; realm?: number }): boolean {
    return this.isScriptFrame(f) && f.realm === this.memory.realm;
  }

  /** Where the site's check is in the loaded code: its call's text names the site once. */
  private checkOffset(script: LoadedScript, site: Site): number {
    let offset = this.checkOffsets.get(site.id);
    if (offset === undefined) {
      offset = script.instrumented.code.indexOf(`${GUEST_NAMES.check}(${site.id},`);
      this.checkOffsets.set(site.id, offset);
    }
    return offset;
  }

  private declarationsAt(script: LoadedScript, offset: number): { functionDecls: FunctionDeclarations; offset: number } | undefined {
    if (offset < 0) return undefined;
    let parsed = this.declarations.get(script);
    if (parsed === undefined) {
      try {
        parsed = new ScriptDeclarations(script.instrumented.code, !!script.module);
      } catch {
        parsed = null;
      }
      this.declarations.set(script, parsed);
    }
    const functionDecls = parsed?.at(offset);
    return functionDecls && { functionDecls, offset };
  }
}

/**
 * Each visible binding's slot. A name declared once per copy of the function has as many slots as
 * declarations; a count that does not match what the parse found leaves the name unread rather
 * than read from the wrong slot.
 */
function slots(frame: MemoryFrame, scopes: ScopeGroup[], decls: FunctionDeclarations, offset: number): Map<number, FrameVariable> {
  const out = new Map<number, FrameVariable>();
  const own = [...frame.args, ...frame.locals].filter((v) => !v.internal);
  for (const group of scopes) {
    group.names.forEach((name, i) => {
      const v = group.kind === 'local' ? localSlot(own, name, decls, offset) : only(frame.closure.filter((c) => c.name === name));
      if (v) out.set(group.firstIndex + i, v);
    });
  }
  // `this` is a local where the function uses it, a closure variable in an arrow function.
  const self = frame.locals.find((v) => v.name === 'this') ?? frame.closure.find((v) => v.name === 'this');
  if (self) out.set(-1, self);
  return out;
}

/** The slot of local `name` a frame at `offset` sees, or undefined where the parse and the slots disagree. */
export function localSlot(own: FrameVariable[], name: string, decls: FunctionDeclarations, offset: number): FrameVariable | undefined {
  const candidates = own.filter((v) => v.name === name);
  const list = decls.get(name) ?? [];
  if (candidates.length === list.length) return candidates[visibleDeclaration(list, offset)];
  return only(candidates);
}

const only = <T>(list: T[]): T | undefined => (list.length === 1 ? list[0] : undefined);

/** Whether function `fnId` is a classic script's top level (its `this` is the global object). */
const isScriptTopLevel = (script: LoadedScript, fnId: number) => !script.module && fnId === script.instrumented.functions[0].id;

/** The scopes of the statement of `fn` (the frame's function) that holds the (original, 1-based) position. */
function scopesAt(script: LoadedScript, fn: FunctionInfo, line: number, column: number): ScopeGroup[] | undefined {
  const atOrBefore = (l1: number, c1: number, l2: number, c2: number) => !before(l2, c2, l1, c1);
  let best: Site | undefined;
  let first: Site | undefined;
  for (const s of script.instrumented.sites) {
    if (s.fn !== fn.id || s.kind === 'catch') continue;
    first ??= s;
    if (atOrBefore(s.line, s.column, line, column) && s.endLine >= line && (!best || atOrBefore(best.line, best.column, s.line, s.column))) best = s;
  }
  const site = best ?? first;
  return site && script.instrumented.scopes[site.scope];
}

/** The offset in `code` of a 1-based line and column. */
function offsetOf(code: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const next = code.indexOf('\n', offset);
    if (next < 0) break;
    offset = next + 1;
  }
  return offset + column - 1;
}

/**
 * The guest's `frameSlot(key, index, box, site)`: binding `index` of a memory frame (debug-runtime.js
 * readerOf), as [0, value], [1] (temporal dead zone), [2, why] (unknown) or [3, message] (a write
 * that throws a TypeError); with `box` ([value]) it writes first.
 */
export function frameSlotFunction(ctx: QuickJSContext, frames: () => MemoryFrames | undefined): (...args: QuickJSHandle[]) => QuickJSHandle {
  return (key, index, box, site) => {
    const written = box && ctx.typeof(box) === 'object' ? ctx.getProp(box, 0) : undefined;
    let read: MemoryRead;
    try {
      read = frames()?.read(ctx.getNumber(key), ctx.getNumber(index), written, ctx.getNumber(site)) ?? { unavailable: 'frame memory is not available' };
    } catch (e) {
      read = { unavailable: (e as Error).message };
    } finally {
      written?.dispose();
    }
    const out = ctx.newArray();
    const put = (i: number, h: QuickJSHandle) => {
      ctx.setProp(out, i, h);
      h.dispose();
    };
    if ('value' in read) {
      put(0, ctx.newNumber(0));
      put(1, read.value);
    } else if ('typeError' in read) {
      put(0, ctx.newNumber(3));
      put(1, ctx.newString(read.typeError));
    } else if ('global' in read) {
      put(0, ctx.newNumber(0));
      put(1, ctx.global.dup());
    } else if ('uninitialized' in read) {
      put(0, ctx.newNumber(1));
    } else {
      put(0, ctx.newNumber(2));
      put(1, ctx.newString(read.unavailable));
    }
    return out;
  };
}
