// Preloaded (`node --import`) into a Node program that embeds quickjs-emscripten itself, after the
// agent: every script the app evaluates with `QuickJSContext#evalCode` is instrumented, announced
// and run through a QuickJS producer attached to that context, so it can be debugged like a
// program nestdbg runs itself. The runtime knows nothing of this: the DAP adapter asks for the
// hook (adapters/dap/session.ts) and the agent only sees a producer attach.
//
// Limits: one producer per process (the agent's rule), so only the first context that evaluates
// code is debugged; the producer owns the runtime's interrupt handler (for pause).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { isMainThread } from 'node:worker_threads';
import type { QuickJSContext, QuickJSHandle } from 'quickjs-emscripten-core';
import { nestedHost } from '../../../abi/index.js';
import { getAgent } from '../../../runtime/agent/api.js';
import { QuickJsProducer, type ProducerSession } from '../debug/producer.js';
import type { GuestError } from '../guest-session.js';
import { InstrumentError } from '../instrument/instrument.js';

type EvalCode = QuickJSContext['evalCode'];
type ContextClass = { prototype: QuickJSContext };

const sourceMaps = process.env.NESTDBG_SOURCE_MAPS !== '0';
delete process.env.NESTDBG_SOURCE_MAPS;

let debugged: { ctx: QuickJSContext; producer: QuickJsProducer } | undefined;
let refused = false;
/** Producer work (installing, declaring flags) evaluates code too: that must not be hooked. */
let internal = 0;
/** Nesting of hooked evaluations: only the outermost sets the top-level depth. */
let running = 0;

// The agent may be preloaded after this module: it is looked up at the first evalCode.
if (isMainThread) await install();

async function install(): Promise<void> {
  const patched = new Set<ContextClass>();
  const patchModule = (mod: { QuickJSContext?: ContextClass }) => {
    const cls = mod.QuickJSContext;
    if (!cls || patched.has(cls)) return;
    patched.add(cls);
    patch(cls);
  };
  // The copy nestdbg itself resolves (ESM and CommonJS builds are different classes)…
  patchModule(await import('quickjs-emscripten-core'));
  const require = createRequire(import.meta.url);
  patchModule(require('quickjs-emscripten-core'));
  // …and the one the app resolves, when it has its own.
  const app = process.argv[1];
  if (app) {
    try {
      const appRequire = createRequire(path.resolve(app));
      const resolved = appRequire.resolve('quickjs-emscripten-core');
      patchModule(appRequire('quickjs-emscripten-core'));
      const esm = appRequire.resolve('quickjs-emscripten-core').replace(/index\.js$/, 'index.mjs');
      if (esm !== resolved && fs.existsSync(esm)) patchModule(await import(pathToFileURL(esm).href));
    } catch {
      // the app does not resolve it from its own directory: the repo's copy is the one
    }
  }
}

function patch(cls: ContextClass): void {
  const proto = cls.prototype;
  const evalCode: EvalCode = proto.evalCode;
  const dispose = proto.dispose;
  proto.evalCode = function hookedEvalCode(this: QuickJSContext, code: string, filename?: string, options?: Parameters<EvalCode>[2]) {
    if (internal > 0 || typeof code !== 'string') return evalCode.call(this, code, filename, options);
    const producer = producerFor(this);
    if (!producer) return evalCode.call(this, code, filename, options);
    const url = scriptUrl(filename);
    const module = isModule(code, options);
    let script;
    internal++;
    try {
      script = producer.prepareScript(url, code, { module });
    } catch (e) {
      if (!(e instanceof InstrumentError)) throw e;
      // Not instrumentable (QuickJS may still accept it, or report the syntax error itself).
      return evalCode.call(this, code, filename, options);
    } finally {
      internal--;
    }
    const outermost = running === 0;
    running++;
    if (outermost) withInternal(() => producer.topLevel(true));
    try {
      return evalCode.call(this, script.instrumented.code, url, options);
    } finally {
      running--;
      if (outermost) withInternal(() => producer.topLevel(false));
    }
  };
  proto.dispose = function hookedDispose(this: QuickJSContext) {
    if (debugged?.ctx === this) {
      // The producer's handles must go first, or QuickJS refuses to free the runtime.
      withInternal(() => debugged!.producer.dispose());
      debugged = undefined;
    }
    return dispose.call(this);
  };
}

function producerFor(ctx: QuickJSContext): QuickJsProducer | undefined {
  if (debugged) return debugged.ctx === ctx ? debugged.producer : undefined;
  const agent = getAgent();
  if (!agent || refused) return undefined;
  const session: ProducerSession = {
    context: ctx,
    runtime: ctx.runtime,
    takeError: (handle) => takeError(ctx, handle),
    drainJobs: () => {
      while (ctx.runtime.hasPendingJob()) {
        const r = ctx.runtime.executePendingJobs();
        if (r.error) return takeError(ctx, r.error);
      }
      return undefined;
    },
  };
  const producer = new QuickJsProducer(session, { sourceMaps });
  internal++;
  try {
    producer.install();
    producer.connect(nestedHost(agent.attach(producer), producer));
  } catch (e) {
    refused = true;
    process.stderr.write(`nestdbg: cannot debug this QuickJS context: ${(e as Error).message}\n`);
    return undefined;
  } finally {
    internal--;
  }
  debugged = { ctx, producer };
  return producer;
}

function withInternal(fn: () => void): void {
  internal++;
  try {
    fn();
  } finally {
    internal--;
  }
}

/** Scripts named after a file that exists are announced by its absolute path, so breakpoints bind. */
function scriptUrl(filename: string | undefined): string {
  if (!filename) return 'eval.js';
  if (/^[a-z][a-z0-9+.-]*:/i.test(filename) || path.isAbsolute(filename)) return filename;
  const absolute = path.resolve(filename);
  return fs.existsSync(absolute) ? absolute : filename;
}

function isModule(code: string, options: Parameters<EvalCode>[2]): boolean {
  if (typeof options === 'object' && options) return options.type === 'module';
  if (typeof options === 'number') return (options & 1) !== 0; // JS_EVAL_TYPE_MODULE
  return /^\s*(import|export)\b/m.test(code); // QuickJS's own guess when no type is given
}

function takeError(ctx: QuickJSContext, handle: QuickJSHandle): GuestError {
  try {
    const d = ctx.dump(handle) as unknown;
    if (d && typeof d === 'object') {
      const e = d as Record<string, unknown>;
      return { name: String(e.name ?? 'Error'), message: String(e.message ?? ''), stack: String(e.stack ?? '') };
    }
    return { name: '', message: String(d), stack: '' };
  } finally {
    handle.dispose();
  }
}
