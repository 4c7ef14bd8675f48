// Step-in targets (DAP `stepInTargets`, `stepIn` with a `targetId`) for JavaScript and TypeScript
// sources: the call expressions on the stopped line (call-targets.ts), each with its position, and
// a step into the one the user picks, matched by position as js-debug matches its call locations.
// The ABI has no call-level stops, so the step is built from what it has. A callee with a name
// gets a function breakpoint on that name while the line's statement is stepped over; an unnamed
// callee (`fns[0](x)`, `(a || b)(x)`, an inline function), or a name that binds nothing (a
// builtin that calls back), is walked to: step in, and on through the callees entered before it.
// Either way an entry is the chosen call only if it was called from the stopped frame at that
// call: the caller frame's position is the call in progress (SPEC §10.1): bellard's QuickJS
// reports the call's `(`, QuickJS-ng the last position it evaluated inside the call (an argument,
// or the callee), so a position is matched to the innermost call around it not yet entered (an
// inner call runs before the call around it). By name, any other entry (a call of that name
// earlier on the line, or deeper in another callee) is stepped out of, the breakpoint still set,
// until the chosen call is entered or the statement is done (a call not made: the step ends).
import path from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { FrameInfo, StopEvent } from '../../abi/index.js';
import type { DebuggeeConnection } from '../../runtime/launcher.js';
import { callsOnLine, type CallTarget } from './call-targets.js';
import type { Coordinates } from './coordinates.js';
import type { FrameIds } from './stack.js';

/** Source kinds the tokenizer understands (TypeScript tokenizes as JavaScript, line by line). */
const SCRIPT_EXTENSIONS = new Set(['', '.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx']);

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

/** A targeted step under way: the chosen call among the line's calls, and where it began. */
interface Targeted {
  target: CallTarget;
  /** The calls the chosen one is told apart from; `entered` marks those already called. */
  calls: CallTarget[];
  entered: Set<CallTarget>;
  script: number;
  depth: number;
  /**
   * `name`: a function breakpoint on the callee's name while the statement is stepped over.
   * `walk` (an unnamed callee, or a name that binds nothing, like a builtin's): step in, and on
   * through the callees entered before the chosen one (see walk()).
   */
  how: 'name' | 'walk';
  /** walk: the caller's position at the last stop one frame deeper; a new call changes it. */
  lastCaller?: string;
  /** walk: stops made inside callees entered before the chosen one. */
  stops: number;
}

/** How many statements a walk steps through callees entered before the chosen one, before it gives up. */
const WALK_LIMIT = 1_000;

/**
 * The call a stop one frame deeper than the targeted step's frame was entered from, given the
 * caller's position: the innermost call around it not yet entered (marked entered now).
 */
function enteredCall(t: Targeted, caller: FrameInfo['position']): CallTarget | undefined {
  const around = t.calls.filter((c) => !t.entered.has(c) && c.column <= caller.column && caller.column <= c.closeColumn);
  const call = around.reduce<CallTarget | undefined>((inner, c) => (!inner || c.column > inner.column ? c : inner), undefined);
  if (call) t.entered.add(call);
  return call;
}

/** Whether a stop in a callee's entry (the name path) is the chosen call: one frame deeper, entered at it. */
function isChosenCall(t: Targeted, frames: FrameInfo[]): boolean {
  const caller = frames[1]?.position;
  if (frames.length !== t.depth + 1 || caller?.script !== t.script || caller.line !== t.target.line) return false;
  return enteredCall(t, caller) === t.target;
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

  /** `stepIn` with a target: over the statement with a breakpoint on the callee's name, or a walk. */
  async stepInto(targetId: number): Promise<void> {
    const target = this.offered[targetId];
    if (!target) throw new Error(`Unknown step-in target ${targetId}: ask stepInTargets at this stop first.`);
    const depth = (await this.session.running().call('frames')).length;
    const bound = target.name !== undefined && await this.session.temporaryFunctionBreakpoint(target.name);
    // By name, the chosen call is told apart from the other calls of that name; walking, from every call.
    const calls = bound ? this.offered.filter((c) => c.name === target.name) : this.offered;
    this.offered = [];
    this.pending = { target, calls, entered: new Set(), script: target.script, depth, how: bound ? 'name' : 'walk', stops: 0 };
    this.session.frames.clear();
    this.session.running().resume({ tag: 'step', val: bound ? 'over' : 'into' });
  }

  /**
   * A stop while a targeted step is under way: the chosen call's entry ends it as a step; another
   * entry, or a step that ended deeper than where it began, goes on; anything else (the statement
   * done, a user breakpoint, an exception) ends it there. The temporary breakpoint goes before the
   * client sees the stop. `send` shows the stop.
   */
  stopped(event: StopEvent, userBreakpointHit: boolean, send: (event: StopEvent) => void): void {
    this.offered = [];
    const pending = this.pending;
    if (!pending) return send(event);
    const next = pending.how === 'name' ? this.byName(pending, event, userBreakpointHit, send) : this.walk(pending, event, send);
    void next.catch(() => this.finish(event, send));
  }

  private async byName(t: Targeted, event: StopEvent, userBreakpointHit: boolean, send: (event: StopEvent) => void): Promise<void> {
    const ours = event.reason === 'function-breakpoint' && !userBreakpointHit;
    if (!ours && event.reason !== 'step') return this.finish(event, send);
    const frames = await this.session.running().call('frames');
    if (ours && isChosenCall(t, frames)) return this.finish({ ...event, reason: 'step' }, send);
    if (frames.length > t.depth) return this.session.running().resume({ tag: 'step', val: 'out' });
    return this.finish({ ...event, reason: 'step' }, send);
  }

  /**
   * Stepping in, one stop at a time. One frame deeper than the start, a stop whose caller position
   * changed is a call's entry: the chosen call's ends the walk; in another callee it steps in
   * again, through that callee's statements (a deeper call made from there is stepped out of), until
   * the next call of the line is entered or the statement is done. Past WALK_LIMIT stops in other
   * callees it steps out, and ends at the statement after the line.
   */
  private async walk(t: Targeted, event: StopEvent, send: (event: StopEvent) => void): Promise<void> {
    if (event.reason !== 'step') return this.finish(event, send);
    const frames = await this.session.running().call('frames');
    if (frames.length > t.depth + 1) return this.session.running().resume({ tag: 'step', val: 'out' });
    const caller = frames[1]?.position;
    if (frames.length <= t.depth || caller?.script !== t.script || caller.line !== t.target.line) return this.finish(event, send);
    const key = `${caller.line}:${caller.column}`;
    const entry = key !== t.lastCaller;
    t.lastCaller = key;
    if (entry && enteredCall(t, caller) === t.target) return this.finish(event, send);
    this.session.running().resume({ tag: 'step', val: ++t.stops > WALK_LIMIT ? 'out' : 'into' });
  }

  private async finish(shown: StopEvent, send: (event: StopEvent) => void): Promise<void> {
    const how = this.pending?.how;
    this.pending = undefined;
    if (how === 'name') await this.session.temporaryFunctionBreakpoint().catch(() => false);
    send(shown);
  }
}
