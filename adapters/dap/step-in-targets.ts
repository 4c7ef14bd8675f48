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
import type { DebuggeeConnection } from '../../runtime/launcher.js';
import type { Coordinates } from './coordinates.js';
import type { FrameIds } from './stack.js';

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

/** What a targeted step needs of the session. */
export interface StepSession {
  running(): DebuggeeConnection;
  readonly frames: FrameIds;
  sourceOf(script: number): DebugProtocol.Source | undefined;
  /** A loaded script's text. */
  text(script: number): string | undefined;
  readonly at: Coordinates;
  /** The user's function breakpoints plus one on `name` (none: the user's alone); true if it bound. */
  temporaryFunctionBreakpoint(name?: string): Promise<boolean>;
}

/** The targets offered at the current stop, and the targeted step under way. */
export class StepInTargets {
  private offered: CallTarget[] = [];
  private pending = false;

  constructor(private readonly session: StepSession) {}

  /** `stepInTargets`: the calls of a frame's line, numbered; none for a source that is not JavaScript. */
  async list(dapFrameId: number): Promise<DebugProtocol.StepInTarget[]> {
    const { session } = this;
    const id = session.frames.producerFrame(dapFrameId);
    const frame = (await session.running().call('frames')).find((f) => f.id === id);
    if (!frame) throw new Error(`Unknown or stale frame ${dapFrameId}`);
    const { script, line, column } = frame.position;
    const source = session.sourceOf(script);
    const text = session.text(script);
    const name = source?.path ?? source?.name ?? '';
    this.offered = text !== undefined && SCRIPT_EXTENSIONS.has(path.extname(name).toLowerCase()) ? callsOnLine(text, line, column) : [];
    const at = session.at;
    return this.offered.map((c, i) => ({
      id: i, label: c.label, line: at.clientLine(c.line), column: at.clientColumn(c.column), endLine: at.clientLine(c.line), endColumn: at.clientColumn(c.endColumn),
    }));
  }

  /** `stepIn` with a target: over the statement, with a breakpoint on the callee; a plain step in if none binds. */
  async stepInto(targetId: number): Promise<void> {
    const target = this.offered[targetId];
    if (!target) throw new Error(`Unknown step-in target ${targetId}: ask stepInTargets at this stop first.`);
    const bound = await this.session.temporaryFunctionBreakpoint(target.name);
    this.offered = [];
    this.pending = bound;
    this.session.frames.clear();
    this.session.running().resume({ tag: 'step', val: bound ? 'over' : 'into' });
  }

  /**
   * The next stop ends a targeted step: its temporary breakpoint goes before the client sees the
   * stop, and the stop it made is the step's end (reason `step`). `send` shows the stop.
   */
  stopped(event: StopEvent, userBreakpointHit: boolean, send: (event: StopEvent) => void): void {
    this.offered = [];
    if (!this.pending) return send(event);
    this.pending = false;
    const shown: StopEvent = event.reason === 'function-breakpoint' && !userBreakpointHit ? { ...event, reason: 'step' } : event;
    void this.session.temporaryFunctionBreakpoint().catch(() => false).then(() => send(shown));
  }
}
