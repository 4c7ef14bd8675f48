// Several QuickJS runtimes of one app on one stop. Each runtime walks its own stack of frames, but
// they nest on the thread's one stack: a script of runtime A calls a host function that evaluates
// code in runtime B, so B's frames run above A's. A stop in B shows A's guest frames under B's
// (A is inside a host call: a safe point), and steps go on into A where B's frames return to it.
// Which runtime is above which comes from the order their outermost evaluations started.
import type { QuickJsProducer } from '../debug/producer.js';

/**
 * How far below `top`'s runtime each producer's frames sit: 0 for the contexts of `top`'s runtime
 * (whose frames interleave by place), then each running runtime, the latest started first;
 * runtimes not running an evaluation (entered through callFunction only) last.
 */
export function runtimeRank(top: QuickJsProducer, entered: readonly object[]): (p: QuickJsProducer) => number {
  return (p) => {
    if (p.runtime === top.runtime) return 0;
    const i = entered.lastIndexOf(p.runtime);
    return i < 0 ? entered.length + 1 : entered.length - i;
  };
}
