// Source maps of the host's own scripts (an embedding app written in TypeScript, say): V8 runs the
// generated .js and reports each script's `sourceMapURL`; this maps its positions to the original
// files and back, so host frames show the .ts and .ts breakpoints bind in the .js. Only the app's
// own files are considered: node_modules and Node's internals are not the user's code.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SourceMapConsumer, type RawSourceMap } from 'source-map';

export interface HostScript {
  scriptId: string;
  url: string;
  sourceMapURL: string;
}

/** A position in a file: path absolute, line and column 1-based. */
export interface OriginalPosition {
  path: string;
  line: number;
  column: number;
}

/** A position in a generated script V8 runs: 0-based, as CDP counts. */
export interface GeneratedPosition {
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface LoadedMap {
  consumer: SourceMapConsumer;
  /** The map's sources as the consumer names them (absolute URLs), and as absolute paths. */
  sources: string[];
  paths: string[];
  /** Per source (index in `sources`): the original lines (1-based) that have code, ascending. */
  lines: number[][];
}

export class HostSourceMaps {
  private readonly scripts = new Map<string, HostScript>();
  private readonly maps = new Map<string, Promise<LoadedMap | undefined>>();

  /** Whether a script V8 reported may have a map of the app's own. */
  static isAppScript(url: string, sourceMapURL: string | undefined): boolean {
    return !!sourceMapURL && url.startsWith('file:') && !url.includes('/node_modules/');
  }

  /** Records a parsed script; returns whether it carries a map worth loading. */
  add(script: HostScript): boolean {
    if (!HostSourceMaps.isAppScript(script.url, script.sourceMapURL)) return false;
    this.scripts.set(script.scriptId, script);
    return true;
  }

  has(scriptId: string): boolean {
    return this.scripts.has(scriptId);
  }

  /** The original position of a generated one (CDP 0-based), or undefined when unmapped. */
  async original(scriptId: string, lineNumber: number, columnNumber: number): Promise<OriginalPosition | undefined> {
    const map = await this.load(scriptId);
    if (!map) return undefined;
    const p = map.consumer.originalPositionFor({ line: lineNumber + 1, column: columnNumber, bias: SourceMapConsumer.GREATEST_LOWER_BOUND });
    if (p.source === null || p.line === null) return undefined;
    return { path: toPath(p.source), line: p.line, column: (p.column ?? 0) + 1 };
  }

  /**
   * Where an original line (1-based) runs, in every loaded script whose map has that file: the
   * first mapping on the line, or on the next line that has code (a breakpoint on a comment or a
   * type moves down, as in js-debug).
   */
  async generated(path: string, line: number): Promise<GeneratedPosition[]> {
    const out: GeneratedPosition[] = [];
    for (const script of this.scripts.values()) {
      const map = await this.load(script.scriptId);
      const index = map ? map.paths.indexOf(path) : -1;
      if (!map || index < 0) continue;
      const codeLine = map.lines[index].find((l) => l >= line);
      if (codeLine === undefined) continue;
      const candidates = map.consumer.allGeneratedPositionsFor({ source: map.sources[index], line: codeLine, column: 0 })
        .filter((g) => g.line !== null && g.column !== null)
        .sort((a, b) => a.line! - b.line! || a.column! - b.column!);
      const first = candidates[0];
      if (first) out.push({ url: script.url, lineNumber: first.line! - 1, columnNumber: first.column! });
    }
    return out;
  }

  /** Whether any loaded map has this original file. */
  async knows(path: string): Promise<boolean> {
    for (const script of this.scripts.values()) if ((await this.load(script.scriptId))?.paths.includes(path)) return true;
    return false;
  }

  private load(scriptId: string): Promise<LoadedMap | undefined> {
    let map = this.maps.get(scriptId);
    if (!map) {
      const script = this.scripts.get(scriptId);
      map = script ? readMap(script).catch(() => undefined) : Promise.resolve(undefined);
      this.maps.set(scriptId, map);
    }
    return map;
  }
}

async function readMap(script: HostScript): Promise<LoadedMap> {
  const ref = script.sourceMapURL;
  let text: string;
  let mapUrl: string;
  if (ref.startsWith('data:')) {
    const comma = ref.indexOf(',');
    const body = ref.slice(comma + 1);
    text = ref.slice(5, comma).endsWith(';base64') ? Buffer.from(body, 'base64').toString('utf8') : decodeURIComponent(body);
    mapUrl = script.url;
  } else {
    mapUrl = new URL(ref, script.url).href;
    text = fs.readFileSync(fileURLToPath(mapUrl), 'utf8');
  }
  // With the map's URL, the consumer resolves `sources` (and sourceRoot) to absolute URLs.
  const consumer = await new SourceMapConsumer(JSON.parse(text) as RawSourceMap, mapUrl);
  const sources = (consumer as unknown as { sources: string[] }).sources;
  const lineSets = sources.map(() => new Set<number>());
  const byName = new Map(sources.map((src, i) => [src, i]));
  consumer.eachMapping((m) => {
    const i = m.source === null ? undefined : byName.get(m.source);
    if (i !== undefined && m.originalLine !== null) lineSets[i].add(m.originalLine);
  });
  return { consumer, sources, paths: sources.map(toPath), lines: lineSets.map((set) => [...set].sort((a, b) => a - b)) };
}

function toPath(source: string): string {
  return source.startsWith('file:') ? fileURLToPath(source) : source;
}
