// Step-in targets (DAP `stepInTargets`, `stepIn` with a `targetId`) for JavaScript and TypeScript
// sources: the call expressions on the stopped line, found with acorn's tokenizer, each with its
// position, and a step into the one the user picks, matched by position as js-debug matches its
// call locations. The ABI has no call-level stops, so the step is built from what it has: a
// function breakpoint on the callee's name while the line's statement is stepped over. An entry
// into that function stops only if it was called from the stopped frame at the chosen call: the
// caller frame's position is the call in progress (SPEC §10.1): bellard's QuickJS reports the
// call's `(`, QuickJS-ng the last position it evaluated inside the call (an argument, or the
// callee), so a position is matched to the innermost call around it not yet entered (an inner call
// runs before the call around it). Any other entry (a call of that name earlier on the line, or
// deeper in another callee) is stepped out of, the breakpoint still set, until the chosen call is
// entered or the statement is done (a builtin or anonymous callee, a call not made: the step ends).
import path from 'node:path';
import * as acorn from 'acorn';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { FrameInfo, StopEvent } from '../../abi/index.js';
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
  /** Column of the call's closing `)` (past the line's end when it closes on a later line). */
  closeColumn: number;
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
    const close = closingParen(tokens, tokens.indexOf(next));
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
      closeColumn: close ? close.start + 1 : lineText.length + 1,
    });
  }
  return out;
}

/** The `)` that closes the `(` at tokens[open], if it is on the line. */
function closingParen(tokens: acorn.Token[], open: number): acorn.Token | undefined {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const label = tokens[i].type.label;
    if (label === '(') depth++;
    else if (label === ')' && --depth === 0) return tokens[i];
  }
  return undefined;
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

/** A targeted step under way: the chosen call among the line's calls of that name, and where it began. */
interface Targeted {
  target: CallTarget;
  /** The calls on the line with the target's name; `entered` marks those already called. */
  calls: CallTarget[];
  entered: Set<CallTarget>;
  script: number;
  depth: number;
}

/**
 * Whether a stop in a callee's entry is the chosen call: called from the chosen frame, at a
 * position whose innermost enclosing call of that name, not yet entered, is the target.
 */
function isChosenCall(t: Targeted, frames: FrameInfo[]): boolean {
  const caller = frames[1]?.position;
  if (frames.length !== t.depth + 1 || caller?.script !== t.script || caller.line !== t.target.line) return false;
  const around = t.calls.filter((c) => !t.entered.has(c) && c.column <= caller.column && caller.column <= c.closeColumn);
  const call = around.reduce<CallTarget | undefined>((inner, c) => (!inner || c.column > inner.column ? c : inner), undefined);
  if (call) t.entered.add(call);
  return call === t.target;
}

/** The targets offered at the current stop, and the targeted step under way. */
export class StepInTargets {
  private offered: Array<CallTarget & { script: number }> = [];
  private pending: Targeted | undefined;

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
    const calls = text !== undefined && SCRIPT_EXTENSIONS.has(path.extname(name).toLowerCase()) ? callsOnLine(text, line, column) : [];
    this.offered = calls.map((c) => ({ ...c, script }));
    const at = session.at;
    return this.offered.map((c, i) => ({
      id: i, label: c.label, line: at.clientLine(c.line), column: at.clientColumn(c.column), endLine: at.clientLine(c.line), endColumn: at.clientColumn(c.endColumn),
    }));
  }

  /** `stepIn` with a target: over the statement, with a breakpoint on the callee; a plain step in if none binds. */
  async stepInto(targetId: number): Promise<void> {
    const target = this.offered[targetId];
    if (!target) throw new Error(`Unknown step-in target ${targetId}: ask stepInTargets at this stop first.`);
    const calls = this.offered.filter((c) => c.name === target.name);
    const depth = (await this.session.running().call('frames')).length;
    const bound = await this.session.temporaryFunctionBreakpoint(target.name);
    this.offered = [];
    this.pending = bound ? { target, calls, entered: new Set(), script: target.script, depth } : undefined;
    this.session.frames.clear();
    this.session.running().resume({ tag: 'step', val: bound ? 'over' : 'into' });
  }

  /**
   * A stop while a targeted step is under way: the chosen call's entry ends it as a step; another
   * entry of that name, or a step that ended deeper than where it began, steps out again; anything
   * else (the statement done, a user breakpoint, an exception) ends it there. The temporary
   * breakpoint goes before the client sees the stop. `send` shows the stop.
   */
  stopped(event: StopEvent, userBreakpointHit: boolean, send: (event: StopEvent) => void): void {
    this.offered = [];
    const pending = this.pending;
    if (!pending) return send(event);
    void this.next(pending, event, userBreakpointHit, send).catch(() => this.finish(event, send));
  }

  private async next(t: Targeted, event: StopEvent, userBreakpointHit: boolean, send: (event: StopEvent) => void): Promise<void> {
    const ours = event.reason === 'function-breakpoint' && !userBreakpointHit;
    if (!ours && event.reason !== 'step') return this.finish(event, send);
    const frames = await this.session.running().call('frames');
    if (ours && isChosenCall(t, frames)) return this.finish({ ...event, reason: 'step' }, send);
    if (frames.length > t.depth) return this.session.running().resume({ tag: 'step', val: 'out' });
    return this.finish({ ...event, reason: 'step' }, send);
  }

  private async finish(shown: StopEvent, send: (event: StopEvent) => void): Promise<void> {
    this.pending = undefined;
    await this.session.temporaryFunctionBreakpoint().catch(() => false);
    send(shown);
  }
}
