// The frames of a stop, built from the guest's stack text and the sites its frames last passed:
// which frame is at which instrumented depth, and which frames can be read.
import type { FrameRecord } from './handles.js';
import type { LoadedScript, ScriptRegistry } from './scripts.js';
import { scriptFrames } from './stack.js';

/** The site each instrumented depth last passed, up to `depth` (-1: not readable). */
export type SitesUpTo = (depth: number) => number[];

/**
 * An exception leaving a function (hook kind 2) stops in that frame, at the place the exception
 * was raised if its own stack trace shows it (the frames line up from the bottom); the frame is
 * readable only if its last site holds that place.
 */
export function raisedAt(scripts: ScriptRegistry, sitesUpTo: SitesUpTo, frames: FrameRecord[], errorStack: string | undefined): void {
  const top = frames[0];
  if (!top) return;
  const raised = errorStack ? scriptFrames(errorStack, scripts) : [];
  const mine = raised[raised.length - frames.length];
  if (raised.length >= frames.length && mine && mine.scriptId === top.scriptId) {
    top.line = mine.line;
    top.column = mine.column;
  }
  const last = top.depth > 0 ? sitesUpTo(top.depth)[top.depth] : -1;
  const at = last >= 0 ? scripts.site(last) : undefined;
  if (!(at && at.script.id === top.scriptId && top.line >= at.site.line && top.line <= at.site.endLine)) {
    top.scopes = undefined;
    top.reader = 0;
  }
}

/**
 * The frames of a stop at `line:column` of `script`, from the guest stack text; `leaving`: an
 * exception leaves the top frame (its position comes from the stack).
 */
export function buildFrames(
scripts: ScriptRegistry, sitesUpTo: SitesUpTo, script: LoadedScript, line: number, column: number, depth: number, stack: string, leaving = false,
): FrameRecord[] {
  const raw = scriptFrames(stack, scripts);
  const sitesByDepth = sitesUpTo(depth);
  // Frame i of the stack is at depth `depth - i` when every frame on it is instrumented.
  const depthsKnown = raw.length === depth;
  return raw.map((f, i): FrameRecord => {
    const frameDepth = i === 0 ? depth : depthsKnown ? depth - i : 0;
    const siteId = frameDepth > 0 ? sitesByDepth[frameDepth] : -1;
    const at = siteId >= 0 ? scripts.site(siteId) : undefined;
    // An outer frame is readable only if its last site is the statement it is suspended in.
    const readable = at && (i === 0 || (at.script.id === f.scriptId && f.line >= at.site.line && f.line <= at.site.endLine));
    return {
      id: i,
      name: f.name === '<eval>' || f.name === '' ? '(program)' : f.name,
      scriptId: i === 0 && !leaving ? script.id : f.scriptId,
      line: i === 0 && !leaving ? line : f.line,
      column: i === 0 && !leaving ? column : f.column,
      depth: frameDepth,
      scopes: readable ? at.script.instrumented.scopes[at.site.scope] : undefined,
      reader: readable ? frameDepth : 0,
    };
  });
}
