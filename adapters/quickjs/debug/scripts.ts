// The scripts a QuickJS producer has loaded, with their instrumentation and sites.
import { instrumentScript, type FunctionInfo, type InstrumentedScript, type Site } from '../instrument/instrument.js';
import type { InputMap } from '../sources/input-map.js';
import { OriginalSources } from '../sources/original-sources.js';

export interface LoadedScript {
  id: number;
  url: string;
  source: string;
  instrumented: InstrumentedScript;
  firstSite: number;
  module?: boolean;
  /** With an input source map: the original sources, each announced as its own ABI script. */
  original?: OriginalSources;
  /** ABI script id of each original source (undefined for a source no mapping points into). */
  originalIds?: Array<number | undefined>;
}

/** What an ABI script id names: a loaded script itself, or one original source of it. */
export interface AbiScript {
  script: LoadedScript;
  source?: number;
}

export class ScriptRegistry {
  private readonly scripts: LoadedScript[] = [];
  private readonly urls = new Map<string, LoadedScript>();
  private nextSite = 0;
  private nextFunction = 0;
  private readonly ids = new Map<number, AbiScript>();

  /** `newId`: ABI script ids; registries of several contexts debugged together share one counter. */
  constructor(private readonly newId: () => number = counter()) {}

  /** Instruments and registers a script. Throws InstrumentError on a syntax error. */
  load(url: string, source: string, options: { module?: boolean; inputMap?: InputMap; swap?: boolean } = {}): LoadedScript {
    const instrumented = instrumentScript(source, {
      url, firstSiteId: this.nextSite, firstFunctionId: this.nextFunction, module: options.module, swap: options.swap,
    });
    const script: LoadedScript = { id: this.newId(), url, source, instrumented, firstSite: this.nextSite, module: options.module };
    this.ids.set(script.id, { script });
    if (options.inputMap && options.inputMap.map.mappings.length > 0) {
      const original = new OriginalSources(options.inputMap, instrumented.sites, instrumented.sourceMap);
      script.original = original;
      script.originalIds = original.sources.map(() => undefined);
      for (const i of original.usedSources()) {
        const id = this.newId();
        script.originalIds[i] = id;
        this.ids.set(id, { script, source: i });
      }
    }
    this.nextSite += instrumented.sites.length;
    this.nextFunction += instrumented.functions.length;
    this.scripts.push(script);
    this.urls.set(url, script);
    return script;
  }

  /** The loaded script an ABI id names (for an original source: the script it maps from). */
  get(id: number): LoadedScript | undefined {
    return this.ids.get(id)?.script;
  }

  /** What an ABI script id names. */
  abiScript(id: number): AbiScript | undefined {
    return this.ids.get(id);
  }

  /** An ABI position for a 1-based position in a loaded script's code: original when it has a map. */
  position(script: LoadedScript, line: number, column: number): { script: number; line: number; column: number } {
    const p = script.original?.toOriginal(line, column);
    const id = p && script.originalIds?.[p.source];
    if (p && id !== undefined) return { script: id, line: p.line, column: p.column };
    return { script: script.id, line, column };
  }

  byUrl(url: string): LoadedScript | undefined {
    return this.urls.get(url);
  }

  all(): readonly LoadedScript[] {
    return this.scripts;
  }

  site(siteId: number): { script: LoadedScript; site: Site } | undefined {
    let lo = 0;
    let hi = this.scripts.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = this.scripts[mid];
      if (siteId < s.firstSite) hi = mid - 1;
      else if (siteId >= s.firstSite + s.instrumented.sites.length) lo = mid + 1;
      else return { script: s, site: s.instrumented.sites[siteId - s.firstSite] };
    }
    return undefined;
  }

  /** The first site at or after `line` (and `column` on that line): where a breakpoint binds. */
  resolve(script: LoadedScript, line: number, column = 1): Site | undefined {
    let best: Site | undefined;
    for (const s of script.instrumented.sites) {
      if (s.kind === 'catch') continue; // exception stops only, not a breakpoint position
      if (s.line < line || (s.line === line && s.column < column)) continue;
      if (!best || s.line < best.line || (s.line === best.line && s.column < best.column)) best = s;
    }
    return best;
  }

  /** Every name declared at the top level of any loaded script: the program's own globals. */
  declaredGlobals(): string[] {
    return [...new Set(this.scripts.flatMap((s) => s.instrumented.topLevelNames))];
  }
}

/** `l1:c1` comes before `l2:c2`. */
export const before = (l1: number, c1: number, l2: number, c2: number) => l1 < l2 || (l1 === l2 && c1 < c2);

/** The innermost function (or the top level) holding a 1-based position: the latest-starting one that contains it. */
export function functionAt(script: LoadedScript, line: number, column: number): FunctionInfo {
  const { functions } = script.instrumented;
  let fn = functions[0];
  for (const g of functions) {
    if (before(line, column, g.line, g.column) || !before(line, column, g.endLine, g.endColumn)) continue;
    if (before(fn.line, fn.column, g.line, g.column) || fn === functions[0]) fn = g;
  }
  return fn;
}

/** Numbers 1, 2, 3, …: script ids. */
export function counter(): () => number {
  let next = 1;
  return () => next++;
}
