// Finds the source map a script comes with (`//# sourceMappingURL=`: a data: URL or a file next to
// the script) and resolves its sources to absolute paths with their text.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RawSourceMap } from './mappings.js';

export interface InputMap {
  map: RawSourceMap;
  /** Absolute path (or URL) of each entry of `map.sources`. */
  sources: string[];
  /** The text of each source: `sourcesContent`, else the file; undefined when neither exists. */
  contents: Array<string | undefined>;
}

// The last sourceMappingURL comment wins (a bundler may have left earlier ones in the text).
const COMMENT = /(?:\/\/[#@]|\/\*[#@])\s*sourceMappingURL=([^\s'"*]+)\s*(?:\*\/)?\s*$/gm;

export function sourceMappingUrl(code: string): string | undefined {
  let last: string | undefined;
  for (const m of code.matchAll(COMMENT)) last = m[1];
  return last;
}

/**
 * The script's input map, or undefined when it has none (or it, or all of its sources, cannot be
 * read or parsed). Sources that cannot be found keep an undefined text, with a warning naming them.
 */
export function readInputMap(scriptUrl: string, code: string, warn: (message: string) => void = () => {}): InputMap | undefined {
  const ref = sourceMappingUrl(code);
  if (!ref) return undefined;
  const scriptDir = path.dirname(toPath(scriptUrl));
  let text: string;
  let mapDir = scriptDir;
  try {
    if (ref.startsWith('data:')) {
      const comma = ref.indexOf(',');
      const meta = ref.slice(5, comma);
      const body = ref.slice(comma + 1);
      text = meta.endsWith(';base64') ? Buffer.from(body, 'base64').toString('utf8') : decodeURIComponent(body);
    } else {
      const file = ref.startsWith('file:') ? fileURLToPath(ref) : path.resolve(scriptDir, decodeURIComponent(ref));
      text = fs.readFileSync(file, 'utf8');
      mapDir = path.dirname(file);
    }
  } catch (e) {
    warn(`cannot read the source map of ${scriptUrl}: ${(e as Error).message}`);
    return undefined;
  }
  let map: RawSourceMap;
  try {
    map = JSON.parse(text) as RawSourceMap;
    if (map.version !== 3 || !Array.isArray(map.sources) || typeof map.mappings !== 'string') throw new Error('not a version 3 source map');
  } catch (e) {
    warn(`ignoring the source map of ${scriptUrl}: ${(e as Error).message}`);
    return undefined;
  }
  const root = map.sourceRoot ?? '';
  const sources = map.sources.map((s) => resolveSource(mapDir, root, s ?? ''));
  const contents = sources.map((file, i) => {
    const inline = map.sourcesContent?.[i];
    if (typeof inline === 'string') return inline;
    try {
      return fs.readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  });
  // A map whose sources are all missing (no file, no sourcesContent) would send every stop and
  // breakpoint to files nobody can open: debug the generated JavaScript instead, as if it had none.
  if (sources.length > 0 && contents.every((c) => c === undefined)) {
    warn(`ignoring the source map of ${scriptUrl}: its sources cannot be found (${sources.join(', ')}); debugging the generated code`);
    return undefined;
  }
  // Some missing: the code mapped to them is debugged in the generated script (original-sources.ts).
  const missing = sources.filter((_, i) => contents[i] === undefined);
  if (missing.length > 0) {
    warn(`the source map of ${scriptUrl} names sources that cannot be found (${missing.join(', ')}); their code is debugged in the generated script`);
  }
  return { map, sources, contents };
}

function resolveSource(mapDir: string, root: string, source: string): string {
  if (source.startsWith('file:')) return fileURLToPath(source);
  if (/^[a-z][a-z0-9+.-]*:/i.test(source) && !/^[a-z]:[\\/]/i.test(source)) return source; // another URL scheme
  const joined = root ? (root.endsWith('/') ? root + source : `${root}/${source}`) : source;
  if (joined.startsWith('file:')) return fileURLToPath(joined);
  return path.resolve(mapDir, joined);
}

function toPath(url: string): string {
  return url.startsWith('file:') ? fileURLToPath(url) : url;
}
