// Steps for the Lua producer (SPEC §6.4): into stops at any position; over at depth <= the
// origin's; out at depth < it. Depth counts guest frames over the threads of the logical stack
// (§6.6). A step over or out also names the frames it may stop in, its path, for the line gate.
import type { StepKind } from '../../abi/index.js';
import { AR, type LuaApi, type LuaState } from './engine.js';
import type { FrameRecord } from './producer.js';
import type { LuaStack } from './stack.js';

interface Step {
  kind: StepKind;
  thread: LuaState;
  /** All frames (C included) of `thread` at the stop: a cheap filter before counting depth. */
  total: number;
  depth: number;
}

export class LuaStepping {
  /** The step in progress. */
  step: Step | undefined;

  constructor(private readonly lua: LuaApi, private readonly ar: number, private readonly stack: LuaStack) {}

  /**
   * Starts a step from a stop on L. Returns the step's path for a step over or out: the CallInfos
   * of the frames it may stop in (the origin, for over, and every frame below, on every thread).
   */
  begin(L: LuaState, kind: StepKind): Set<number> | undefined {
    const frames = this.stack.walk(L, false);
    this.step = { kind, thread: L, total: this.stack.totalFrames(L), depth: frames.length };
    // `out` from depth 1 can never finish (SPEC §6.4): it is a `run`.
    if (kind === 'out' && frames.length <= 1) this.step = undefined;
    else if (kind !== 'into' && frames.length) return this.path(L, frames[0], kind);
    return undefined;
  }

  /** A position reached on L finishes the step. */
  done(L: LuaState): boolean {
    const step = this.step;
    if (!step) return false;
    if (step.kind === 'into') return true;
    if (L === step.thread) {
      // Deeper in the same thread means deeper in guest frames: skip without counting them.
      const total = this.stack.totalFrames(L);
      if (step.kind === 'over' ? total > step.total : total >= step.total) return false;
    }
    const depth = this.stack.walk(L, false).length;
    return step.kind === 'over' ? depth <= step.depth : depth < step.depth;
  }

  private path(L: LuaState, origin: FrameRecord, kind: StepKind): Set<number> {
    const lua = this.lua, ar = this.ar, path = new Set<number>();
    let below = false;
    for (const T of this.stack.threadsFrom(L)) {
      for (let level = 0; lua.getstack(T, level, ar); level++) {
        if (T === origin.thread && level === origin.level) {
          below = true;
          if (kind === 'out') continue;
        }
        if (below) path.add(lua.M.HEAP32[(ar + AR.i_ci) >> 2]);
      }
    }
    return path;
  }
}
