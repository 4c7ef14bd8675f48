// Synchronous Source Map v3 (ECMA-426) decoding and lookup. The `source-map` package's consumer is
// async (it loads Wasm), but the producer meets maps inside synchronous host calls (a module
// loader, an embedding app's evalCode), so it decodes mappings itself: a VLQ decoder is small.
// Emitting maps still goes through `source-map`'s SourceMapGenerator.

export interface RawSourceMap {
  version: number;
  file?: string;
  sourceRoot?: string;
  sources: Array<string | null>;
  sourcesContent?: Array<string | null>;
  names?: string[];
  mappings: string;
}

/** One mapping; lines 1-based, columns 0-based (as `source-map` does). */
export interface Mapping {
  genLine: number;
  genColumn: number;
  source: number;
  line: number;
  column: number;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DIGIT = new Int8Array(128).fill(-1);
for (let i = 0; i < BASE64.length; i++) DIGIT[BASE64.charCodeAt(i)] = i;

/** Decodes `mappings` into mappings sorted by generated position; segments without a source are dropped. */
export function decodeMappings(mappings: string): Mapping[] {
  const out: Mapping[] = [];
  let genLine = 1;
  let source = 0;
  let line = 0;
  let column = 0;
  let i = 0;
  const fields: number[] = [];
  let genColumn = 0;
  while (i <= mappings.length) {
    const c = mappings.charCodeAt(i);
    if (i === mappings.length || c === 59 /* ; */ || c === 44 /* , */) {
      if (fields.length > 0) {
        genColumn += fields[0];
        if (fields.length >= 4) {
          source += fields[1];
          line += fields[2];
          column += fields[3];
          out.push({ genLine, genColumn, source, line: line + 1, column });
        }
        fields.length = 0;
      }
      if (c === 59) {
        genLine++;
        genColumn = 0;
      }
      i++;
      continue;
    }
    // One base64 VLQ value.
    let value = 0;
    let shift = 0;
    for (;;) {
      const digit = DIGIT[mappings.charCodeAt(i++)] ?? -1;
      if (digit < 0) throw new Error(`invalid source map: bad VLQ digit at ${i - 1}`);
      value += (digit & 31) * 2 ** shift;
      shift += 5;
      if ((digit & 32) === 0) break;
    }
    fields.push(value & 1 ? -Math.floor(value / 2) : Math.floor(value / 2));
  }
  out.sort((a, b) => a.genLine - b.genLine || a.genColumn - b.genColumn);
  return out;
}

/** Generated → original lookups over a decoded map. */
export class MappingIndex {
  /** Mappings per generated line (index = line - 1), sorted by column. */
  private readonly byLine: Mapping[][] = [];

  constructor(readonly mappings: Mapping[]) {
    for (const m of mappings) (this.byLine[m.genLine - 1] ??= []).push(m);
  }

  /**
   * The mapping covering a generated position (1-based line, 0-based column): the last one at or
   * before it on its line; else the first one on the line; else the nearest earlier line's last;
   * else the first mapping of all.
   */
  lookup(genLine: number, genColumn: number): Mapping | undefined {
    const line = this.byLine[genLine - 1];
    if (line && line.length > 0) {
      let lo = 0;
      let hi = line.length - 1;
      let best = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (line[mid].genColumn <= genColumn) {
          best = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      return line[Math.max(best, 0)];
    }
    for (let l = genLine - 2; l >= 0; l--) {
      const prev = this.byLine[l];
      if (prev && prev.length > 0) return prev[prev.length - 1];
    }
    return this.mappings[0];
  }
}
