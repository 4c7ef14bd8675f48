// The sources the debuggee has loaded, as DAP `Source`s: for `loadedSources`, `loadedSource`
// events, stack frames and output locations. A script whose url is a file on disk is shown by
// path; anything else (code made at run time, a URL) gets a sourceReference and its text is
// served by the `source` request.
import fs from 'node:fs';
import path from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { ScriptInfo } from '../../../abi/index.js';

interface Entry {
  info: ScriptInfo;
  /** Absolute path when the url names a file; undefined otherwise. */
  file: string | undefined;
}

export class LoadedSources {
  private readonly byId = new Map<number, Entry>();

  /** Records a script; returns the key breakpoints are stored under (its path, or its url). */
  add(info: ScriptInfo): string {
    const file = filePath(info.url);
    this.byId.set(info.id, { info, file });
    return file ?? info.url;
  }

  /** The key (path or url) of a script id. */
  key(id: number): string | undefined {
    const e = this.byId.get(id);
    return e && (e.file ?? e.info.url);
  }

  /** The DAP source of a script; `toClient` converts a debugger path to the client's form. */
  source(id: number, toClient: (p: string) => string): DebugProtocol.Source | undefined {
    const e = this.byId.get(id);
    if (!e) return undefined;
    if (e.file) return { name: path.basename(e.file), path: toClient(e.file) };
    return { name: e.info.url, sourceReference: id, origin: 'loaded by the debuggee' };
  }

  all(toClient: (p: string) => string): DebugProtocol.Source[] {
    return [...this.byId.keys()].map((id) => this.source(id, toClient)!);
  }

  /** The text of a script (for the `source` request). */
  text(id: number): string | undefined {
    const e = this.byId.get(id);
    if (!e) return undefined;
    if (e.info.source !== undefined) return e.info.source;
    try {
      return e.file ? fs.readFileSync(e.file, 'utf8') : undefined;
    } catch {
      return undefined;
    }
  }

  clear(): void {
    this.byId.clear();
  }
}

function filePath(url: string): string | undefined {
  if (url.startsWith('file:')) {
    try {
      return new URL(url).pathname;
    } catch {
      return undefined;
    }
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(url) && !/^[a-z]:[\\/]/i.test(url)) return undefined;
  return path.isAbsolute(url) ? path.resolve(url) : undefined;
}
