// Installs the guest half of the producer in a context: the host functions the guest may call,
// then the guest scripts (guest/*.js). The debug runtime installs the others itself, passing them
// what they need; only the host gets its dispatcher and flag registration back.
import type { QuickJSContext, QuickJSHandle } from 'quickjs-emscripten-core';
import { guestScript } from '../guest-code.js';

/** Host functions by name; each becomes a property of the object the guest runtime is given. */
export type HostFunctions = Record<string, (...args: QuickJSHandle[]) => QuickJSHandle | void>;

/** Guest scripts the runtime installs, in the order its factory takes them. */
const PARTS = ['values', 'inspection', 'internals', 'breakpoints', 'source-text', 'swaps'] as const;

export function installGuestRuntime(ctx: QuickJSContext, functions: HostFunctions): { dispatch: QuickJSHandle; registerFlags: QuickJSHandle } {
  const hostObject = ctx.newObject();
  for (const [name, fn] of Object.entries(functions)) {
    const handle = ctx.newFunction(name, fn);
    ctx.setProp(hostObject, name, handle);
    handle.dispose();
  }
  const parts = PARTS.map((name) => {
    const { code, filename } = guestScript(name);
    return ctx.unwrapResult(ctx.evalCode(code, filename));
  });
  const { code, filename } = guestScript('debug-runtime');
  const factory = ctx.unwrapResult(ctx.evalCode(code, filename));
  try {
    const pair = ctx.unwrapResult(ctx.callFunction(factory, ctx.undefined, hostObject, ...parts));
    const installed = { dispatch: ctx.getProp(pair, 0), registerFlags: ctx.getProp(pair, 1) };
    pair.dispose();
    return installed;
  } finally {
    parts.forEach((h) => h.dispose());
    factory.dispose();
    hostObject.dispose();
  }
}

/**
 * `promiseState(value)` for the guest: `[state, result]` of a promise (`result` absent while
 * pending), undefined for anything else. No script can read a promise's state synchronously.
 */
export function promiseStateFunction(ctx: QuickJSContext): (value: QuickJSHandle) => QuickJSHandle {
  return (value) => {
    const state = ctx.getPromiseState(value);
    if (state.type === 'fulfilled' && state.notAPromise) {
      state.value.dispose();
      return ctx.undefined;
    }
    const out = ctx.newArray();
    ctx.setProp(out, 0, ctx.newString(state.type));
    const result = state.type === 'fulfilled' ? state.value : state.type === 'rejected' ? state.error : undefined;
    if (result) {
      ctx.setProp(out, 1, result);
      result.dispose();
    }
    return out;
  };
}
