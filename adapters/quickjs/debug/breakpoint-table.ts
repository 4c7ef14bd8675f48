// The producer's line and function breakpoints: bound to sites (in original coordinates when the
// script has a source map, SPEC §4.2) and handed to the guest, which arms the functions holding them.
import { AbiError, type BreakpointRequest, type BreakpointResult, type FunctionBreakpointRequest, type FunctionBreakpointResult, type Position } from '../../../abi/index.js';
import type { Site } from '../instrument/instrument.js';
import { bindFunction, guestBreakpoint, siteLocations, type GuestBreakpoint } from './breakpoint-kinds.js';
import type { LoadedScript, ScriptRegistry } from './scripts.js';

/** Hands every breakpoint entry and the functions holding them to the guest; returns compile errors by key. */
export type PushBreakpoints = (all: GuestBreakpoint[], functions: number[]) => Map<string, string>;

export class BreakpointTable {
  private readonly breakpointSites = new Map<number, GuestBreakpoint[]>();
  private functionBreakpoints: FunctionBreakpointRequest[] = [];
  private breakpointGeneration = 0;

  constructor(private readonly scripts: ScriptRegistry, private readonly push: PushBreakpoints) {}

  /** Function breakpoints bind in every script, a new one included (SPEC §4.8). */
  scriptLoaded(): void {
    if (this.functionBreakpoints.length) this.pushBreakpoints();
  }

  setLine(scriptId: number, requests: BreakpointRequest[]): BreakpointResult[] {
    const named = this.scripts.abiScript(scriptId);
    if (!named) return requests.map(() => ({ verified: false, message: `Unknown script ${scriptId}` }));
    const { script, source } = named;
    const entries: GuestBreakpoint[] = [];
    const generation = ++this.breakpointGeneration;
    const results = requests.map((r, i): BreakpointResult => {
      const sites: Site[] = [];
      const result = this.bindOne(script, source, r, sites);
      sites.forEach((site, j) => entries.push(guestBreakpoint(`l${scriptId}.${generation}.${i}.${j}`, script, site, r)));
      return result;
    });
    this.breakpointSites.set(scriptId, entries);
    const errors = this.pushBreakpoints();
    return results.map((r, i) => {
      const error = errors.get(`l${scriptId}.${generation}.${i}.0`);
      return error ? { verified: false, message: `Cannot use this breakpoint: ${error}` } : r;
    });
  }

  private bindOne(script: LoadedScript, source: number | undefined, r: BreakpointRequest, sites: Site[]): BreakpointResult {
    if (source !== undefined) {
      // A breakpoint in an original source binds in original coordinates (sources/original-sources.ts).
      const bound = script.original!.resolve(source, r.line, r.column ?? 1);
      if (!bound) return { verified: false, message: `No statement at or after line ${r.line}` };
      sites.push(...bound.sites);
      const { line, column } = bound.position;
      return { verified: true, line, column, message: line !== r.line ? `Moved to line ${line}, the next statement` : undefined };
    }
    const site = this.scripts.resolve(script, r.line, r.column ?? 1);
    if (!site) return { verified: false, message: `No statement at or after line ${r.line}` };
    sites.push(site);
    const moved = site.line !== r.line;
    return { verified: true, line: site.line, column: site.column, message: moved ? `Moved to line ${site.line}, the next statement` : undefined };
  }

  /** Hands every line and function breakpoint to the guest; returns compile errors by key. */
  private pushBreakpoints(): Map<string, string> {
    const all = [...this.breakpointSites.values()].flat();
    this.functionBreakpoints.forEach((r, i) => {
      for (const { script, site } of bindFunction(this.scripts, r)) all.push(guestBreakpoint(`f${i}.${site.id}`, script, site, r, true));
    });
    const fns = [...new Set(all.map((b) => this.scripts.site(b.site)!.site.fn))];
    return this.push(all, fns);
  }

  setFunction(requests: FunctionBreakpointRequest[]): FunctionBreakpointResult[] {
    this.functionBreakpoints = requests;
    const errors = this.pushBreakpoints();
    return requests.map((r, i): FunctionBreakpointResult => {
      const bound = bindFunction(this.scripts, r);
      const error = bound.map(({ site }) => errors.get(`f${i}.${site.id}`)).find((e) => e !== undefined);
      if (error) return { verified: false, locations: [], message: `Cannot use this breakpoint: ${error}` };
      const locations = bound.map(({ script, site }) => this.scripts.position(script, site.line, site.column));
      return bound.length
        ? { verified: true, locations }
        : { verified: false, locations, message: `No function named ${r.name} in the loaded scripts (yet)` };
    });
  }

  locations(scriptId: number, startLine: number, endLine: number): Position[] {
    const named = this.scripts.abiScript(scriptId);
    if (!named) throw new AbiError({ message: `Unknown script ${scriptId}` });
    if (named.source !== undefined) {
      // An original source: its valid positions are the sites that map into it.
      const out: Position[] = [];
      for (let line = startLine; line <= endLine && line - startLine < 10_000; line++) {
        const bound = named.script.original!.resolve(named.source, line, 1);
        if (bound && bound.position.line === line) out.push({ script: scriptId, line, column: bound.position.column });
      }
      return out;
    }
    return siteLocations(named.script, startLine, endLine).map((p) => ({ script: scriptId, ...p }));
  }
}
