// Two versions of a small function, chosen once per call at entry: the original body, untouched
// on its own lines, runs while nobody is debugging the function; the instrumented body, flattened
// onto the function's first line, runs otherwise. Idle code then pays one flag test per call
// instead of a check per statement and try/finally depth tracking (see bench/README.md).
// Errors thrown by the original body keep their exact positions, also in the guest's err.stack.
//
// Only loop-free functions with no nested functions get two versions:
// - no loops: an activation cannot switch versions half-way, so a plain one must end soon;
//   pausing a running loop needs the per-statement checks.
// - no nested functions or classes: each version would hold its own copy of them (2^depth code).
import type * as acorn from 'acorn';
import type { Insertion } from './edits.js';
import { childNodes } from './scopes.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyNode = any;

/**
 * - `calls`: the body calls something, so its frame may sit under a stop; it runs plain only when
 *   nothing at all is armed (flag 0), so callers stay inspectable while a breakpoint is set.
 * - `call-free`: runs plain unless its own statements are being checked (level 2) or exception
 *   filters are set (its flag then picks the copy whose catch-all reports what it raises).
 */
export type PlainCopyKind = 'calls' | 'call-free';

const EXCLUDED = new Set([
  'FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression', 'ClassDeclaration', 'ClassExpression',
  'ForStatement', 'ForInStatement', 'ForOfStatement', 'WhileStatement', 'DoWhileStatement',
  // `debugger;` stops whenever a debugger is attached.
  'DebuggerStatement',
]);
// Whatever may run other guest code or stop for an exception (getters and coercions aside).
const CALLING = new Set(['CallExpression', 'NewExpression', 'TaggedTemplateExpression', 'ImportExpression', 'ThrowStatement', 'TryStatement']);

/** Whether the function may get two versions, and which kind; undefined when it may not. */
export function plainCopyKind(fn: AnyNode): PlainCopyKind | undefined {
  if (fn.async || fn.generator) return undefined;
  return scanForVersions(fn.body, EXCLUDED);
}

/**
 * Walks code that would get two versions: undefined if it holds an `excluded` node, a direct
 * `eval` (it sees the scope) or a node `allowed` rejects; otherwise whether it calls.
 */
export function scanForVersions(root: AnyNode, excluded: Set<string>, allowed: (node: AnyNode) => boolean = () => true): PlainCopyKind | undefined {
  let calls = false;
  const visit = (node: AnyNode): boolean => {
    if (excluded.has(node.type) || !allowed(node)) return false;
    if (node.type === 'Identifier' && node.name === 'eval') return false;
    if (CALLING.has(node.type)) calls = true;
    for (const child of childNodes(node)) if (!visit(child)) return false;
    return true;
  };
  return visit(root) ? (calls ? 'calls' : 'call-free') : undefined;
}

/** A run of original text copied into inserted text: `offset` within that text, original 1-based line, 0-based column. */
export interface CopiedRun {
  offset: number;
  line: number;
  column: number;
  length: number;
}

export interface FlatCopy {
  text: string;
  runs: CopiedRun[];
}

interface TokenSpan {
  start: number;
  end: number;
  line: number;
  column: number;
}

/** The script's tokens and the offsets where automatic semicolon insertion applied. */
export class TokenIndex {
  private readonly tokens: TokenSpan[] = [];
  private readonly semicolons = new Set<number>();

  constructor(private readonly source: string) {}

  onToken = (t: acorn.Token): void => {
    if (t.loc && t.end > t.start) this.tokens.push({ start: t.start, end: t.end, line: t.loc.start.line, column: t.loc.start.column });
  };

  onInsertedSemicolon = (lastTokenEnd: number): void => {
    this.semicolons.add(lastTokenEnd);
  };

  starts(): Array<{ line: number; column: number }> {
    return this.tokens.map((t) => ({ line: t.line, column: t.column }));
  }

  /**
   * The code in [from, to) on one line, with the given insertions (sorted; their markers become
   * spaces, the caller wraps the whole copy): tokens joined by single spaces where the source had space or
   * comments, `;` where ASI applied. Only for ranges singleLine() accepts. An `expression` ends
   * without the semicolon ASI put after it in its statement.
   */
  flatten(from: number, to: number, insertions: Insertion[], markers: string[], expression = false): FlatCopy {
    let text = '';
    const runs: CopiedRun[] = [];
    // A marker also separated the insertion from its neighbours (`throw(x)`): it becomes a space.
    const unwrap = (t: string) => markers.reduce((acc, m) => acc.split(m).join(' '), t);
    let next = 0;
    const insertUpTo = (offset: number) => {
      for (; next < insertions.length && insertions[next].at <= offset; next++) text += unwrap(insertions[next].text);
    };
    let previousEnd = -1;
    for (let i = this.firstAtOrAfter(from); i < this.tokens.length && this.tokens[i].end <= to; i++) {
      const t = this.tokens[i];
      const raw = this.source.slice(t.start, t.end);
      // ASI's semicolon ends the statement before anything inserted after it (a closing brace, say).
      if (previousEnd >= 0 && this.semicolons.has(previousEnd)) text += ';';
      insertUpTo(t.start);
      if (previousEnd >= 0 && t.start > previousEnd) text += ' ';
      runs.push({ offset: text.length, line: t.line, column: t.column, length: raw.length });
      text += raw;
      previousEnd = t.end;
    }
    if (!expression && previousEnd >= 0 && this.semicolons.has(previousEnd)) text += ';';
    insertUpTo(Infinity);
    return { text, runs };
  }

  /**
   * Whether flatten() can put [from, to) on one line: no token spans lines (a template literal, a
   * string with a line continuation) or holds a marker.
   */
  singleLine(from: number, to: number, markers: string[]): boolean {
    for (let i = this.firstAtOrAfter(from); i < this.tokens.length && this.tokens[i].end <= to; i++) {
      const raw = this.source.slice(this.tokens[i].start, this.tokens[i].end);
      if (/[\n\r\u2028\u2029]/.test(raw) || markers.some((m) => raw.includes(m))) return false;
    }
    return true;
  }

  private firstAtOrAfter(offset: number): number {
    let lo = 0;
    let hi = this.tokens.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.tokens[mid].start < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** Runs moved `by` characters to the right (the copy sits inside a longer inserted text). */
export function shiftRuns(runs: CopiedRun[], by: number): CopiedRun[] {
  return runs.map((r) => ({ ...r, offset: r.offset + by }));
}

/** Text made of literal pieces and copies, keeping the copies' runs at their offsets. */
export class TextBuilder {
  private text = '';
  private runs: CopiedRun[] = [];

  literal(s: string): this {
    this.text += s;
    return this;
  }

  copy(c: FlatCopy): this {
    this.runs.push(...shiftRuns(c.runs, this.text.length));
    this.text += c.text;
    return this;
  }

  done(): FlatCopy {
    return { text: this.text, runs: this.runs };
  }
}
