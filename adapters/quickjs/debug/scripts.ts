// The scripts a QuickJS producer has loaded, with their instrumentation and sites.
import { instrumentScript, type InstrumentedScript, type Site } from '../instrument/instrument.js';

export interface LoadedScript {
  id: number;
  url: string;
  source: string;
  instrumented: InstrumentedScript;
  firstSite: number;
}

export class ScriptRegistry {
  private readonly scripts: LoadedScript[] = [];
  private readonly urls = new Map<string, LoadedScript>();
  private nextSite = 0;
  private nextFunction = 0;

  /** Instruments and registers a script. Throws InstrumentError on a syntax error. */
  load(url: string, source: string): LoadedScript {
    const instrumented = instrumentScript(source, { url, firstSiteId: this.nextSite, firstFunctionId: this.nextFunction });
    const script: LoadedScript = { id: this.scripts.length + 1, url, source, instrumented, firstSite: this.nextSite };
    this.nextSite += instrumented.sites.length;
    this.nextFunction += instrumented.functions.length;
    this.scripts.push(script);
    this.urls.set(url, script);
    return script;
  }

  get(id: number): LoadedScript | undefined {
    return this.scripts[id - 1];
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
