// Line breakpoints in the host's own code (the embedding app's files), set through V8's Debugger
// domain by URL, so a file the host has not loaded yet binds when it does (V8 reports that with
// `breakpointResolved`). A breakpoint in an original file of a source-mapped host script (a .ts)
// is bound at the generated positions of every app script whose map has that file, including
// scripts parsed later: V8 pauses before running a script with a source map
// (beforeMappedScript), so they bind before its first line runs. Each request keeps one id of
// ours whatever V8 ids it gets; a hit pauses V8 with the `js-breakpoint` event.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { WasmDebuggee } from './debuggee.js';
import type { HostScript, HostSourceMaps } from './host-source-maps.js';

export interface HostBreakpointRequest {
  /** 1-based. */
  line: number;
  column?: number;
}

export interface HostBreakpointResult {
  /** Our id for this breakpoint: what `js-breakpoint` pauses and resolutions report. */
  id?: string;
  /** Bound in a script V8 has loaded. */
  verified: boolean;
  /** Where V8 bound it (1-based, in the file the breakpoint was set in): the next breakable position. */
  line?: number;
  column?: number;
  message?: string;
}

/** A breakpoint that bound after it was set (its script loaded). */
export interface HostBreakpointResolution {
  id: string;
  line: number;
  column: number;
}

interface CdpLocation { scriptId: string; lineNumber: number; columnNumber?: number }

interface Entry {
  id: string;
  file: string;
  line: number;
  column?: number;
  v8Ids: string[];
  /** Generated scripts (URLs) this original-file breakpoint is bound in. */
  boundUrls: Set<string>;
  verified: boolean;
}

/** Files V8 runs as they are; anything else (.ts...) binds only through a source map. */
const RUNNABLE = new Set(['.js', '.mjs', '.cjs']);

export class HostBreakpoints {
  private readonly byFile = new Map<string, Entry[]>();
  private readonly byV8Id = new Map<string, Entry>();
  private nextId = 1;

  constructor(
    private readonly debuggee: WasmDebuggee,
    private readonly maps: HostSourceMaps,
    private readonly onResolved: (resolution: HostBreakpointResolution) => void,
  ) {
    debuggee.cdp.on('Debugger.breakpointResolved', (p: { breakpointId: string; location: CdpLocation }) => void this.resolved(p.breakpointId, p.location));
  }

  /** How many breakpoints are set, bound or not (one may bind when its file loads). */
  get count(): number {
    let n = 0;
    for (const entries of this.byFile.values()) n += entries.length;
    return n;
  }

  /** Replaces the breakpoints of one file (an absolute path). */
  async set(file: string, requests: HostBreakpointRequest[]): Promise<HostBreakpointResult[]> {
    await this.clear(file);
    const entries: Entry[] = [];
    this.byFile.set(file, entries);
    const results: HostBreakpointResult[] = [];
    for (const r of requests) {
      if (!Number.isInteger(r.line) || r.line < 1) {
        results.push({ verified: false, message: `bad line ${r.line}` });
        continue;
      }
      const entry: Entry = { id: `host-${this.nextId++}`, file, line: r.line, column: r.column, v8Ids: [], boundUrls: new Set(), verified: false };
      entries.push(entry);
      try {
        const runnable = RUNNABLE.has(path.extname(file).toLowerCase());
        const at = runnable ? await this.bindDirect(entry) : await this.bindMapped(entry, undefined);
        results.push(at
          ? { id: entry.id, verified: true, line: at.line, column: at.column }
          : { id: entry.id, verified: false, message: await this.unboundReason(file, runnable) });
      } catch (error) {
        results.push({ id: entry.id, verified: false, message: (error as Error).message });
      }
    }
    return results;
  }

  async clear(file: string): Promise<void> {
    for (const entry of this.byFile.get(file) ?? []) {
      for (const id of entry.v8Ids) {
        this.byV8Id.delete(id);
        this.debuggee.registerJsBreakpoint(id, false);
        await this.debuggee.cdp.post('Debugger.removeBreakpoint', { breakpointId: id }).catch(() => undefined);
      }
    }
    this.byFile.delete(file);
  }

  /** Our ids for the V8 breakpoints a pause hit. */
  idsOf(v8Ids: readonly string[]): string[] {
    return [...new Set(v8Ids.flatMap((id) => (this.byV8Id.has(id) ? [this.byV8Id.get(id)!.id] : [])))];
  }

  /** A source-mapped app script is about to run: bind the original-file breakpoints its map covers. */
  async scriptWithSourceMap(script: HostScript): Promise<void> {
    if (!this.maps.add(script)) return;
    for (const entries of this.byFile.values()) {
      for (const entry of entries) {
        if (RUNNABLE.has(path.extname(entry.file).toLowerCase())) continue;
        const wasVerified = entry.verified;
        const at = await this.bindMapped(entry, script.url).catch(() => undefined);
        if (at && !wasVerified) this.onResolved({ id: entry.id, ...at });
      }
    }
  }

  /** Why a breakpoint did not bind: it binds later all the same, if a script with code there loads. */
  private async unboundReason(file: string, runnable: boolean): Promise<string> {
    if (runnable) return 'The host has not loaded this file (yet)';
    if (await this.maps.knows(file)) return 'No code at or after this line in the scripts loaded so far';
    return 'No script the host has loaded maps this file (yet): it binds when one whose source map includes it loads';
  }

  /** By the file's URL (ES modules report file:// URLs, CommonJS modules in some Node versions plain paths). */
  private async bindDirect(entry: Entry): Promise<{ line: number; column: number } | undefined> {
    const urlRegex = `^(?:${escape(pathToFileURL(entry.file).href)}|${escape(entry.file)})$`;
    const locations = await this.setByUrl(entry, { urlRegex, lineNumber: entry.line - 1, ...(entry.column ? { columnNumber: entry.column - 1 } : {}) });
    const at = locations[0];
    if (!at) return undefined;
    entry.verified = true;
    return { line: at.lineNumber + 1, column: (at.columnNumber ?? 0) + 1 };
  }

  /** At the generated positions of the original line, in the loaded scripts (or just `onlyUrl`) whose maps have the file. */
  private async bindMapped(entry: Entry, onlyUrl: string | undefined): Promise<{ line: number; column: number } | undefined> {
    let bound: { line: number; column: number } | undefined;
    for (const g of await this.maps.generated(entry.file, entry.line)) {
      if ((onlyUrl !== undefined && g.url !== onlyUrl) || entry.boundUrls.has(g.url)) continue;
      entry.boundUrls.add(g.url);
      const locations = await this.setByUrl(entry, { url: g.url, lineNumber: g.lineNumber, columnNumber: g.columnNumber });
      const at = locations[0] ? await this.maps.original(locations[0].scriptId, locations[0].lineNumber, locations[0].columnNumber ?? 0) : undefined;
      bound ??= at && at.path === entry.file ? { line: at.line, column: at.column } : { line: entry.line, column: 1 };
    }
    if (bound) entry.verified = true;
    return bound;
  }

  private async setByUrl(entry: Entry, params: object): Promise<CdpLocation[]> {
    const bp = await this.debuggee.cdp.post<{ breakpointId: string; locations: CdpLocation[] }>('Debugger.setBreakpointByUrl', params);
    entry.v8Ids.push(bp.breakpointId);
    this.byV8Id.set(bp.breakpointId, entry);
    this.debuggee.registerJsBreakpoint(bp.breakpointId, true);
    return bp.locations;
  }

  /** A by-URL breakpoint bound in a script V8 just parsed. */
  private async resolved(v8Id: string, location: CdpLocation): Promise<void> {
    const entry = this.byV8Id.get(v8Id);
    if (!entry || entry.verified) return;
    entry.verified = true;
    const original = RUNNABLE.has(path.extname(entry.file).toLowerCase())
      ? undefined : await this.maps.original(location.scriptId, location.lineNumber, location.columnNumber ?? 0);
    this.onResolved(original
      ? { id: entry.id, line: original.line, column: original.column }
      : { id: entry.id, line: location.lineNumber + 1, column: (location.columnNumber ?? 0) + 1 });
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
