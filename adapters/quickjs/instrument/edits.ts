// Insert-only text edits that never add a line break, so the instrumented code keeps every
// original line number; only columns shift. Keeps the column map and emits a source map.
import { SourceMapGenerator } from 'source-map';

export type InsertionKind = 'open' | 'close';

interface Insertion {
  at: number;
  text: string;
  kind: InsertionKind;
  /** AST depth of the node the insertion belongs to; orders insertions at the same offset. */
  depth: number;
  seq: number;
}

/** One run of original text copied to the output, on one line. */
interface Segment {
  genColumn: number;
  origColumn: number;
  length: number;
}

export class InsertionList {
  private readonly insertions: Insertion[] = [];

  add(at: number, text: string, kind: InsertionKind, depth: number): void {
    if (text.includes('\n')) throw new Error('instrumentation must not add line breaks');
    this.insertions.push({ at, text, kind, depth, seq: this.insertions.length });
  }

  /** Closes of deeper nodes come first, then opens of shallower nodes, so nesting stays balanced. */
  private sorted(): Insertion[] {
    return [...this.insertions].sort((a, b) => {
      if (a.at !== b.at) return a.at - b.at;
      if (a.kind !== b.kind) return a.kind === 'close' ? -1 : 1;
      if (a.depth !== b.depth) return a.kind === 'close' ? b.depth - a.depth : a.depth - b.depth;
      return a.seq - b.seq;
    });
  }

  apply(source: string): { code: string; columns: ColumnMap } {
    const parts: string[] = [];
    const lines: Segment[][] = [[]];
    let genColumn = 0;
    let origLine = 0;
    let origColumn = 0;
    const copyOriginal = (from: number, to: number) => {
      let start = from;
      for (let i = from; i <= to; i++) {
        if (i === to || source.charCodeAt(i) === 10) {
          if (i > start) lines[origLine].push({ genColumn, origColumn, length: i - start });
          genColumn += i - start;
          origColumn += i - start;
          if (i === to) break;
          origLine++;
          lines.push([]);
          genColumn = 0;
          origColumn = 0;
          start = i + 1;
        }
      }
      parts.push(source.slice(from, to));
    };
    let cursor = 0;
    for (const ins of this.sorted()) {
      copyOriginal(cursor, ins.at);
      cursor = ins.at;
      parts.push(ins.text);
      genColumn += ins.text.length;
    }
    copyOriginal(cursor, source.length);
    return { code: parts.join(''), columns: new ColumnMap(lines) };
  }
}

/** Maps columns between the instrumented code and the original (same line numbers). 0-based columns. */
export class ColumnMap {
  constructor(private readonly lines: Segment[][]) {}

  toOriginal(line1: number, genColumn: number): number {
    const segments = this.lines[line1 - 1];
    if (!segments || segments.length === 0) return genColumn;
    for (const s of segments) {
      if (genColumn < s.genColumn) return s.origColumn; // inside inserted text: the code it precedes
      if (genColumn < s.genColumn + s.length) return s.origColumn + (genColumn - s.genColumn);
    }
    const last = segments[segments.length - 1];
    return last.origColumn + last.length;
  }

  toGenerated(line1: number, origColumn: number): number {
    const segments = this.lines[line1 - 1];
    if (!segments) return origColumn;
    for (const s of segments) {
      if (origColumn >= s.origColumn && origColumn < s.origColumn + s.length) return s.genColumn + (origColumn - s.origColumn);
    }
    return origColumn;
  }

  /** A standard source map from the instrumented code back to the original, one mapping per token. */
  sourceMap(file: string, source: string, tokenStarts: Array<{ line: number; column: number }>): string {
    const gen = new SourceMapGenerator({ file });
    gen.setSourceContent(file, source);
    for (const t of tokenStarts) {
      gen.addMapping({
        source: file,
        original: { line: t.line, column: t.column },
        generated: { line: t.line, column: this.toGenerated(t.line, t.column) },
      });
    }
    return gen.toString();
  }
}
