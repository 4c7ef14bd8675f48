// The frames of a stop, built from the guest's stack text. Their bindings are read from QuickJS's
// frames in memory (memory-frames.ts); the stopped frame's scopes are those of its site.
import type { FrameRecord } from './handles.js';
import type { LoadedScript, ScriptRegistry } from './scripts.js';
import { scriptFrames } from './stack.js';

/**
 * An exception leaving a function (hook kind 2) stops in that frame, at the place the exception
 * was raised if its own stack trace shows it (the frames line up from the bottom).
 */
export function raisedAt(scripts: ScriptRegistry, frames: FrameRecord[], errorStack: string | undefined): void {
  const top = frames[0];
  if (!top) return;
  const raised = errorStack ? scriptFrames(errorStack, scripts) : [];
  const mine = raised[raised.length - frames.length];
  if (raised.length >= frames.length && mine && mine.scriptId === top.scriptId) {
    top.line = mine.line;
    top.column = mine.column;
  }
}

/**
 * The frames of a stop at `line:column` of `script`, from the guest stack text; `leaving`: an
 * exception leaves the top frame (its position comes from the stack, its bindings from memory).
 */
export function buildFrames(scripts: ScriptRegistry, script: LoadedScript, line: number, column: number, scope: number, stack: string, leaving = false): FrameRecord[] {
  const frames = stackFrames(scripts, stack);
  if (frames[0] && !leaving) Object.assign(frames[0], { scriptId: script.id, line, column, scopes: script.instrumented.scopes[scope] });
  return frames;
}

/**
 * Every script frame of the guest stack text at the position the stack gives it, scopes still
 * unknown. Also the frames of a guest inside a call to a host function (mixed mode, V8 paused in
 * that function), where the top one's position is the call in progress.
 */
export function stackFrames(scripts: ScriptRegistry, stack: string): FrameRecord[] {
  return scriptFrames(stack, scripts).map((f, i): FrameRecord => ({
    id: i, name: f.name === '<eval>' || f.name === '' ? '(program)' : f.name, scriptId: f.scriptId,
    line: f.line, column: f.column, scopes: undefined, reader: 0, loaded: f.loaded, fromBottom: f.fromBottom,
  }));
}
