// The guest-side scripts (adapters/quickjs/guest/*.js), read from the package at run time.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

// This module runs from dist/adapters/quickjs; the guest scripts stay in the source tree.
const guestDir = fileURLToPath(new URL('../../../adapters/quickjs/guest/', import.meta.url));
const cache = new Map<string, string>();

export function guestScript(name: 'environment' | 'debug-runtime' | 'values' | 'inspection' | 'internals' | 'breakpoints' | 'source-text' | 'swaps'): { code: string; filename: string } {
  let code = cache.get(name);
  if (code === undefined) {
    code = fs.readFileSync(guestDir + name + '.js', 'utf8');
    cache.set(name, code);
  }
  return { code, filename: `nestdbg:${name}` };
}
