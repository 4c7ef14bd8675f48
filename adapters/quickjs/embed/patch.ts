// Makes a QuickJSContext class debuggable: every script a context evaluates with `evalCode` is
// instrumented, announced and run through the producer of that context (contexts.ts), so it
// debugs like a program nestdbg runs itself. Used by the preloaded hook (hook.ts, no code change in
// the app) and by the opt-in API (api.ts, `debuggable(…)`). Every context of the app is debugged,
// whichever runtime it belongs to; the producers own their runtimes' interrupt handlers (pause,
// inspection deadlines).
import fs from 'node:fs';
import path from 'node:path';
import type { QuickJSContext, QuickJSHandle } from 'quickjs-emscripten-core';
import { nestedHost } from '../../../abi/index.js';
import { getAgent } from '../../../runtime/agent/api.js';
import type { QuickJsProducer, ProducerSession } from '../debug/producer.js';
import type { GuestError } from '../guest-session.js';
import { InstrumentError } from '../instrument/instrument.js';
import { ContextProducers } from './contexts.js';

type EvalCode = QuickJSContext['evalCode'];
export type ContextClass = { prototype: QuickJSContext };

const sourceMaps = process.env.NESTDBG_SOURCE_MAPS !== '0';
delete process.env.NESTDBG_SOURCE_MAPS;

/** Marks a patched prototype; a global symbol, so two copies of nestdbg never patch one class twice. */
const PATCHED = Symbol.for('nestdbg.debuggable');
let contexts: ContextProducers | undefined;
let refused = false;
/** Producer work (installing, declaring flags) evaluates code too: that must not be hooked. */
let internal = 0;
/** Nesting of hooked evaluations, per context: only the outermost sets the top-level depth. */
const running = new WeakMap<QuickJSContext, number>();

/** Patches a context class once; true if this call patched it. */
export function patchContextClass(cls: ContextClass): boolean {
  const proto = cls.prototype as QuickJSContext & { [PATCHED]?: true };
  if (Object.prototype.hasOwnProperty.call(proto, PATCHED)) return false;
  Object.defineProperty(proto, PATCHED, { value: true });
  const evalCode: EvalCode = proto.evalCode;
  const dispose = proto.dispose;
  proto.evalCode = function hookedEvalCode(this: QuickJSContext, code: string, filename?: string, options?: Parameters<EvalCode>[2]) {
    if (internal > 0 || typeof code !== 'string') return evalCode.call(this, code, filename, options);
    const producer = producerFor(this);
    if (!producer) return evalCode.call(this, code, filename, options);
    const url = scriptUrl(filename);
    let script;
    internal++;
    try {
      script = producer.prepareScript(url, code, { module: isModule(code, options) });
    } catch (e) {
      if (!(e instanceof InstrumentError)) throw e;
      // Not instrumentable (QuickJS may still accept it, or report the syntax error itself).
      return evalCode.call(this, code, filename, options);
    } finally {
      internal--;
    }
    const depth = running.get(this) ?? 0;
    running.set(this, depth + 1);
    if (depth === 0) withInternal(() => contexts!.topLevel(producer, true));
    try {
      return evalCode.call(this, script.instrumented.code, url, options);
    } finally {
      running.set(this, depth);
      if (depth === 0) withInternal(() => contexts!.topLevel(producer, false));
    }
  };
  proto.dispose = function hookedDispose(this: QuickJSContext) {
    if (contexts && this.alive) withInternal(() => contexts!.forget(this));
    return dispose.call(this);
  };
  return true;
}

function producerFor(ctx: QuickJSContext): QuickJsProducer | undefined {
  if (refused) return undefined;
  if (!contexts) {
    const agent = getAgent();
    if (!agent) return undefined;
    const created = new ContextProducers({ sourceMaps });
    try {
      created.connect(nestedHost(agent.attach(created), created));
    } catch (e) {
      refused = true;
      process.stderr.write(`nestdbg: cannot debug the QuickJS contexts: ${(e as Error).message}\n`);
      return undefined;
    }
    contexts = created;
  }
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
  internal++;
  try {
    return contexts.producerFor(session);
  } catch (e) {
    process.stderr.write(`nestdbg: cannot debug this QuickJS context: ${(e as Error).message}\n`);
    return undefined;
  } finally {
    internal--;
  }
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
