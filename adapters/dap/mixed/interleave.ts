// Which interpreter call runs which script frame, in a mixed stop with nested host calls (a script
// calls a host function that calls back into the guest with evalCode / callFunction).
//
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
    if (f.role === 'host') hostSince = true;
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
