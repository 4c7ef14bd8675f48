// Preloaded (`node --import`) into a Node program that embeds quickjs-emscripten itself, after the
// agent: patches the QuickJSContext classes the app can load (patch.ts), so every script its
// contexts evaluate is debuggable with no change to the app. The runtime knows nothing of this:
// the DAP adapter asks for the hook (adapters/dap/debuggee-process.ts) and the agent only sees a
// producer attach. Apps whose copy of quickjs-emscripten this cannot find use `debuggable` (api.ts).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { isMainThread } from 'node:worker_threads';
import { patchContextClass, type ContextClass } from './patch.js';

// The agent may be preloaded after this module: it is looked up at the first evalCode.
if (isMainThread) await install();

async function install(): Promise<void> {
  const patchModule = (mod: { QuickJSContext?: ContextClass }) => {
    if (mod.QuickJSContext) patchContextClass(mod.QuickJSContext);
  };
  // The copy nestdbg itself resolves (ESM and CommonJS builds are different classes)…
  patchModule(await import('quickjs-emscripten-core'));
  const require = createRequire(import.meta.url);
  patchModule(require('quickjs-emscripten-core'));
  // …and the one the app resolves, when it has its own.
  const app = process.argv[1];
  if (app) {
    try {
      const appRequire = createRequire(path.resolve(app));
      const resolved = appRequire.resolve('quickjs-emscripten-core');
      patchModule(appRequire('quickjs-emscripten-core'));
      const esm = resolved.replace(/index\.js$/, 'index.mjs');
      if (esm !== resolved && fs.existsSync(esm)) patchModule(await import(pathToFileURL(esm).href));
    } catch {
      // the app does not resolve it from its own directory: the repo's copy is the one
    }
  }
}
