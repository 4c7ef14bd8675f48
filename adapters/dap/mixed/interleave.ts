// Which interpreter call runs which script frame, in a mixed stop.
//
// Exactly, when the producer says where the interpreter keeps each frame's record (frame-info's
// native-frame; QuickJS's JSStackFrame): the interpreter call running a frame holds that address
// in a local of its Wasm activation (QuickJS's JS_CallInternal its `sf`), so the script frame goes
// directly above that activation (placeByOwner). Wasm frames above the stopped frame's own
// activation then ran the stop itself (the check's call into the debugger).
//
// Otherwise by count, per interpreter entry (nested host calls: a script calls a host function
// that calls back into the guest with evalCode / callFunction):
// V8's stack holds one run of Wasm frames per interpreter entry (a "segment"), separated by host
// frames. The interpreter's call loop (QuickJS's JS_CallInternal) has one activation per guest
// call in its segment: one per bytecode frame, and one per native function call, whose
// activation sits at the C-function dispatch. Every segment but the innermost is left through a
// native host function, so its topmost loop activation is at that dispatch pc: activations at one
// of those pcs are native calls, the rest are script frames. The producer reports only the frames
// of loaded scripts (not natives, not its own runtime's, which sit in the innermost segment), so
// counts are assigned from the bottom segment up and the innermost takes what is left. When the
// counts do not fit (no loop function found, more frames claimed than exist), undefined: the
// caller groups all script frames above the Wasm.
import type { V8FrameInfo } from '../../../runtime/agent/wasm-protocol.js';

/** A Wasm frame (V8 index) holding an address in a local. */
export interface Holder {
  frame: number;
}

/** For each segment, top first: the index in `v8` of its first Wasm frame and how many script frames it runs. */
export interface Segment {
  firstFrame: number;
  scriptFrames: number;
}

/** Splits V8's frames into interpreter entries: runs of Wasm frames with no host frame between them. */
export function segments(v8: readonly V8FrameInfo[]): number[][] {
  const out: number[][] = [];
  let hostSince = true;
  for (const f of v8) {
    // nestdbg's own frames between two entries (the embed hook's evalCode) are the host's call too.
    if (f.role === 'host' || f.role === 'hook') hostSince = true;
    if (f.kind !== 'wasm') continue;
    if (hostSince) out.push([]);
    hostSince = false;
    out[out.length - 1].push(f.index);
  }
  return out;
}

const key = (f: V8FrameInfo) => `${f.module}:${f.funcIndex}`;

/** The interpreter's call loop: the function active in every segment, the most often. */
function loopFunction(v8: readonly V8FrameInfo[], segs: number[][]): string | undefined {
  const byIndex = new Map(v8.map((f) => [f.index, f]));
  const counts = new Map<string, number>();
  const everywhere = new Set(segs[0].map((i) => key(byIndex.get(i)!)));
  for (const seg of segs) {
    const here = new Set<string>();
    for (const i of seg) {
      const k = key(byIndex.get(i)!);
      here.add(k);
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    for (const k of everywhere) if (!here.has(k)) everywhere.delete(k);
  }
  let best: string | undefined;
  for (const k of everywhere) if (best === undefined || counts.get(k)! > counts.get(best)!) best = k;
  return best;
}

/**
 * How many of `scriptFrames` (top first) each interpreter entry runs, top segment first; undefined
 * when that cannot be told (then group). A single entry runs them all.
 */
export function assignScriptFrames(scriptFrames: number, v8: readonly V8FrameInfo[]): Segment[] | undefined {
  const segs = segments(v8);
  if (segs.length === 0) return undefined;
  if (segs.length === 1) return [{ firstFrame: segs[0][0], scriptFrames }];
  const loop = loopFunction(v8, segs);
  if (loop === undefined) return undefined;
  const byIndex = new Map(v8.map((f) => [f.index, f]));
  const activations = segs.map((seg) => seg.map((i) => byIndex.get(i)!).filter((f) => key(f) === loop));
  // The dispatch pcs of native calls: where each outer segment's topmost activation is.
  const nativePcs = new Set(activations.slice(1).map((a) => a[0].pc));
  const counts = activations.map((a) => a.filter((f) => !nativePcs.has(f.pc)).length);
  const result: Segment[] = segs.map((seg) => ({ firstFrame: seg[0], scriptFrames: 0 }));
  let left = scriptFrames;
  for (let k = segs.length - 1; k >= 1; k--) {
    if (counts[k] > left) return undefined;
    result[k].scriptFrames = counts[k];
    left -= counts[k];
  }
  // The innermost also runs the producer's own frames, which it does not report: at most its count.
  if (left > counts[0]) return undefined;
  result[0].scriptFrames = left;
  return result;
}

/**
 * For each script frame (top first), the V8 index of the Wasm activation that runs it: the
 * innermost frame holding its record's address below the previous frame's activation. Undefined
 * when some frame has none (no address, or no activation holds it): the caller falls back.
 */
export function placeByOwner(holders: ReadonlyArray<readonly Holder[] | undefined>): number[] | undefined {
  const owners: number[] = [];
  let below = -1;
  for (const hits of holders) {
    // An outer activation may hold the same address (a generator's frame lives in its caller's
    // object): the innermost one runs the frame.
    const owner = Math.min(...(hits ?? []).map((h) => h.frame).filter((f) => f > below));
    if (!Number.isFinite(owner)) return undefined;
    owners.push(owner);
    below = owner;
  }
  return owners;
}

/** How a stop's script frames go among V8's frames. */
export interface Placement {
  /** Before the Wasm frame at this V8 index go this many script frames (in order). */
  before: Map<number, number>;
  /**
   * exact: each above the activation that runs it; counted: by interpreter entry (interleave
   * by segment); grouped: all above the first Wasm frame.
   */
  how: 'exact' | 'counted' | 'grouped';
  /** exact: Wasm frames above this V8 index ran the stop itself (the debugger's own calls). */
  stopCallAbove?: number;
}

export function placeScriptFrames(scriptFrames: number, v8: readonly V8FrameInfo[], holders?: ReadonlyArray<readonly Holder[] | undefined>): Placement {
  const owners = holders && holders.length === scriptFrames && scriptFrames > 0 ? placeByOwner(holders) : undefined;
  if (owners) return { before: new Map(owners.map((o) => [o, 1])), how: 'exact', stopCallAbove: owners[0] };
  const counted = scriptFrames > 0 ? assignScriptFrames(scriptFrames, v8) : undefined;
  if (counted) return { before: new Map(counted.map((c) => [c.firstFrame, c.scriptFrames])), how: 'counted' };
  return { before: new Map(), how: 'grouped' };
}
