// Function breakpoints by name: their DAP ids and what the producer bound them to. The producer
// binds them in every script, loaded now or later; the session re-sends them when a script loads
// and reports the changes with `breakpoint` events.
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { FunctionBreakpointRequest, FunctionBreakpointResult } from '../../../abi/index.js';
import { parseHitCondition } from './hit-condition.js';

interface Entry {
  id: number;
  request: FunctionBreakpointRequest | undefined;
  error?: string;
  result?: FunctionBreakpointResult;
}

export class FunctionBreakpointStore {
  private nextId = 1_000_000; // apart from source breakpoint ids
  private entries: Entry[] = [];

  replace(requested: DebugProtocol.FunctionBreakpoint[]): void {
    this.entries = requested.map((b): Entry => {
      const id = this.nextId++;
      if (!b.name || !b.name.trim()) return { id, request: undefined, error: 'A function breakpoint needs a name' };
      const request: FunctionBreakpointRequest = { name: b.name.trim(), condition: b.condition?.trim() ? b.condition : undefined };
      if (b.hitCondition?.trim()) {
        const hit = parseHitCondition(b.hitCondition);
        if ('error' in hit) return { id, request: undefined, error: hit.error };
        request.hitCondition = hit;
      }
      return { id, request };
    });
  }

  requests(): FunctionBreakpointRequest[] {
    return this.entries.flatMap((e) => (e.request ? [e.request] : []));
  }

  /** Records the producer's results (in the order of `requests()`); returns the entries that changed. */
  bind(results: FunctionBreakpointResult[]): Entry[] {
    const changed: Entry[] = [];
    let i = 0;
    for (const e of this.entries) {
      if (!e.request) continue;
      const r = results[i++];
      if (JSON.stringify(r) !== JSON.stringify(e.result)) changed.push(e);
      e.result = r;
    }
    return changed;
  }

  all(): Entry[] {
    return this.entries;
  }

  /** ids of the function breakpoints bound at a position. */
  idsAt(script: number, line: number): number[] {
    return this.entries.filter((e) => e.result?.locations.some((p) => p.script === script && p.line === line)).map((e) => e.id);
  }

  static toDap(e: Entry, sourceOf: (script: number) => DebugProtocol.Source | undefined): DebugProtocol.Breakpoint {
    if (e.error) return { id: e.id, verified: false, message: e.error };
    const r = e.result;
    if (!r) return { id: e.id, verified: false, message: 'Waiting for a script to load' };
    const at = r.locations[0];
    const source = at && sourceOf(at.script);
    return {
      id: e.id, verified: r.verified, message: r.message ?? (r.locations.length > 1 ? `Bound in ${r.locations.length} functions` : undefined),
      ...(at && source ? { source, line: at.line, column: at.column } : {}),
    };
  }
}
