// Step-in targets (DAP `stepInTargets`, `stepIn` with a `targetId`) for JavaScript and TypeScript
// sources: the calls on the stopped line, found with acorn's tokenizer, and a step into the one the
// user picks. The ABI has no call-level positions, so the step is built from what it has: a
// function breakpoint on the callee's name for the length of one step over. The first entry into
// a function of that name before the line's statement ends stops there, as a step; if none comes
// (a builtin, an anonymous function, a call not made), the step over ends on the next statement.
import path from 'node:path';
import * as acorn from 'acorn';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { StopEvent } from '../../abi/index.js';
import type { Coordinates } from './coordinates.js';

/** Source kinds the tokenizer understands (TypeScript tokenizes as JavaScript, line by line). */
const SCRIPT_EXTENSIONS = new Set(['', '.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx']);

export interface CallTarget {
  /** What the menu shows: the callee as written (`add`, `obj.method`, `new Point`). */
  label: string;
  /** The name the called function has: the callee's last identifier. */
  name: string;
  line: number;
  column: number;
  endColumn: number;
}

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
  const out: CallTarget[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.type.label !== 'name' || t.start + 1 < column) continue;
    let next = tokens[i + 1];
    if (next?.type.label === '?.') next = tokens[i + 2];
    if (next?.type.label !== '(') continue;
    if (tokens[i - 1]?.type.label === 'function' || tokens[i - 1]?.type.label === '.' && tokens[i - 2]?.type.label === 'function') continue;
    // The callee: this name and the member chain before it (`a.b.c`), and `new` in front.
    let first = i;
    while (first >= 2 && ['.', '?.'].includes(tokens[first - 1].type.label) && ['name', 'this'].includes(tokens[first - 2].type.label)) first -= 2;
    const isNew = tokens[first - 1]?.type.label === 'new';
    const callee = lineText.slice(tokens[first].start, t.end);
    out.push({
      label: isNew ? `new ${callee}` : callee, name: lineText.slice(t.start, t.end),
      line, column: tokens[isNew ? first - 1 : first].start + 1, endColumn: t.end + 1,
    });
  }
  return out;
}

/** The targets offered at the current stop, and the targeted step under way. */
export class StepInTargets {
  private offered: CallTarget[] = [];
  private pending = false;

  /** The targets of a frame, numbered for `stepIn`; none for a source that is not JavaScript. */
  list(source: DebugProtocol.Source | undefined, text: string | undefined, line: number, column: number, at: Coordinates): DebugProtocol.StepInTarget[] {
    const name = source?.path ?? source?.name ?? '';
    this.offered = text !== undefined && SCRIPT_EXTENSIONS.has(path.extname(name).toLowerCase()) ? callsOnLine(text, line, column) : [];
    return this.offered.map((c, id) => ({
      id, label: c.label, line: at.clientLine(c.line), column: at.clientColumn(c.column), endLine: at.clientLine(c.line), endColumn: at.clientColumn(c.endColumn),
    }));
  }

  /** The target a `stepIn` names; an error for an id not offered at this stop. */
  target(id: number): CallTarget {
    const t = this.offered[id];
    if (!t) throw new Error(`Unknown step-in target ${id}: ask stepInTargets at this stop first.`);
    return t;
  }

  /** A targeted step starts (its temporary function breakpoint is set). */
  started(): void {
    this.pending = true;
    this.offered = [];
  }

  /**
   * The next stop: ends a targeted step. Returns the stop as the client should see it: the
   * temporary breakpoint's stop is the step's end, reason `step`.
   */
  finish(event: StopEvent, userBreakpointHit: boolean): { event: StopEvent; ended: boolean } {
    this.offered = [];
    if (!this.pending) return { event, ended: false };
    this.pending = false;
    const stepped = event.reason === 'function-breakpoint' && !userBreakpointHit;
    return { event: stepped ? { ...event, reason: 'step' } : event, ended: true };
  }
}
