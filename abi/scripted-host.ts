// A host written as generator functions, for tests and small embedders of a producer that follows
// the command loop (SPEC §2.6), such as a Wasm component: `yield* ask.frames()` returns the frames,
// by returning the call as a command and resuming the generator with the producer's reply. A
// `result` error comes back as a thrown AbiError, as from a direct call.
import { callOf, replyResult, RESUME_RUN } from './commands.js';
import type { HostCommand, OutputEvent, ProducerCall, ResumeAction, ScriptInfo, StopEvent } from './generated/interfaces/nestdbg-debug-hook-types.js';
import { AbiError, PRODUCER_METHODS, type Host, type Producer, type ProducerMethod } from './index.js';

/** A piece of host code that makes producer calls: it yields them and gets their answers back. */
export type Script<T> = Generator<ProducerCall, T, unknown>;

/** `yield* ask.m(args)`: the producer method `m`, called through the command loop. */
export type Ask = { [M in ProducerMethod]: (...args: Parameters<Producer[M]>) => Script<ReturnType<Producer[M]>> };

export const ask: Ask = Object.fromEntries(PRODUCER_METHODS.map((method) => [method, function* (...args: unknown[]): Script<unknown> {
  return yield callOf(method, args);
}])) as unknown as Ask;

export interface HostScript {
  scriptLoaded?(script: ScriptInfo): Script<void> | void;
  /** Returns (or its script returns) the resume action; nothing means `run`. */
  stopped?(event: StopEvent): Script<ResumeAction | void> | ResumeAction | void;
  output?(event: OutputEvent): void;
  /** True asks for a pause (delivered as the call request-pause). */
  pollPause?(): boolean;
}

export interface ScriptedHost extends Host {
  /** What the scripts threw (an assertion, say): each ended its host call with `run`. */
  readonly failures: unknown[];
}

const isScript = (v: unknown): v is Script<unknown> => typeof (v as Script<unknown> | undefined)?.next === 'function';

export function scriptedHost(script: HostScript): ScriptedHost {
  const running: Script<unknown>[] = [];
  const failures: unknown[] = [];
  const advance = (g: Script<unknown>, step: () => IteratorResult<ProducerCall, unknown>): HostCommand => {
    try {
      const r = step();
      if (!r.done) return { tag: 'call', val: r.value };
      running.pop();
      const action = r.value as ResumeAction | undefined;
      return action?.tag ? { tag: 'resume', val: action } : RESUME_RUN;
    } catch (e) {
      failures.push(e);
      running.splice(running.indexOf(g));
      return RESUME_RUN;
    }
  };
  const start = (run: () => unknown): HostCommand => {
    let value: unknown;
    try {
      value = run();
    } catch (e) {
      failures.push(e);
      return RESUME_RUN;
    }
    if (!isScript(value)) return (value as ResumeAction | undefined)?.tag ? { tag: 'resume', val: value as ResumeAction } : RESUME_RUN;
    running.push(value);
    return advance(value, () => value.next());
  };
  return {
    failures,
    scriptLoaded: (info) => start(() => script.scriptLoaded?.(info)),
    stopped: (event) => start(() => script.stopped?.(event)),
    output: (event) => script.output?.(event),
    pollPause: () => (script.pollPause?.() ? start(() => ask.requestPause()) : RESUME_RUN),
    reply: (answer) => {
      const g = running.at(-1);
      if (!g) return RESUME_RUN;
      const r = replyResult(answer);
      return advance(g, () => (r.ok ? g.next(r.result) : g.throw(new AbiError(r.error))));
    },
  };
}
