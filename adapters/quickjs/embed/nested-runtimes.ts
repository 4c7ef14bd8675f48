// One stop across QuickJS runtimes whose host calls nest (mixed mode): an app with a runtime per
// context, where a guest of one runtime calls a host function that evaluates code in another.
// Each runtime walks its own chain of frames, so nothing in QuickJS tells how their stacks nest;
// V8 does: the contexts that dispatched the host calls on its stack, innermost first (AgentApi's
// hostCall dispatchers, read from the glue's frames). The stop's runtime (a JointStack: the
// contexts of one runtime) comes first, then, in that order, each other runtime whose context
// dispatched a call under it. A runtime re-entered between two others (A calls into B, which
// calls back into A) keeps all its frames in its first place: its chain cannot be split there.
import { AbiError, type FrameInfo } from '../../../abi/index.js';
import type { QuickJsProducer } from '../debug/producer.js';
import { JointStack } from './joint-stack.js';

export class NestedRuntimes {
  private readonly outer: JointStack[] = [];
  /** The joint id of each stack's first frame, as of the last frames(). */
  private firstIds: number[] | undefined;

  constructor(readonly inner: JointStack) {}

  /** The context that stopped (or first found in a host call). */
  get top(): QuickJsProducer {
    return this.inner.top;
  }

  private get stacks(): JointStack[] {
    return [this.inner, ...this.outer];
  }

  /** Every context inspected in this stop. */
  get producers(): QuickJsProducer[] {
    return this.stacks.flatMap((s) => s.producers);
  }

  /** The contexts of the other runtimes (entered with enterHostCall here; left by the caller). */
  get outerProducers(): QuickJsProducer[] {
    return this.outer.flatMap((s) => s.producers);
  }

  /**
   * Adds the runtimes of `dispatchers` (the contexts that dispatched the host calls under the stop,
   * innermost first) not yet in this stop: each dispatching context and the other contexts of its
   * runtime that are inside a host call (`sharing`), entered for inspection.
   */
  addOuter(dispatchers: readonly QuickJsProducer[], sharing: (p: QuickJsProducer) => QuickJsProducer[]): void {
    for (const p of dispatchers) {
      // A runtime some context of this stop belongs to is in place already.
      if (this.producers.some((q) => q.runtime === p.runtime) || !p.enterHostCall()) continue;
      this.outer.push(new JointStack(p, sharing(p).filter((other) => other.enterHostCall())));
      this.firstIds = undefined;
    }
  }

  /** Every runtime's frames, innermost runtime first, with ids of this stop. */
  frames(): FrameInfo[] {
    const out: FrameInfo[] = [];
    this.firstIds = [];
    for (const s of this.stacks) {
      this.firstIds.push(out.length);
      for (const f of s.frames()) out.push({ ...f, id: out.length });
    }
    return out;
  }

  /** The producer and own id of frame `id`. */
  frame(id: number): { producer: QuickJsProducer; id: number } {
    if (!this.firstIds) this.frames();
    const firstIds = this.firstIds!;
    for (let k = firstIds.length - 1; k >= 0; k--) {
      if (id >= firstIds[k]) return this.stacks[k].frame(id - firstIds[k]);
    }
    throw new AbiError({ message: `unknown frame ${id}` });
  }

  /** The producer that handed out `handle` during this stop. */
  owner(handle: number): QuickJsProducer {
    const p = this.producers.find((x) => x.ownsHandle(handle));
    if (!p) throw new AbiError({ message: `unknown or stale handle ${handle}` });
    return p;
  }
}
