// A Wasm breakpoint hit while the guest is inside one of nestdbg's own host functions (a statement
// check's stop, a body swap, a logpoint, console output): the interpreter's Wasm running there
// (quickjs-emscripten's getNumber, an evaluation of the debugger's) is the debugger's work, not
// the program's, so the pause is passed over, as V8 passes over blackboxed code. Told by V8's
// frames: between the top run of Wasm frames and the glue frame that dispatched the guest's host
// call, only nestdbg's own frames and the glue. Not covered: the debugger's calls into the
// interpreter outside a host call of the guest (around an embedding app's evaluation, a request
// served while the guest is idle).
import { isGlueUrl, type Pause } from '../wasm/debuggee.js';
import type { GlueDispatch } from './glue-dispatch.js';
import { isOwnCode } from './own-code.js';

/** Whether a pause in Wasm is inside a host function of nestdbg's that the guest called. */
export async function inDebuggersHostCall(pause: Pause, glue: GlueDispatch): Promise<boolean> {
  if (pause.frames[0]?.kind !== 'wasm') return false;
  const firstJs = pause.frames.findIndex((f) => f.kind === 'js');
  if (firstJs < 0) return false;
  const dispatch = (await glue.callerFrames(pause)).find((i) => i >= firstJs);
  if (dispatch === undefined) return false;
  const between = pause.frames.slice(firstJs, dispatch);
  if (between.some((f) => f.kind !== 'js')) return false;
  const own = between.filter((f) => f.kind === 'js' && isOwnCode(f.url));
  return own.length > 0 && between.every((f) => f.kind === 'js' && (isOwnCode(f.url) || isGlueUrl(f.url)));
}
