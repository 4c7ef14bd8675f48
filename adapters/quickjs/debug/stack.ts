// QuickJS stack traces ("    at name (file:line:column)", 1-based) parsed and mapped to original columns.
import type { ScriptPosition } from '../instrument/edits.js';
import type { LoadedScript, ScriptRegistry } from './scripts.js';

export interface StackFrame {
  name: string;
  url: string;
  line: number;
  column: number;
}

const FRAME = /^\s*at (.*?) \((.*):(\d+):(\d+)\)\s*$/;
const NAMELESS = /^\s*at (.*):(\d+):(\d+)\s*$/;

export function parseStack(stack: string): StackFrame[] {
  const frames: StackFrame[] = [];
  for (const line of stack.split('\n')) {
    let m = FRAME.exec(line);
    if (m) {
      frames.push({ name: m[1], url: m[2], line: Number(m[3]), column: Number(m[4]) });
      continue;
    }
    m = NAMELESS.exec(line);
    if (m) frames.push({ name: '', url: m[1], line: Number(m[2]), column: Number(m[3]) });
  }
  return frames;
}

/**
 * A frame of a loaded script: `line:column` mapped to the script's code, `loaded` as QuickJS
 * reports it (instrumented). `fromBottom`: its place in the whole stack counted from the outermost
 * frame, which stacks captured at different depths of one runtime agree on (embed/contexts.ts
 * interleaves the frames of several contexts by it).
 */
export type ScriptFrame = StackFrame & { scriptId: number; loaded: { line: number; column: number }; fromBottom: number };

/** Frames that belong to loaded scripts, with columns mapped from instrumented to original code. */
export function scriptFrames(stack: string, scripts: ScriptRegistry): ScriptFrame[] {
  const out: ScriptFrame[] = [];
  const all = parseStack(stack);
  all.forEach((f, i) => {
    const script = scripts.byUrl(f.url);
    if (!script) return;
    out.push({
      ...f, scriptId: script.id, ...loadedPosition(script, f.line, f.column), loaded: { line: f.line, column: f.column }, fromBottom: all.length - 1 - i,
    });
  });
  return out;
}

/**
 * Whether the innermost script frame of `stack` was called by a builtin (`at map (native)`). For a
 * stop's stack that frame is the stopped one, which called this context's check: its URL is enough
 * (another context's frames with the same URL are all under it).
 */
export function calledByBuiltin(stack: string, scripts: ScriptRegistry): boolean {
  const lines = stack.split('\n').filter((l) => /^\s*at /.test(l));
  const top = lines.findIndex((l) => {
    const f = parseStack(l)[0];
    return !!f && !!scripts.byUrl(f.url);
  });
  return top >= 0 && /\(native\)\s*$/.test(lines[top + 1] ?? '');
}

/** A guest error stack with every position in a loaded script mapped to the original source. */
export function mapStackText(stack: string, scripts: ScriptRegistry): string {
  return stack.split('\n').map((text) => {
    const m = FRAME.exec(text);
    if (!m) return text;
    const script = scripts.byUrl(m[2]);
    if (!script) return text;
    const { line, column } = loadedPosition(script, Number(m[3]), Number(m[4]));
    // With a source map: the position in the original source (TypeScript, say).
    const p = script.original?.toOriginal(line, column);
    if (p) return `    at ${m[1]} (${script.original!.sources[p.source].url}:${p.line}:${p.column})`;
    return `    at ${m[1]} (${m[2]}:${line}:${column})`;
  }).join('\n');
}

/** A 1-based position in the instrumented code as one (1-based column) in the loaded script. */
function loadedPosition(script: LoadedScript, line: number, column: number): ScriptPosition {
  const p = script.instrumented.columns.toOriginal(line, column - 1);
  return { line: p.line, column: p.column + 1 };
}
