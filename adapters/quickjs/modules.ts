// ES modules in QuickJS: a module loader that reads imported files (resolved against the importing
// module's path) and lets the caller transform each one (the producer instruments and announces
// it), and the settling of a module evaluation's result.
import fs from 'node:fs';
import path from 'node:path';
import type { QuickJSHandle, QuickJSRuntime } from 'quickjs-emscripten-core';
import type { GuestError, GuestSession } from './guest-session.js';

/** Installs the loader: `transform(url, source)` returns the code QuickJS evaluates for that module. */
export function installModuleLoader(runtime: QuickJSRuntime, transform: (url: string, source: string) => string): void {
  runtime.setModuleLoader(
    (url) => {
      try {
        return transform(url, fs.readFileSync(url, 'utf8'));
      } catch (e) {
        return { error: e as Error };
      }
    },
    (base, requested) => {
      if (requested.startsWith('.') || path.isAbsolute(requested)) return path.resolve(path.dirname(base), requested);
      return { error: new Error(`Cannot find module '${requested}' (only relative and absolute imports are supported)`) };
    },
  );
}

/**
 * A module evaluation completes with its exports or, with top-level await, a promise for them.
 * Runs pending jobs until that promise settles; returns its rejection as the uncaught error.
 * Disposes `value`.
 */
export function settleModule(session: Pick<GuestSession, 'context' | 'takeError' | 'drainJobs'>, value: QuickJSHandle): GuestError | undefined {
  const ctx = session.context;
  try {
    let state = ctx.getPromiseState(value);
    if (state.type === 'pending') {
      const jobError = session.drainJobs();
      if (jobError) return jobError;
      state = ctx.getPromiseState(value);
    }
    if (state.type === 'rejected') return session.takeError(state.error);
    if (state.type === 'fulfilled' && !state.notAPromise) state.value.dispose();
    return undefined; // still pending: it waits on a timer
  } finally {
    value.dispose();
  }
}

/** Files QuickJS evaluates as ES modules. */
export function isModuleFile(file: string): boolean {
  return /\.mjs$/i.test(file);
}
