// The opt-in embedding API, `import { debuggable } from 'nestdbg/quickjs'`: one call that makes an
// app's QuickJS contexts debuggable when the app runs under nestdbg, and does nothing otherwise.
//
//   const QuickJS = debuggable(await newQuickJSWASMModuleFromVariant(variant));
//
// It takes what the app already has — a QuickJSWASMModule, a QuickJSRuntime or a QuickJSContext —
// and returns it unchanged, so it works whichever copy of quickjs-emscripten the app loaded
// (bundled, or one the preloaded hook cannot resolve). Every context created through it, in every
// runtime, is debugged.
import type { QuickJSContext } from 'quickjs-emscripten-core';
import { getAgent } from '../../../runtime/agent/api.js';
import { patchContextClass, type ContextClass } from './patch.js';

type Creator = { newContext?: (...args: never[]) => QuickJSContext; newRuntime?: (...args: never[]) => unknown };

/** True when this process runs under nestdbg (its agent is preloaded). */
export function underDebugger(): boolean {
  return getAgent() !== undefined;
}

export function debuggable<T extends object>(quickjs: T): T {
  if (!underDebugger() || !quickjs || typeof quickjs !== 'object') return quickjs;
  if (typeof (quickjs as Partial<QuickJSContext>).evalCode === 'function') {
    patchContextClass((quickjs as object).constructor as ContextClass);
    return quickjs;
  }
  wrapCreators(quickjs as Creator);
  return quickjs;
}

// Module and runtime: each context they create has its class patched before it evaluates anything.
function wrapCreators(target: Creator): void {
  const newContext = target.newContext;
  if (typeof newContext === 'function') {
    target.newContext = function debuggableNewContext(this: unknown, ...args: never[]) {
      const ctx = newContext.apply(this, args);
      patchContextClass(ctx.constructor as ContextClass);
      return ctx;
    };
  }
  const newRuntime = target.newRuntime;
  if (typeof newRuntime === 'function') {
    target.newRuntime = function debuggableNewRuntime(this: unknown, ...args: never[]) {
      const runtime = newRuntime.apply(this, args);
      if (runtime && typeof runtime === 'object') wrapCreators(runtime as Creator);
      return runtime;
    };
  }
}
