// Line breakpoints in the host's own JavaScript (the embedding app's .js/.mjs/.cjs files), set
// through V8's Debugger domain by URL, so a file the host has not loaded yet binds when it does.
// They pause V8 like a Wasm breakpoint does: the pause's event is `js-breakpoint`.
import { pathToFileURL } from 'node:url';
import type { WasmDebuggee } from './debuggee.js';

export interface HostBreakpointRequest {
  /** 1-based. */
  line: number;
  column?: number;
}

export interface HostBreakpointResult {
  /** V8's breakpoint id: what a `js-breakpoint` pause reports. */
  id?: string;
  /** Bound in a script V8 has loaded. */
  verified: boolean;
  /** Where V8 bound it (1-based): the next breakable position. */
  line?: number;
  column?: number;
  message?: string;
}

interface CdpLocation { scriptId: string; lineNumber: number; columnNumber?: number }

export class HostBreakpoints {
  private readonly byFile = new Map<string, string[]>();

  constructor(private readonly debuggee: WasmDebuggee) {}

  /** Replaces the breakpoints of one file (an absolute path). */
  async set(file: string, requests: HostBreakpointRequest[]): Promise<HostBreakpointResult[]> {
    await this.clear(file);
    const ids: string[] = [];
    this.byFile.set(file, ids);
    // ES modules report file:// URLs, CommonJS modules (in some Node versions) plain paths.
    const urlRegex = `^(?:${escape(pathToFileURL(file).href)}|${escape(file)})$`;
    const results: HostBreakpointResult[] = [];
    for (const r of requests) {
      if (!Number.isInteger(r.line) || r.line < 1) {
        results.push({ verified: false, message: `bad line ${r.line}` });
        continue;
      }
      try {
        const bp = await this.debuggee.cdp.post<{ breakpointId: string; locations: CdpLocation[] }>('Debugger.setBreakpointByUrl', {
          urlRegex, lineNumber: r.line - 1, ...(r.column ? { columnNumber: r.column - 1 } : {}),
        });
        ids.push(bp.breakpointId);
        this.debuggee.registerJsBreakpoint(bp.breakpointId, true);
        const at = bp.locations[0];
        results.push(at
          ? { id: bp.breakpointId, verified: true, line: at.lineNumber + 1, column: (at.columnNumber ?? 0) + 1 }
          : { id: bp.breakpointId, verified: false, message: 'The host has not loaded this file' });
      } catch (error) {
        results.push({ verified: false, message: (error as Error).message });
      }
    }
    return results;
  }

  async clear(file: string): Promise<void> {
    for (const id of this.byFile.get(file) ?? []) {
      this.debuggee.registerJsBreakpoint(id, false);
      await this.debuggee.cdp.post('Debugger.removeBreakpoint', { breakpointId: id }).catch(() => undefined);
    }
    this.byFile.delete(file);
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
