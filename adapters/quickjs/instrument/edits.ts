// Insert-only text edits that never add a line break, so the instrumented code keeps every
// original line number; only columns shift. Keeps the column map and emits a source map.
// An insertion may carry copies of original text (plain-copy.ts); those map to their own lines.
import { SourceMapGenerator } from 'source-map';
import type { CopiedRun } from './plain-copy.js';

export type InsertionKind = 'open' | 'close';

export interface Insertion {
  at: number;
  text: string;
  kind: InsertionKind;
  /** AST depth of the node the insertion belongs to; orders insertions at the same offset. */
  depth: number;
  seq: number;
  copies?: CopiedRun[];
  /**
   * Set on the insertions that build a loop's plain version (loop-versions.ts): the instrumented
   * insertions they replace (on the first one; empty on the others). An enclosing loop's own
   * instrumented copy takes those back (instrumentedView).
   */
  replaces?: Insertion[];
}

/** One run of original text copied to the output, on one line. */
interface Segment {
  genColumn: number;
  origColumn: number;
  length: number;
  /** Set for a copy (inside inserted text): its original 1-based line. */
  copyOf?: number;
}

/** A position in the loaded script (before instrumentation): 1-based line, 0-based column. */
export interface ScriptPosition {
  line: number;
  column: number;
}

/** Closes of deeper nodes come first, then opens of shallower nodes, so nesting stays balanced. */
function sortInsertions(insertions: Insertion[]): Insertion[] {
  return [...insertions].sort((a, b) => {
    if (a.at !== b.at) return a.at - b.at;
    if (a.kind !== b.kind) return a.kind === 'close' ? -1 : 1;
    if (a.depth !== b.depth) return a.kind === 'close' ? b.depth - a.depth : a.depth - b.depth;
    return a.seq - b.seq;
  });
}

/** Insertions with every loop's plain version replaced by the instrumented insertions it stands for. */
export function instrumentedView(insertions: Insertion[]): Insertion[] {
  const expand = (list: Insertion[]): Insertion[] => list.flatMap((i) => (i.replaces ? expand(i.replaces) : [i]));
  return sortInsertions(expand(insertions));
}

export class InsertionList {
  private insertions: Insertion[] = [];
  private seq = 0;

  add(at: number, text: string, kind: InsertionKind, depth: number, copies?: CopiedRun[], replaces?: Insertion[]): void {
    if (text.includes('\n')) throw new Error('instrumentation must not add line breaks');
    this.insertions.push({ at, text, kind, depth, seq: this.seq++, copies, replaces });
  }

  /** Puts back insertions taken earlier, unchanged. */
  restore(insertions: Insertion[]): void {
    this.insertions.push(...insertions);
  }

  /** How many insertions there are: a mark for take(). */
  count(): number {
    return this.insertions.length;
  }

  /** Removes and returns, in output order, the insertions added since `mark`. */
  take(mark: number): Insertion[] {
    const taken = this.insertions.slice(mark);
    this.insertions = this.insertions.slice(0, mark);
    return sortInsertions(taken);
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
    for (const ins of sortInsertions(this.insertions)) {
      copyOriginal(cursor, ins.at);
      cursor = ins.at;
      parts.push(ins.text);
      for (const c of ins.copies ?? []) {
        lines[origLine].push({ genColumn: genColumn + c.offset, origColumn: c.column, length: c.length, copyOf: c.line });
      }
      genColumn += ins.text.length;
    }
    copyOriginal(cursor, source.length);
    return { code: parts.join(''), columns: new ColumnMap(lines) };
  }
}

/**
 * Maps positions between the instrumented code and the original: the same line, shifted columns,
 * except inside copies of original text (plain copies), which map to their own lines. 0-based columns.
 */
export class ColumnMap {
  constructor(private readonly lines: Segment[][]) {}

  toOriginal(line1: number, genColumn: number): ScriptPosition {
    const segments = this.lines[line1 - 1];
    if (!segments || segments.length === 0) return { line: line1, column: genColumn };
    const at = (s: Segment, column: number) => ({ line: s.copyOf ?? line1, column });
    for (const s of segments) {
      if (genColumn < s.genColumn) return at(s, s.origColumn); // inside inserted text: the code it precedes
      if (genColumn < s.genColumn + s.length) return at(s, s.origColumn + (genColumn - s.genColumn));
    }
    const last = segments[segments.length - 1];
    return at(last, last.origColumn + last.length);
  }

  /** The instrumented (not the plain-copy) position of an original one on the same line. */
  toGenerated(line1: number, origColumn: number): number {
    const segments = this.lines[line1 - 1];
    if (!segments) return origColumn;
    for (const s of segments) {
      if (s.copyOf === undefined && origColumn >= s.origColumn && origColumn < s.origColumn + s.length) return s.genColumn + (origColumn - s.origColumn);
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
    this.lines.forEach((segments, i) => {
      for (const s of segments) {
        if (s.copyOf === undefined) continue;
        gen.addMapping({ source: file, original: { line: s.copyOf, column: s.origColumn }, generated: { line: i + 1, column: s.genColumn } });
      }
    });
    return gen.toString();
  }
}
