// The scripts the Lua producer announced and their line breakpoints (SPEC §4): where a request
// binds (the next line with code, §4.2), the union of lines any script breaks at (the line hook's
// first check), and whether a function holds a breakpoint (the line gate's question).
import type { BreakpointRequest, BreakpointResult } from '../../abi/index.js';
import type { ProtoInfo } from './call-info.js';
import { functionKey, type ChunkLines } from './lines.js';

export interface LuaScript {
  id: number;
  url: string;
  chunkname: string;
  source: string;
  /** Lines with code, sorted (every function of the chunk). */
  lines: number[];
  /** Each function's own lines, by functionKey(linedefined, lastlinedefined). */
  functions: Map<number, number[]>;
  breakpoints: Set<number>;
  lineTexts?: string[];
}

export class LuaScripts {
  private readonly byId = new Map<number, LuaScript>();
  /** By chunk name (`@path`), as Lua reports a function's source. */
  readonly byChunk = new Map<string, LuaScript>();
  private nextId = 1;
  /** Union of every script's breakpoint lines. */
  breakpointLines = new Set<number>();

  add(url: string, chunkname: string, source: string, chunk: ChunkLines): LuaScript {
    const script: LuaScript = { id: this.nextId++, url, chunkname, source, lines: chunk.lines, functions: chunk.byFunction, breakpoints: new Set() };
    this.byId.set(script.id, script);
    this.byChunk.set(chunkname, script);
    return script;
  }

  /** Replaces a script's breakpoints (SPEC §4.1). */
  setBreakpoints(scriptId: number, requests: BreakpointRequest[]): BreakpointResult[] {
    const script = this.byId.get(scriptId);
    if (!script) return requests.map(() => ({ verified: false, message: `unknown script ${scriptId}` }));
    const bound = new Set<number>();
    const results = requests.map((r): BreakpointResult => {
      // Not declared (SPEC §12.3): refuse rather than stop unconditionally.
      if (r.condition !== undefined || r.hitCondition !== undefined || r.logMessage !== undefined) {
        return { verified: false, message: 'conditions, hit counts and logpoints are not supported for Lua' };
      }
      // Line granularity (SPEC §4.2): every valid position is (line, 1); a column is ignored.
      const line = script.lines.find((l) => l >= r.line);
      if (line === undefined) return { verified: false, message: `no code at or after line ${r.line}` };
      bound.add(line);
      return { verified: true, line, column: 1, message: line !== r.line ? `moved to line ${line}, the next line with code` : undefined };
    });
    script.breakpoints = bound;
    this.breakpointLines = new Set([...this.byId.values()].flatMap((s) => [...s.breakpoints]));
    return results;
  }
}

/** Whether the function a Proto describes, of `script`, has a breakpoint on one of its own lines. */
export function holdsBreakpoint(script: LuaScript | undefined, info: ProtoInfo): boolean {
  if (!script?.breakpoints.size) return false;
  // A function the dump did not show (cannot happen for an announced chunk): assume it holds one.
  const lines = script.functions.get(functionKey(info.linedefined, info.lastlinedefined));
  return lines ? lines.some((l) => script.breakpoints.has(l)) : true;
}
