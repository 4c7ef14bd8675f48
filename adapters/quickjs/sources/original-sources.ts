// A script's original sources (TypeScript, say) seen through its input source map. The producer
// keeps running and tracking positions in the loaded JavaScript (the instrumenter's own
// coordinates) and translates at the ABI boundary: every position it reports, and every
// breakpoint it binds, is in the original source (SPEC §3.3), one ABI script per original
// source (SPEC §3.5).
import { SourceMapGenerator } from 'source-map';
import type { Site } from '../instrument/instrument.js';
import type { InputMap } from './input-map.js';
import { decodeMappings, MappingIndex } from './mappings.js';

/** A position in an original source; 1-based line and column. */
export interface OriginalPosition {
  source: number;
  line: number;
  column: number;
}

export interface OriginalSource {
  /** Absolute path or URL. */
  url: string;
  text: string | undefined;
}

export class OriginalSources {
  readonly sources: OriginalSource[];
  private readonly index: MappingIndex;
  /** Site id -> its original position (only sites that map). */
  private readonly sitePositions = new Map<number, OriginalPosition>();

  constructor(input: InputMap, private readonly sites: readonly Site[], private readonly instrumenterMap: string) {
    this.sources = input.sources.map((url, i) => ({ url, text: input.contents[i] }));
    this.index = new MappingIndex(decodeMappings(input.map.mappings));
    for (const s of sites) {
      const p = this.toOriginal(s.line, s.column);
      if (p) this.sitePositions.set(s.id, p);
    }
  }

  /**
   * Maps a 1-based position in the loaded JavaScript; undefined where it maps to nothing, or to a
   * source that cannot be found (that code is debugged in the loaded JavaScript itself).
   */
  toOriginal(line: number, column: number): OriginalPosition | undefined {
    const m = this.index.lookup(line, column - 1);
    return m && this.sources[m.source]?.text !== undefined ? { source: m.source, line: m.line, column: m.column + 1 } : undefined;
  }

  /** Sources that at least one mapping points into and that exist, in map order. */
  usedSources(): number[] {
    const used = new Set(this.index.mappings.map((m) => m.source));
    return this.sources.map((_, i) => i).filter((i) => used.has(i) && this.sources[i].text !== undefined);
  }

  /** Some mappings point into a source that cannot be found: the loaded JavaScript is shown for them. */
  missesSources(): boolean {
    return this.index.mappings.some((m) => this.sources[m.source]?.text === undefined);
  }

  /**
   * Where a breakpoint at (line, column) of source `source` binds (SPEC §4.2, in original
   * coordinates): the first site position at or after it, and every site at that position.
   */
  resolve(source: number, line: number, column = 1): { position: OriginalPosition; sites: Site[] } | undefined {
    let best: OriginalPosition | undefined;
    let sites: Site[] = [];
    for (const s of this.sites) {
      const p = this.sitePositions.get(s.id);
      if (!p || p.source !== source || s.kind === 'catch') continue; // catch sites: exception stops only
      if (p.line < line || (p.line === line && p.column < column)) continue;
      const cmp = best ? p.line - best.line || p.column - best.column : -1;
      if (cmp < 0) {
        best = p;
        sites = [s];
      } else if (cmp === 0) sites.push(s);
    }
    return best && { position: best, sites };
  }

  /** A map from the instrumented code to one original source: the instrumenter's map composed with the input map. */
  composedMap(source: number, file: string): string {
    const gen = new SourceMapGenerator({ file });
    const url = this.sources[source].url;
    const text = this.sources[source].text;
    if (text !== undefined) gen.setSourceContent(url, text);
    for (const m of decodeMappings(JSON.parse(this.instrumenterMap).mappings)) {
      const p = this.index.lookup(m.line, m.column);
      if (!p || p.source !== source) continue;
      gen.addMapping({ source: url, generated: { line: m.genLine, column: m.genColumn }, original: { line: p.line, column: p.column } });
    }
    return gen.toString();
  }
}
