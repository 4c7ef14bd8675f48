// The call expressions on one line of JavaScript or TypeScript, found with acorn's tokenizer, for
// step-in targets (step-in-targets.ts): a named callee (`add`, `obj.method`, `new Point`), and one
// that has no name to bind by (`fns[0](x)`, `(a || b)(x)`, `make()(x)`, `(() => …)()`), which is
// told apart by the position of its call alone.
import * as acorn from 'acorn';

export interface CallTarget {
  /** What the menu shows: the callee as written (`add`, `obj.method`, `new Point`, `fns[0]`). */
  label: string;
  /** The name the called function has (the callee's last identifier); none for an unnamed callee. */
  name?: string;
  line: number;
  column: number;
  endColumn: number;
  /** Column of the call's closing `)` (past the line's end when it closes on a later line). */
  closeColumn: number;
}

/** Keywords whose parenthesized head is not a call: `if (a) (b || c)(d)` calls only `(b || c)`. */
const HEAD_KEYWORDS = new Set(['if', 'while', 'for', 'switch', 'catch', 'with']);
const LONGEST_LABEL = 40;

/** The calls on `line` at or after `column` (1-based), in source order. */
export function callsOnLine(text: string, line: number, column: number): CallTarget[] {
  const lineText = text.split(/\r?\n/)[line - 1];
  if (lineText === undefined) return [];
  const tokens: acorn.Token[] = [];
  try {
    for (const t of acorn.tokenizer(lineText, { ecmaVersion: 'latest', allowHashBang: true, allowReturnOutsideFunction: true })) tokens.push(t);
  } catch {
    // A line that does not tokenize on its own (inside a template or comment): use what came before.
  }
  const label = (i: number) => tokens[i]?.type.label;
  const out: CallTarget[] = [];
  for (let open = 0; open < tokens.length; open++) {
    if (label(open) !== '(') continue;
    const last = label(open - 1) === '?.' ? open - 2 : open - 1;
    const close = closing(tokens, open);
    const closeColumn = close !== undefined ? tokens[close].start + 1 : lineText.length + 1;
    if (label(last) === 'name') {
      if (label(last - 1) === 'function' || (label(last - 1) === '.' && label(last - 2) === 'function')) continue;
      // The callee: this name and the member chain before it (`a.b.c`), and `new` in front.
      let first = last;
      while (first >= 2 && ['.', '?.'].includes(label(first - 1)!) && ['name', 'this'].includes(label(first - 2)!)) first -= 2;
      const isNew = label(first - 1) === 'new';
      const callee = lineText.slice(tokens[first].start, tokens[last].end);
      const start = tokens[isNew ? first - 1 : first].start;
      if (tokens[last].start + 1 < column) continue;
      out.push({
        label: isNew ? `new ${callee}` : callee, name: lineText.slice(tokens[last].start, tokens[last].end),
        line, column: start + 1, endColumn: tokens[last].end + 1, closeColumn,
      });
    } else if (label(last) === ')' || label(last) === ']') {
      const first = calleeStart(tokens, last);
      if (first === undefined || tokens[first].start + 1 < column) continue;
      const callee = lineText.slice(tokens[first].start, tokens[last].end);
      out.push({
        label: callee.length > LONGEST_LABEL ? `${callee.slice(0, LONGEST_LABEL - 1)}…` : callee,
        line, column: tokens[first].start + 1, endColumn: tokens[last].end + 1, closeColumn,
      });
    }
  }
  return out;
}

/** The bracket that closes the one at tokens[open], if it is on the line. */
function closing(tokens: acorn.Token[], open: number): number | undefined {
  const [o, c] = tokens[open].type.label === '[' ? ['[', ']'] : ['(', ')'];
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const label = tokens[i].type.label;
    if (label === o) depth++;
    else if (label === c && --depth === 0) return i;
  }
  return undefined;
}

/** The bracket that opens the one at tokens[close], if it is on the line. */
function opening(tokens: acorn.Token[], close: number): number | undefined {
  const [o, c] = tokens[close].type.label === ']' ? ['[', ']'] : ['(', ')'];
  let depth = 0;
  for (let i = close; i >= 0; i--) {
    const label = tokens[i].type.label;
    if (label === c) depth++;
    else if (label === o && --depth === 0) return i;
  }
  return undefined;
}

/**
 * The first token of the callee that ends with the `)` or `]` at tokens[last]: back over computed
 * members (`fns[0]`), calls (`make()`), member chains and a parenthesized expression. Undefined
 * when it is no callee (`if (a) (`) or starts on an earlier line.
 */
function calleeStart(tokens: acorn.Token[], last: number): number | undefined {
  const label = (i: number) => tokens[i]?.type.label;
  let i = last;
  for (;;) {
    const l = label(i);
    if (l === ')' || l === ']') {
      const open = opening(tokens, i);
      if (open === undefined) return undefined;
      const before = label(open - 1);
      if (l === ')' && HEAD_KEYWORDS.has(before ?? '')) return undefined;
      // What precedes it extends the callee (`f(a)(b)`, `x[0](b)`), unless it is a statement's head.
      const head = before === ')' && HEAD_KEYWORDS.has(label((opening(tokens, open - 1) ?? 0) - 1) ?? '');
      const extends_ = !head && (before === 'name' || before === 'this' || before === ')' || before === ']' || before === '?.');
      if (!extends_) return open; // `(expr)` or an array literal: the callee starts here
      i = before === '?.' ? open - 2 : open - 1;
    } else if (l === 'name' || l === 'this') {
      if (label(i - 1) !== '.' && label(i - 1) !== '?.') return i;
      i -= 2;
    } else {
      return undefined;
    }
  }
}
