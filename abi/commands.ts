// The command loop of SPEC §2.6: a host never calls into a producer that is blocked in a host call;
// the host call returns a `host-command` instead. These helpers translate between producer method
// calls and `producer-call` / `producer-reply` values, and run the loop for in-process producers.
import type {
  ErrorInfo, HostCommand, OutputEvent, ProducerCall, ProducerReply, ResumeAction, ScriptInfo, StopEvent,
} from './generated/interfaces/nestdbg-debug-hook-types.js';
import type { Host, Producer, ProducerMethod } from './index.js';
import { AbiError } from './index.js';

/** `resume(run)`: the command that ends a host call with nothing to do. */
export const RESUME_RUN: HostCommand = Object.freeze({ tag: 'resume', val: Object.freeze({ tag: 'run' }) }) as HostCommand;

const u32 = (v: unknown, what: string): number => {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new AbiError({ message: `${what} must be a u32, not ${JSON.stringify(v)}` });
  return v;
};
const text = (v: unknown, what: string): string => {
  if (typeof v !== 'string') throw new AbiError({ message: `${what} must be a string` });
  return v;
};
const list = <T>(v: unknown, what: string): T[] => {
  if (!Array.isArray(v)) throw new AbiError({ message: `${what} must be a list` });
  return v as T[];
};

/** The `producer-call` for a method call (as a remote host receives it); bad arguments throw AbiError. */
export function callOf(method: ProducerMethod, args: readonly unknown[]): ProducerCall {
  const a = args;
  switch (method) {
    case 'capabilities': return { tag: 'capabilities' };
    case 'setBreakpoints': return { tag: 'set-breakpoints', val: { script: u32(a[0], 'script'), requests: list(a[1], 'requests') } };
    case 'requestPause': return { tag: 'request-pause' };
    case 'setFunctionBreakpoints': return { tag: 'set-function-breakpoints', val: list(a[0], 'requests') };
    case 'setExceptionBreakpoints': return { tag: 'set-exception-breakpoints', val: list(a[0], 'filters') };
    case 'breakpointLocations':
      return { tag: 'breakpoint-locations', val: { script: u32(a[0], 'script'), startLine: u32(a[1], 'start-line'), endLine: u32(a[2], 'end-line') } };
    case 'exceptionInfo': return { tag: 'exception-info' };
    case 'frames': return { tag: 'frames' };
    case 'scopes': return { tag: 'scopes', val: u32(a[0], 'frame') };
    case 'variables':
      return { tag: 'variables', val: { container: u32(a[0], 'container'), filter: text(a[1], 'filter') as never, start: u32(a[2], 'start'), count: u32(a[3], 'count') } };
    case 'evaluate':
      return { tag: 'evaluate', val: { frame: a[0] === undefined ? undefined : u32(a[0], 'frame'), expression: text(a[1], 'expression'), context: text(a[2], 'context') as never } };
    case 'setVariable':
      return { tag: 'set-variable', val: { container: u32(a[0], 'container'), name: text(a[1], 'name'), expression: text(a[2], 'expression') } };
    default:
      throw new AbiError({ message: `unknown producer method ${JSON.stringify(method)}` });
  }
}

/** What a method call returns, from its reply: the value, or the error a `result` carries. */
export function replyResult(reply: ProducerReply): { ok: true; result: unknown } | { ok: false; error: ErrorInfo } {
  if (reply.tag === 'request-pause') return { ok: true, result: undefined };
  if (reply.tag === 'capabilities' || reply.tag === 'set-breakpoints') return { ok: true, result: reply.val };
  return reply.val.tag === 'ok' ? { ok: true, result: reply.val.val } : { ok: false, error: reply.val.val };
}

function errorOf(e: unknown): ErrorInfo {
  const payload = (e as { payload?: { message?: unknown } } | null)?.payload;
  if (payload && typeof payload.message === 'string') return { message: payload.message };
  return { message: e instanceof Error ? e.message : String(e) };
}

function result<T>(f: () => T): { tag: 'ok'; val: T } | { tag: 'err'; val: ErrorInfo } {
  try {
    return { tag: 'ok', val: f() };
  } catch (e) {
    return { tag: 'err', val: errorOf(e) };
  }
}

/** Makes the call on an in-process producer and wraps its answer as the reply (errors included). */
export function dispatch(producer: Producer, call: ProducerCall): ProducerReply {
  switch (call.tag) {
    case 'capabilities': return { tag: 'capabilities', val: producer.capabilities() };
    case 'set-breakpoints': {
      // No error channel (§4.3): a producer that throws gets every request unverified with why.
      const { script, requests } = call.val;
      const r = result(() => producer.setBreakpoints(script, requests));
      return { tag: 'set-breakpoints', val: r.tag === 'ok' ? r.val : requests.map(() => ({ verified: false, message: r.val.message })) };
    }
    case 'request-pause': producer.requestPause(); return { tag: 'request-pause' };
    case 'set-function-breakpoints': return { tag: 'set-function-breakpoints', val: result(() => producer.setFunctionBreakpoints(call.val)) };
    case 'set-exception-breakpoints': return { tag: 'set-exception-breakpoints', val: result(() => producer.setExceptionBreakpoints(call.val)) };
    case 'breakpoint-locations': {
      const { script, startLine, endLine } = call.val;
      return { tag: 'breakpoint-locations', val: result(() => producer.breakpointLocations(script, startLine, endLine)) };
    }
    case 'exception-info': return { tag: 'exception-info', val: result(() => producer.exceptionInfo()) };
    case 'frames': return { tag: 'frames', val: result(() => producer.frames()) };
    case 'scopes': return { tag: 'scopes', val: result(() => producer.scopes(call.val)) };
    case 'variables': {
      const { container, filter, start, count } = call.val;
      return { tag: 'variables', val: result(() => producer.variables(container, filter, start, count)) };
    }
    case 'evaluate': {
      const { frame, expression, context } = call.val;
      return { tag: 'evaluate', val: result(() => producer.evaluate(frame, expression, context)) };
    }
    case 'set-variable': {
      const { container, name, expression } = call.val;
      return { tag: 'set-variable', val: result(() => producer.setVariable(container, name, expression)) };
    }
  }
}

/**
 * The host as an in-process producer written in the host's own language sees it: blocking
 * callbacks that return when the host resumes. Not the ABI: `nestedHost` runs the command loop
 * (§2.6) on the producer's behalf, so such a producer is never re-entered by the host either.
 */
export interface NestedHost {
  scriptLoaded(script: ScriptInfo): void;
  stopped(event: StopEvent): ResumeAction;
  output(event: OutputEvent): void;
  /** True when the host asked for a pause (the `request-pause` call, also made); other queued calls are served. */
  pollPause(): boolean;
}

/** Serves `host`'s commands by calling `producer`'s methods, until each host call resumes. */
export function nestedHost(host: Host, producer: Producer): NestedHost {
  const serve = (first: HostCommand, onPause?: () => void): ResumeAction => {
    let command = first;
    while (command.tag === 'call') {
      if (command.val.tag === 'request-pause') onPause?.();
      command = host.reply(dispatch(producer, command.val));
    }
    return command.val;
  };
  return {
    scriptLoaded: (script) => void serve(host.scriptLoaded(script)),
    stopped: (event) => serve(host.stopped(event)),
    output: (event) => host.output(event),
    pollPause: () => {
      const first = host.pollPause();
      if (first.tag === 'resume') return false; // the common case: nothing queued
      let pause = false;
      serve(first, () => { pause = true; });
      return pause;
    },
  };
}
