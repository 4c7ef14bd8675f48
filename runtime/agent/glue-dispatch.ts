// Where quickjs-emscripten's glue calls a host function the guest called, and where that call has
// returned: QuickJSContext's cToHostCallbacks.callFunction runs
// `try { let result = yield* awaited(fn.apply(thisHandle, argHandles)); if (result) … }
// catch (error) { return this.errorToHandle(error)… }`. A V8 breakpoint there (V8 honours
// breakpoints in blackboxed scripts) is how a step crosses between the guest and the host: in at
// the call, back out once it returned, or once it threw (the catch turns the error into the
// guest's exception). Found by text in the loaded glue (0.32,
// ESM and CJS builds); a glue without it leaves those steps as they were (logged once).
import type { Cdp } from '../wasm/cdp.js';
import type { JsFrame, Pause } from '../wasm/debuggee.js';

const GLUE_URL = /\/quickjs-emscripten-core\/dist\/[^/]+\.c?m?js$/;
const CALL = 'fn.apply(thisHandle,argHandles)';
const RETURNED = 'if(result)';
/** The call and the test of its result, with nothing but the call's end between them. */
const SITE = /yield\*awaited\(fn\.apply\(thisHandle,argHandles\)\);if\(result\)/;
/** The catch of that try, after the site: its first statement hands the error to the guest. */
const CAUGHT = /catch\(error\)\{(return this\.errorToHandle\(error\))/g;

export interface GlueSite {
  scriptId: string;
  lineNumber: number;
  columnNumber: number;
}

export interface DispatchSites {
  call: GlueSite;
  returned: GlueSite;
  /** The host function threw (absent in a glue without that catch). */
  threw?: GlueSite;
}

/** A V8 breakpoint set at a glue site, at the location V8 bound it. */
export interface GlueBreakpoint {
  id: string;
  at: GlueSite;
}

export class GlueDispatch {
  private readonly candidates: string[] = [];
  private found: Promise<DispatchSites[]> | undefined;
  private warned = false;

  constructor(private readonly cdp: () => Cdp, private readonly log: (text: string) => void) {}

  /** Every script V8 parses goes through here. */
  onScript(script: { scriptId: string; url: string }): void {
    if (!GLUE_URL.test(script.url)) return;
    this.candidates.push(script.scriptId);
    this.found = undefined;
  }

  /** The dispatch sites of every copy of the glue loaded. */
  sites(): Promise<DispatchSites[]> {
    this.found ??= this.search();
    return this.found;
  }

  /** Breakpoints at the `call`, `returned` or `threw` site of every glue copy that has it. */
  async setBreakpoints(which: keyof DispatchSites): Promise<GlueBreakpoint[]> {
    const out: GlueBreakpoint[] = [];
    for (const site of await this.sites()) {
      const location = site[which];
      if (!location) continue;
      const r = await this.cdp().post<{ breakpointId: string; actualLocation: GlueSite }>('Debugger.setBreakpoint', { location });
      out.push({ id: r.breakpointId, at: r.actualLocation });
    }
    return out;
  }

  async removeBreakpoints(breakpoints: GlueBreakpoint[]): Promise<void> {
    for (const b of breakpoints.splice(0)) await this.cdp().post('Debugger.removeBreakpoint', { breakpointId: b.id }).catch(() => undefined);
  }

  /** Whether the pause's top frame is at one of these breakpoints. */
  static at(pause: Pause, breakpoints: readonly GlueBreakpoint[]): boolean {
    const top = pause.frames[0];
    return top?.kind === 'js' && breakpoints.some((b) => sameSite(top, b.at));
  }

  /** The glue frame running the host call the top frame is in: the innermost frame at a call site below it. */
  async callerFrame(pause: Pause): Promise<number> {
    return (await this.callerFrames(pause))[0] ?? -1;
  }

  /** Every glue frame below the top one that runs a host call the guest made, innermost first (nested host calls). */
  async callerFrames(pause: Pause): Promise<number[]> {
    const sites = await this.sites();
    const out: number[] = [];
    for (const [i, f] of pause.frames.entries()) {
      if (i > 0 && f.kind === 'js' && sites.some((s) => inCall(f, s))) out.push(i);
    }
    return out;
  }

  /**
   * The object that dispatches each of these glue frames' host calls (`this` there: quickjs-emscripten's
   * QuickJSContext of the guest that made the call), as remote object ids in `objectGroup`; a frame
   * where V8 does not give it is left out.
   */
  async dispatchers(pause: Pause, frames: readonly number[], objectGroup: string): Promise<string[]> {
    const out: string[] = [];
    for (const i of frames) {
      const r = await this.cdp().post<{ result: { objectId?: string } }>('Debugger.evaluateOnCallFrame', {
        callFrameId: pause.frames[i].callFrameId, expression: 'this', silent: true, objectGroup,
      }).catch(() => undefined);
      if (r?.result.objectId) out.push(r.result.objectId);
    }
    return out;
  }

  private async search(): Promise<DispatchSites[]> {
    const out: DispatchSites[] = [];
    for (const scriptId of this.candidates) {
      const { scriptSource } = await this.cdp().post<{ scriptSource: string }>('Debugger.getScriptSource', { scriptId });
      const m = SITE.exec(scriptSource);
      if (!m) continue;
      const call = m.index + m[0].indexOf(CALL);
      const returned = m.index + m[0].indexOf(RETURNED);
      CAUGHT.lastIndex = m.index;
      const caught = CAUGHT.exec(scriptSource);
      // The try's own catch: close after the site (the callback's body is a few hundred characters).
      const threw = caught && caught.index - m.index < 1000 ? caught.index + caught[0].indexOf(caught[1]) : undefined;
      out.push({
        call: position(scriptId, scriptSource, call), returned: position(scriptId, scriptSource, returned),
        ...(threw === undefined ? {} : { threw: position(scriptId, scriptSource, threw) }),
      });
    }
    if (out.length === 0 && !this.warned) {
      this.warned = true;
      this.log('mixed mode: the quickjs-emscripten glue\'s host-call dispatch was not found; steps between script and host lines stay on their own level');
    }
    return out;
  }
}

/**
 * Whether a frame is at the call of a dispatch site: from the call to the test of its result (the
 * glue is minified: every function of it is on a few lines, so the line alone says nothing).
 */
function inCall(frame: JsFrame, site: DispatchSites): boolean {
  const { call, returned } = site;
  if (frame.scriptId !== call.scriptId || frame.line !== call.lineNumber) return false;
  return returned.lineNumber !== call.lineNumber || (frame.column >= call.columnNumber && frame.column < returned.columnNumber);
}

function sameSite(frame: JsFrame, site: GlueSite): boolean {
  return frame.scriptId === site.scriptId && frame.line === site.lineNumber && frame.column === site.columnNumber;
}

function position(scriptId: string, text: string, offset: number): GlueSite {
  const before = text.slice(0, offset);
  const lineNumber = before.split('\n').length - 1;
  return { scriptId, lineNumber, columnNumber: offset - (before.lastIndexOf('\n') + 1) };
}
