// The agent worker's way to make a busy main thread look at its queue (SPEC §8.6). A producer
// that does not poll periodically (Lua: any lua_sethook mask slows every instruction) registers an
// interrupt when it attaches; the worker runs it on the main thread with `Runtime.evaluate` over
// its own inspector session: V8 serves inspector messages at its interrupt checks, which Wasm
// loops have, so the evaluation runs even while the guest spins in the interpreter's Wasm. The
// interrupt only arms a poll; the poll then drains the queue at a safe point.
import { Session } from 'node:inspector';
import { globalExpression, INTERRUPT_KEY } from './api.js';

const EXPRESSION = `${globalExpression(INTERRUPT_KEY)}?.()`;

export class MainThreadInterrupt {
  private session: Session | undefined;
  private inFlight = false;
  /** Requested while one was in flight: that one may already have run, so send another after it. */
  private again = false;

  constructor(private readonly log: (text: string) => void) {}

  request(): void {
    if (this.inFlight) {
      this.again = true;
      return;
    }
    this.inFlight = true;
    try {
      if (!this.session) {
        this.session = new Session();
        this.session.connectToMainThread();
      }
      this.session.post('Runtime.evaluate', { expression: EXPRESSION, silent: true }, (error) => {
        if (error) this.log(`interrupt failed: ${error.message}`);
        this.inFlight = false;
        if (this.again) {
          this.again = false;
          this.request();
        }
      });
    } catch (error) {
      this.inFlight = false;
      this.log(`interrupt failed: ${(error as Error).message}`);
    }
  }
}
