// A deadline for guest code the debugger runs on the user's behalf while stopped: getters,
// evaluate, previews of proxies. QuickJS's interrupt handler ends code that overruns it with an
// uncatchable "interrupted" error, so a getter that never returns (`get x() { for (;;); }`)
// becomes an error value instead of a frozen debuggee.
import { inspectionTimeoutMs } from '../../common/inspection-timeout.js';

// Read once, at load: not while a host step is under way (stepping in would enter process.env's getter).
const LAUNCH_TIMEOUT_MS = inspectionTimeoutMs();

export class InspectionDeadline {
  /** Innermost last: the deadline of each guarded run under way. */
  private readonly until: number[] = [];
  private interrupted = false;

  /** `ms`: how long inspection code may run without returning to the host (launch: inspectionTimeoutMs). */
  constructor(readonly ms: number = LAUNCH_TIMEOUT_MS) {}

  /** True while guarded code runs: the interrupt handler then serves the deadline only. */
  get active(): boolean {
    return this.until.length > 0;
  }

  /** For the interrupt handler: true ends the running guest code. */
  expired(): boolean {
    const until = this.until[this.until.length - 1];
    if (until === undefined || performance.now() <= until) return false;
    this.interrupted = true;
    return true;
  }

  /**
   * Runs `fn` (which calls into the guest) under a fresh deadline. `timedOut` says the interrupt
   * handler ended it. A nested run's time does not count against the run around it.
   */
  run<T>(fn: () => T): { value: T; timedOut: boolean } {
    const outer = this.interrupted;
    this.interrupted = false;
    this.until.push(performance.now() + this.ms);
    try {
      const value = fn();
      return { value, timedOut: this.interrupted };
    } finally {
      this.until.pop();
      this.interrupted = outer;
      const n = this.until.length;
      if (n) this.until[n - 1] = Math.max(this.until[n - 1], performance.now() + this.ms);
    }
  }

  /** The message of a run that timed out. */
  message(what: string): string {
    return `${what} did not finish within ${this.ms} ms and was stopped`;
  }
}
