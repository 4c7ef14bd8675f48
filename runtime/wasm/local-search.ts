// Which Wasm frames of a pause hold given values in their i32 locals. An interpreter keeps a
// pointer to its own record of the guest frame it runs (QuickJS's JSStackFrame) in a local of
// the Wasm activation running it, so this tells which activation runs which guest frame — without
// knowing anything about the guest: the caller brings the addresses.
import type { Pause } from './debuggee.js';

/** A Wasm frame (its V8 index in the pause) and the local that holds the value. */
export interface LocalHit {
  frame: number;
  local: string;
}

// Evaluated on each Wasm frame with V8's debug proxy in scope: the i32 locals equal to a wanted value.
const searchExpression = (values: number[]) => `(() => {
  const want = new Set(${JSON.stringify(values)});
  const hits = [];
  for (const name of Object.keys(locals)) {
    const x = locals[name];
    if (x && x.type === 'i32' && want.has(x.value >>> 0)) hits.push([name, x.value >>> 0]);
  }
  return hits;
})()`;

/** For each value (an unsigned 32-bit number), the Wasm frames holding it in an i32 local, innermost first. */
export async function framesHolding(pause: Pause, values: readonly number[]): Promise<LocalHit[][]> {
  const out = values.map((): LocalHit[] => []);
  if (values.length === 0) return out;
  const wanted = values.map((v) => v >>> 0);
  const expression = searchExpression([...new Set(wanted)]);
  const frames = pause.wasmFrames();
  // One round trip per frame, all in flight at once.
  const hits = await Promise.all(frames.map((f) => f.evaluate<Array<[string, number]>>(expression)));
  frames.forEach((f, i) => {
    for (const [local, value] of hits[i] ?? []) {
      wanted.forEach((w, k) => {
        if (w === value) out[k].push({ frame: f.index, local });
      });
    }
  });
  return out;
}
