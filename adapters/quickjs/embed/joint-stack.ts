// One stop seen across the contexts of a runtime. QuickJS walks one JSStackFrame chain per runtime,
// so a guest function of context A that calls (through a host function or a shared value) into a
// function of context B has its frames under B's, as two vm contexts in Node share one V8 stack.
// The context that stopped and each context with frames under it are inspected at once; their
// frames are interleaved by their place in the runtime's stack, and each frame id of the joint
// stack is routed to the producer that owns the frame. Handles need no routing table: the
// producers draw them from one counter, so the one that has a handle owns it.
import { AbiError, type FrameInfo } from '../../../abi/index.js';
import type { QuickJsProducer } from '../debug/producer.js';

interface JointFrame {
  producer: QuickJsProducer;
  /** The frame's id in its own producer. */
  id: number;
}

export class JointStack {
  private order: JointFrame[] | undefined;

  /**
   * `top`: the context stopped (or first found in a host call); `under`: contexts inspected with it.
   * `rank`: how far below `top`'s runtime a context's runtime is (cross-runtime.ts); frames of one
   * runtime interleave by place.
   */
  constructor(readonly top: QuickJsProducer, readonly under: QuickJsProducer[], private readonly rank: (p: QuickJsProducer) => number = () => 0) {}

  get producers(): QuickJsProducer[] {
    return [this.top, ...this.under];
  }

  /** Every context's frames, innermost first, with ids of the joint stack. */
  frames(): FrameInfo[] {
    const all = this.producers.flatMap((producer) => {
      const places = producer.framePlaces();
      return producer.frames().map((info) => ({ producer, info, place: places[info.id], rank: this.rank(producer) }));
    });
    // The innermost frame is furthest from the bottom; a stable sort keeps ties in producer order.
    all.sort((a, b) => a.rank - b.rank || b.place - a.place);
    this.order = all.map(({ producer, info }) => ({ producer, id: info.id }));
    return all.map(({ info }, i) => ({ ...info, id: i }));
  }

  /** The producer and own id of joint frame `id`. */
  frame(id: number): JointFrame {
    if (!this.order) this.frames();
    const f = this.order![id];
    if (!f) throw new AbiError({ message: `unknown frame ${id}` });
    return f;
  }

  /** The producer that handed out `handle` during this stop. */
  owner(handle: number): QuickJsProducer {
    const p = this.producers.find((x) => x.ownsHandle(handle));
    if (!p) throw new AbiError({ message: `unknown or stale handle ${handle}` });
    return p;
  }
}
