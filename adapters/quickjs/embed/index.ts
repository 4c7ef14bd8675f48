// Embedding apps: a Node program that runs QuickJS itself is launched under node with the embed
// hook preloaded (hook.ts) instead of running in nestdbg's own QuickJS debuggee.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The module the debuggee preloads (after the agent) to debug what the app evaluates in QuickJS. */
export const EMBED_HOOK = fileURLToPath(new URL('./hook.js', import.meta.url));

/**
 * Is `program` a Node app rather than a QuickJS program? `.cjs` always; `.mjs` when it imports
 * quickjs-emscripten (a `.mjs` that does not is an ES module program run in QuickJS); any of
 * `.js`/`.mjs`/`.cjs` that imports the opt-in API `nestdbg/quickjs`.
 */
export function isEmbeddingApp(program: string): boolean {
  if (/\.cjs$/i.test(program)) return true;
  if (!/\.m?js$/i.test(program)) return false;
  let text: string;
  try {
    text = fs.readFileSync(program, 'utf8');
  } catch {
    return false;
  }
  if (/['"]nestdbg\/quickjs['"]/.test(text)) return true;
  return /\.mjs$/i.test(program) && /['"](?:quickjs-emscripten(?:-core)?|@jitl\/quickjs-[\w-]+)['"]/.test(text);
}
