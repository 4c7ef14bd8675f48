// The host's channel to the guest runtime's control dispatcher (guest/debug-runtime.js):
// arguments and results travel as JSON. Calls that run guest code on the user's behalf (reading
// values, evaluating) run under an InspectionDeadline, so code that never returns ends in an error.
import type { QuickJSContext, QuickJSHandle } from 'quickjs-emscripten-core';
import { AbiError } from '../../../abi/index.js';
import type { GuestError } from '../guest-session.js';
import { InspectionDeadline } from './deadline.js';

/** Controls that may run guest code (getters, proxy traps, evaluated expressions). */
const INSPECTING = new Set(['children', 'evaluate', 'readScope', 'readGlobals', 'setBinding', 'setProperty', 'setGlobal', 'exceptionInfo']);

export class GuestControl {
  private dispatch: QuickJSHandle | undefined;

  /** `deadline`: one per QuickJS runtime (its interrupt handler serves every context in it). */
  constructor(
    private readonly ctx: QuickJSContext, private readonly takeError: (h: QuickJSHandle) => GuestError,
    readonly deadline = new InspectionDeadline(),
  ) {}

  attach(dispatch: QuickJSHandle): void {
    this.dispatch = dispatch;
  }

  /**
   * The guest's `guard(thunk)`: runs a guest closure (a getter, an evaluation) under its own
   * deadline; answers '' when it returned, else why it was stopped.
   */
  readonly guard = (thunk: QuickJSHandle): QuickJSHandle => {
    const ctx = this.ctx;
    const { value: r, timedOut } = this.deadline.run(() => ctx.callFunction(thunk, ctx.undefined));
    if (!r.error) {
      r.value.dispose();
      return ctx.newString('');
    }
    const e = this.takeError(r.error);
    return ctx.newString(timedOut ? this.deadline.message('The code') : `${e.name}: ${e.message}`);
  };

  call<T>(name: string, args: unknown[]): T {
    if (!INSPECTING.has(name)) return this.send<T>(name, args);
    const { value, timedOut } = this.deadline.run(() => {
      try {
        return { ok: this.send<T>(name, args) };
      } catch (e) {
        return { error: e };
      }
    });
    if (timedOut) {
      // The interrupt skipped the guest's `finally` blocks: put its bookkeeping back.
      this.send('recover', []);
      throw new AbiError({ message: this.deadline.message(name === 'evaluate' ? 'Evaluation' : 'Reading the value') });
    }
    if ('error' in value) throw value.error;
    return value.ok as T;
  }

  private send<T>(name: string, args: unknown[]): T {
    const ctx = this.ctx;
    if (!this.dispatch) throw new AbiError({ message: 'the guest runtime is not installed' });
    const nameHandle = ctx.newString(name);
    const argsHandle = ctx.newString(JSON.stringify(args));
    const r = ctx.callFunction(this.dispatch, ctx.undefined, nameHandle, argsHandle);
    nameHandle.dispose();
    argsHandle.dispose();
    if (r.error) {
      const e = this.takeError(r.error);
      throw new AbiError({ message: `${e.name}: ${e.message}` });
    }
    const text = ctx.getString(r.value);
    r.value.dispose();
    const parsed = JSON.parse(text) as { ok?: T; error?: string };
    if (parsed.error !== undefined) throw new AbiError({ message: parsed.error });
    return parsed.ok as T;
  }

  dispose(): void {
    this.dispatch?.dispose();
    this.dispatch = undefined;
  }
}
