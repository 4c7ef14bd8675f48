// Line breakpoints by source path. They are kept until the script with that path loads, then
// bound through the producer; the client learns of changes through `breakpoint` events.
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { BreakpointResult } from '../../abi/index.js';

interface Entry {
  id: number;
  line: number;
  column?: number;
  /** The client's breakpoint as sent (condition, hitCondition, logMessage). */
  source?: DebugProtocol.SourceBreakpoint;
  result?: BreakpointResult;
}

export class BreakpointStore {
  private nextId = 1;
  private readonly byPath = new Map<string, Entry[]>();

  /** Replaces the breakpoints of one source (DAP setBreakpoints semantics). */
  replace(path: string, requested: DebugProtocol.SourceBreakpoint[]): Entry[] {
    const entries = requested.map((b) => ({ id: this.nextId++, line: b.line, column: b.column, source: b }));
    this.byPath.set(path, entries);
    return entries;
  }

  /** Every path with breakpoints. */
  paths(): string[] {
    return [...this.byPath.keys()];
  }

  entries(path: string): Entry[] {
    return this.byPath.get(path) ?? [];
  }

  /** Records what the producer (or V8, for a host file) made of each breakpoint, in `entries(path)`
   *  order; undefined leaves one waiting for its script. */
  bind(path: string, results: Array<BreakpointResult | undefined>): void {
    this.entries(path).forEach((e, i) => { e.result = results[i]; });
  }

  /** Records a binding that changed without a request (a host file loaded); returns the entry, if still set. */
  resolve(path: string, id: number, result: BreakpointResult): Entry | undefined {
    const entry = this.entries(path).find((e) => e.id === id);
    if (entry) entry.result = result;
    return entry;
  }

  /** Ids of bound breakpoints at a position: the hitBreakpointIds of a stop. */
  idsAt(path: string, line: number): number[] {
    return this.entries(path).filter((e) => e.result?.verified && e.result.line === line).map((e) => e.id);
  }

  /** `waiting`: why an unbound breakpoint waits (default: for its script to load). */
  static toDap(path: string, e: Entry, waiting = 'Waiting for the script to load'): DebugProtocol.Breakpoint {
    const r = e.result;
    if (!r) return { id: e.id, verified: false, line: e.line, source: { path }, message: waiting };
    return { id: e.id, verified: r.verified, line: r.line ?? e.line, column: r.column, source: { path }, message: r.message };
  }
}
