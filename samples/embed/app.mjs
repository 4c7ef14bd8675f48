// A tiny plugin host: a Node program that embeds QuickJS-in-Wasm itself (quickjs-emscripten),
// loads every plugin in ./plugins into one context with `ctx.evalCode(source, filename)`, and
// calls each plugin's `run`. Launch it with nestdbg (`"program": "samples/embed/app.mjs"`) and the
// plugin scripts are debuggable: breakpoints, stepping, variables.
// It imports quickjs-emscripten-core and the release-sync variant from the repository's own
// node_modules (both are dependencies of nestdbg), so there is one copy of the library.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { newQuickJSWASMModuleFromVariant } from 'quickjs-emscripten-core';
import variant from '@jitl/quickjs-wasmfile-release-sync';

const here = path.dirname(fileURLToPath(import.meta.url));
const QuickJS = await newQuickJSWASMModuleFromVariant(variant);
const runtime = QuickJS.newRuntime();
const ctx = runtime.newContext();

// The host API plugins see: log(text) and a registry they add themselves to.
const log = ctx.newFunction('log', (text) => { console.log(`[plugin] ${ctx.getString(text)}`); });
ctx.setProp(ctx.global, 'log', log);
log.dispose();
ctx.unwrapResult(ctx.evalCode('globalThis.plugins = [];', 'host-setup.js')).dispose();

const dir = path.join(here, 'plugins');
for (const name of fs.readdirSync(dir).filter((f) => f.endsWith('.js')).sort()) {
  const filename = path.join(dir, name);
  ctx.unwrapResult(ctx.evalCode(fs.readFileSync(filename, 'utf8'), filename)).dispose();
}

const plugins = ctx.getProp(ctx.global, 'plugins');
const count = ctx.getNumber(ctx.getProp(plugins, 'length').consume((h) => h.dup()));
for (let i = 0; i < count; i++) {
  const plugin = ctx.getProp(plugins, i);
  const name = ctx.getProp(plugin, 'name').consume((h) => ctx.getString(h));
  const input = ctx.newNumber(i + 3);
  const result = ctx.callMethod(plugin, 'run', [input]);
  input.dispose();
  const value = ctx.unwrapResult(result).consume((h) => ctx.dump(h));
  console.log(`${name}(${i + 3}) = ${JSON.stringify(value)}`);
  plugin.dispose();
}
plugins.dispose();
ctx.dispose();
runtime.dispose();
