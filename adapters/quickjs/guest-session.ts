// One QuickJS runtime + context on the current thread, with the guest environment (console,
// timers) installed, and a small event loop: the script, then promise jobs, then timers.
import type { QuickJSContext, QuickJSHandle, QuickJSRuntime } from 'quickjs-emscripten-core';
import { loadEngine, type EngineName } from './engine.js';
import { guestScript } from './guest-code.js';
import { settleModule } from './modules.js';

export type OutputLevel = 'log' | 'warn' | 'error';

export interface GuestError {
  name: string;
  message: string;
  stack: string;
}

export interface GuestSessionOptions {
  engine: EngineName;
  /** Receives console output; `stack` is the guest stack at the call when `wantStack` is set. */
  write(level: OutputLevel, text: string, stack: string | undefined): void;
  wantStack: boolean;
  memoryLimitBytes?: number;
  maxStackBytes?: number;
}

export class GuestSession {
  private readonly timers = new Map<number, NodeJS.Timeout>();
  private fireTimer!: QuickJSHandle;
  private onTimersDone: (() => void) | undefined;
  /** Set when guest code called from the event loop (a timer) threw. */
  uncaught: GuestError | undefined;

  private constructor(readonly runtime: QuickJSRuntime, readonly context: QuickJSContext) {}

  static async create(options: GuestSessionOptions): Promise<GuestSession> {
    const module = await loadEngine(options.engine);
    const runtime = module.newRuntime();
    runtime.setMemoryLimit(options.memoryLimitBytes ?? 1024 * 1024 * 1024);
    runtime.setMaxStackSize(options.maxStackBytes ?? 256 * 1024);
    const session = new GuestSession(runtime, runtime.newContext());
    session.install(options);
    return session;
  }

  private install(options: GuestSessionOptions) {
    const ctx = this.context;
    const host = ctx.newObject();
    const fns: QuickJSHandle[] = [
      ctx.newFunction('write', (level, text, stack) => {
        options.write(ctx.getString(level) as OutputLevel, ctx.getString(text), ctx.typeof(stack) === 'string' ? ctx.getString(stack) : undefined);
      }),
      ctx.newFunction('setTimer', (id, ms, repeat) => {
        this.startTimer(ctx.getNumber(id), ctx.getNumber(ms), ctx.dump(repeat) === true);
      }),
      ctx.newFunction('clearTimer', (id) => { this.stopTimer(ctx.getNumber(id)); }),
    ];
    ctx.setProp(host, 'write', fns[0]);
    ctx.setProp(host, 'setTimer', fns[1]);
    ctx.setProp(host, 'clearTimer', fns[2]);
    ctx.setProp(host, 'wantStack', options.wantStack ? ctx.true : ctx.false);
    fns.forEach((f) => f.dispose());
    const { code, filename } = guestScript('environment');
    const factory = ctx.unwrapResult(ctx.evalCode(code, filename));
    this.fireTimer = ctx.unwrapResult(ctx.callFunction(factory, ctx.undefined, host));
    factory.dispose();
    host.dispose();
  }

  /** Evaluates a script; returns the uncaught error, if any. */
  evalScript(code: string, filename: string, type: 'global' | 'module' = 'global'): GuestError | undefined {
    const result = this.context.evalCode(code, filename, { type });
    if (result.error) return this.takeError(result.error);
    const moduleError = type === 'module' ? settleModule(this, result.value) : (result.value.dispose(), undefined);
    return moduleError ?? this.drainJobs();
  }

  /** Runs pending promise jobs until none are left. */
  drainJobs(): GuestError | undefined {
    while (this.runtime.hasPendingJob()) {
      const r = this.runtime.executePendingJobs();
      if (r.error) return this.takeError(r.error);
    }
    return undefined;
  }

  /** Resolves when no timer is pending, or when a timer callback threw (see `uncaught`). */
  idle(): Promise<void> {
    if (this.timers.size === 0 || this.uncaught) return Promise.resolve();
    return new Promise((resolve) => { this.onTimersDone = resolve; });
  }

  takeError(handle: QuickJSHandle): GuestError {
    const ctx = this.context;
    let error: GuestError;
    try {
      const dumped = ctx.dump(handle) as unknown;
      if (dumped && typeof dumped === 'object') {
        const d = dumped as Record<string, unknown>;
        error = { name: String(d.name ?? 'Error'), message: String(d.message ?? ''), stack: String(d.stack ?? '') };
      } else {
        error = { name: '', message: describeThrown(dumped), stack: '' };
      }
    } finally {
      handle.dispose();
    }
    return error;
  }

  private startTimer(id: number, ms: number, repeat: boolean) {
    const fire = () => {
      if (!repeat) this.timers.delete(id);
      const r = this.context.callFunction(this.fireTimer, this.context.undefined, this.context.newNumber(id));
      const error = r.error ? this.takeError(r.error) : (r.value.dispose(), this.drainJobs());
      if (error) {
        this.uncaught = error;
        for (const t of this.timers.values()) clearTimeout(t);
        this.timers.clear();
      }
      if (this.timers.size === 0) this.onTimersDone?.();
    };
    this.timers.set(id, repeat ? setInterval(fire, ms) : setTimeout(fire, ms));
  }

  private stopTimer(id: number) {
    const t = this.timers.get(id);
    if (t) clearTimeout(t);
    this.timers.delete(id);
    if (this.timers.size === 0) queueMicrotask(() => { if (this.timers.size === 0) this.onTimersDone?.(); });
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    try {
      this.fireTimer.dispose();
      this.context.dispose();
      this.runtime.dispose();
    } catch {
      // A leaked handle makes QuickJS refuse to free the runtime; the process is ending anyway.
    }
  }
}

function describeThrown(value: unknown): string {
  if (typeof value === 'string') return value;
  try { return JSON.stringify(value) ?? String(value); } catch { return String(value); }
}
