// Line breakpoints in the embedding host's own code, in mixed mode: a plugin host and its plugin
// scripts debugged together. The runtime binds them through V8 by URL (a TS host's .ts through its
// scripts' source maps); this keeps the runtime's breakpoint ids, so a host stop and a breakpoint
// that binds later (its file loaded) report the client's breakpoint ids.
import path from 'node:path';
import type { BreakpointResult } from '../../../abi/index.js';
import type { DebuggeeConnection } from '../../../runtime/launcher.js';

/** Files V8 itself can run, and TypeScript sources of source-mapped host scripts: candidates for host breakpoints. */
const HOST_EXTENSIONS = new Set(['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts', '.tsx']);
const RUNNABLE = new Set(['.js', '.mjs', '.cjs']);

export function isHostCandidate(file: string): boolean {
  return HOST_EXTENSIONS.has(path.extname(file).toLowerCase());
}

export class HostBreakpointTable {
  /** The runtime's breakpoint id -> the client's breakpoint id. */
  private readonly clientIds = new Map<string, number>();
  /** The runtime's breakpoint id -> its file. */
  private readonly fileOf = new Map<string, string>();
  private readonly v8IdsByFile = new Map<string, string[]>();

  constructor(private readonly debuggee: DebuggeeConnection) {}

  /**
   * Binds a file's breakpoints in the host. Returns a result per entry: V8's binding when the host
   * has loaded the file, undefined when it has not (the file may be a guest script yet to load).
   */
  async bind(file: string, entries: Array<{ id: number; line: number; column?: number }>): Promise<Array<BreakpointResult | undefined>> {
    for (const id of this.v8IdsByFile.get(file) ?? []) {
      this.clientIds.delete(id);
      this.fileOf.delete(id);
    }
    const results = await this.debuggee.wasm('setHostBreakpoints', file, entries.map((e) => ({ line: e.line, column: e.column })));
    const ids: string[] = [];
    this.v8IdsByFile.set(file, ids);
    return results.map((r, i) => {
      if (r.id) {
        ids.push(r.id);
        this.clientIds.set(r.id, entries[i].id);
        this.fileOf.set(r.id, file);
      }
      if (r.verified) return { verified: true, line: r.line, column: r.column };
      // A .js may be a guest script yet to load (the generic wait says so); a .ts binds only
      // through a host source map, and the runtime says what it is waiting for.
      return RUNNABLE.has(path.extname(file).toLowerCase()) && r.id ? undefined : { verified: false, message: r.message };
    });
  }

  /** A breakpoint the runtime bound later: its file and the client's id (undefined when no longer set). */
  resolved(runtimeId: string): { file: string; id: number } | undefined {
    const file = this.fileOf.get(runtimeId);
    const id = this.clientIds.get(runtimeId);
    return file === undefined || id === undefined ? undefined : { file, id };
  }

  /** The client's ids for the breakpoints a host stop hit. */
  clientIdsOf(v8Ids: readonly string[]): number[] {
    return v8Ids.flatMap((id) => (this.clientIds.has(id) ? [this.clientIds.get(id)!] : []));
  }

  /** Files bound in the host (mixed mode going off unbinds them all). */
  files(): string[] {
    return [...this.v8IdsByFile.keys()];
  }

  clear(): void {
    this.clientIds.clear();
    this.fileOf.clear();
    this.v8IdsByFile.clear();
  }
}
