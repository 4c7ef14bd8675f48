// Human-readable renderings of the V8 oracle's results (v8-stepper.ts), for test reports.
import type { V8Stop } from './v8-stepper.js';

/** Renders a stop list compactly, one stop per line: `after -> line:col fn [stack] {locals}`. */
export function formatStops(stops: V8Stop[], sourceText?: string): string {
  const lines = sourceText?.split('\n');
  return stops
    .map((s, i) => {
      const src = lines ? '  | ' + (lines[s.line - 1] ?? '').trim() : '';
      const locals = Object.entries(s.locals)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ');
      return `#${i} ${s.after.padEnd(10)} ${String(s.line).padStart(3)}:${String(s.column).padEnd(3)} ${s.functionName.padEnd(12)} stack=[${s.stack.join(' < ')}] {${locals}}${src}`;
    })
    .join('\n');
}

/**
 * Renders the source with V8's possible break locations marked inline:
 * `•` plain position, `C` call, `R` return, `D` debugger statement, inserted before the
 * character V8 reports.
 */
export function formatPossibleBreakpoints(
  sourceText: string,
  locations: Array<{ line: number; column: number; type?: string }>,
  lineRange?: [number, number],
): string {
  const lines = sourceText.split('\n');
  const out: string[] = [];
  const [from, to] = lineRange ?? [1, lines.length];
  for (let ln = from; ln <= to && ln <= lines.length; ln++) {
    let text = lines[ln - 1]!;
    const here = locations.filter((l) => l.line === ln).sort((x, y) => y.column - x.column);
    for (const l of here) {
      const mark = l.type === 'call' ? 'C' : l.type === 'return' ? 'R' : l.type === 'debuggerStatement' ? 'D' : '•';
      const at = Math.min(l.column - 1, text.length);
      text = text.slice(0, at) + mark + text.slice(at);
    }
    out.push(`${String(ln).padStart(3)} ${text}`);
  }
  return out.join('\n');
}
