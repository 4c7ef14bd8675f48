// Frames whose bindings no instrumented reader holds (callers of the stopped function, frames that
// entered while nothing was armed) are read from QuickJS's own stack frames in Wasm memory
// (frame-memory.ts). Which bindings a frame shows comes from the site at its position, as for an
// instrumented frame; which slot holds each of them, from declarations.ts.
import type { QuickJSContext, QuickJSHandle } from 'quickjs-emscripten-core';
import type { ScopeGroup } from '../instrument/scopes.js';
import type { Site } from '../instrument/output.js';
import { FrameMemory, type FrameVariable, type MemoryFrame } from './frame-memory.js';
import { ScriptDeclarations, visibleDeclaration, type FunctionDeclarations } from './declarations.js';
import type { FrameRecord } from './handles.js';
import { before, functionAt, type LoadedScript, type ScriptRegistry } from './scripts.js';

/** A frame read from memory: its variables by reader index (-1: `this`), undefined where unknown. */
interface ResolvedFrame {
  variables: Map<number, FrameVariable>;
}

/** What the guest reader gets back: a value, a binding in its temporal dead zone, or no slot. */
export type MemoryRead = { value: QuickJSHandle } | { uninitialized: true } | { unavailable: string };

export class MemoryFrames {
  private readonly declarations = new WeakMap<LoadedScript, ScriptDeclarations | null>();
  private resolved: Array<ResolvedFrame | undefined> = [];

  private constructor(private readonly memory: FrameMemory, private readonly scripts: ScriptRegistry) {}

  /** Calibrates frame memory for the context (runs a probe: call while it is idle); undefined if it cannot. */
  static open(context: QuickJSContext, scripts: ScriptRegistry): MemoryFrames | undefined {
    const memory = FrameMemory.open(context);
    if (!(memory instanceof FrameMemory)) {
      process.stderr.write(`nestdbg: callers' variables unavailable: ${memory.unavailable}\n`);
      return undefined;
    }
    return new MemoryFrames(memory, scripts);
  }

  /**
   * Gives every frame of a stop that has no readable scopes the scopes of its position and a reader
   * over its memory slots (`frame.reader` < 0).
   */
  attach(frames: FrameRecord[]): void {
    this.resolved = [];
    if (frames.every((f) => f.scopes)) return;
    const memoryFrames = this.scriptFrames(frames.length);
    if (!memoryFrames) return;
    frames.forEach((frame, i) => {
      const script = this.scripts.get(frame.scriptId)!;
      if (frame.scopes || memoryFrames[i].url !== script.url) return;
      const site = siteAt(script, frame.line, frame.column);
      const decls = this.declarationsAt(script, frame.loaded.line, frame.loaded.column);
      if (!site || !decls) return;
      const scopes = script.instrumented.scopes[site.scope];
      this.resolved[i] = { variables: slots(memoryFrames[i], scopes, decls.functionDecls, decls.offset) };
      frame.scopes = scopes;
      frame.reader = -(i + 1);
    });
  }

  /**
   * The JSStackFrame address of each of the stop's `count` frames (for mixed mode: the Wasm
   * activation holding it runs the frame); undefined when memory and the stack text disagree.
   */
  addresses(count: number): number[] | undefined {
    return this.scriptFrames(count)?.map((f) => f.address);
  }

  /** The memory frames of loaded scripts, if there are exactly as many as the stack text shows. */
  private scriptFrames(count: number): MemoryFrame[] | undefined {
    const memoryFrames = this.memory.readFrames().filter((f) => !f.native && f.url !== undefined && this.scripts.byUrl(f.url));
    // The stack text and memory must agree frame for frame; otherwise nothing is read from memory.
    return memoryFrames.length === count ? memoryFrames : undefined;
  }

  /** Reads (or, with `value`, writes) binding `index` of the frame whose reader key is `key` (< 0). */
  read(key: number, index: number, value?: QuickJSHandle): MemoryRead {
    const v = this.resolved[-key - 1]?.variables.get(index);
    if (!v) return { unavailable: index === -1 ? 'this' : 'no slot for this binding' };
    if (value) this.memory.setValue(v, value);
    if (this.memory.isUninitialized(v)) return { uninitialized: true };
    return { value: this.memory.value(v) };
  }

  /** The stop ended: slot addresses mean nothing any more. */
  clear(): void {
    this.resolved = [];
  }

  private declarationsAt(script: LoadedScript, line: number, column: number): { functionDecls: FunctionDeclarations; offset: number } | undefined {
    let parsed = this.declarations.get(script);
    if (parsed === undefined) {
      try {
        parsed = new ScriptDeclarations(script.instrumented.code, !!script.module);
      } catch {
        parsed = null;
      }
      this.declarations.set(script, parsed);
    }
    const offset = offsetOf(script.instrumented.code, line, column);
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
  const self = frame.locals.find((v) => v.name === 'this');
  if (self) out.set(-1, self);
  return out;
}

function localSlot(own: FrameVariable[], name: string, decls: FunctionDeclarations, offset: number): FrameVariable | undefined {
  const candidates = own.filter((v) => v.name === name);
  const list = decls.get(name) ?? [];
  if (candidates.length === list.length) return candidates[visibleDeclaration(list, offset)];
  return only(candidates);
}

const only = <T>(list: T[]): T | undefined => (list.length === 1 ? list[0] : undefined);

/** The statement of the frame's function that holds the (original, 1-based) position. */
function siteAt(script: LoadedScript, line: number, column: number): Site | undefined {
  const fn = functionAt(script, line, column);
  const atOrBefore = (l1: number, c1: number, l2: number, c2: number) => !before(l2, c2, l1, c1);
  let best: Site | undefined;
  let first: Site | undefined;
  for (const s of script.instrumented.sites) {
    if (s.fn !== fn.id || s.kind === 'catch') continue;
    first ??= s;
    if (atOrBefore(s.line, s.column, line, column) && s.endLine >= line && (!best || atOrBefore(best.line, best.column, s.line, s.column))) best = s;
  }
  return best ?? first;
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
 * The guest's `frameSlot(key, index, box)`: binding `index` of a memory frame (debug-runtime.js
 * readerOf), as [0, value], [1] (temporal dead zone) or [2, why]; with `box` ([value]) it writes first.
 */
export function frameSlotFunction(ctx: QuickJSContext, frames: () => MemoryFrames | undefined): (...args: QuickJSHandle[]) => QuickJSHandle {
  return (key, index, box) => {
    const written = box && ctx.typeof(box) === 'object' ? ctx.getProp(box, 0) : undefined;
    let read: MemoryRead;
    try {
      read = frames()?.read(ctx.getNumber(key), ctx.getNumber(index), written) ?? { unavailable: 'frame memory is not available' };
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
    } else if ('uninitialized' in read) {
      put(0, ctx.newNumber(1));
    } else {
      put(0, ctx.newNumber(2));
      put(1, ctx.newString(read.unavailable));
    }
    return out;
  };
}
