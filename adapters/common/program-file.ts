// Reading the program a producer runs: shared by every producer's `run` path.
import fs from 'node:fs';
import path from 'node:path';

/** The program's absolute path and text; reports on stderr and returns undefined when unreadable. */
export function readProgram(file: string): { url: string; source: string } | undefined {
  const url = path.resolve(file);
  try {
    return { url, source: fs.readFileSync(url, 'utf8') };
  } catch (e) {
    process.stderr.write(`nestdbg: cannot read ${url}: ${(e as Error).message}\n`);
    return undefined;
  }
}
