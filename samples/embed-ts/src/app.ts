// A plugin host written in TypeScript: it embeds QuickJS-in-Wasm (quickjs-emscripten), loads the
// plugins in ../plugins into one context and calls each plugin's `transform`. The samples build
// compiles it to out/app.mjs + out/app.mjs.map (esbuild, imports left external, so the app uses
// the repository's quickjs-emscripten like samples/embed/app.mjs). Launch out/app.mjs with
// "mixedStack": true and set breakpoints here, in the .ts.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { newQuickJSWASMModuleFromVariant, type QuickJSContext } from 'quickjs-emscripten-core';
import variant from '@jitl/quickjs-wasmfile-release-sync';

interface PluginResult {
  plugin: string;
  input: string;
  output: string;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const pluginDir = path.join(here, '..', 'plugins');

function loadPlugins(ctx: QuickJSContext): string[] {
  const names: string[] = [];
  for (const file of fs.readdirSync(pluginDir).filter((f) => f.endsWith('.js')).sort()) {
    const filename = path.join(pluginDir, file);
    ctx.unwrapResult(ctx.evalCode(fs.readFileSync(filename, 'utf8'), filename)).dispose();
    names.push(file.replace(/\.js$/, ''));
  }
  return names;
}

function runPlugin(ctx: QuickJSContext, plugin: string, input: string): PluginResult {
  const fn = ctx.getProp(ctx.global, plugin);
  const arg = ctx.newString(input);
  const result = ctx.callFunction(fn, ctx.undefined, arg);
  arg.dispose();
  fn.dispose();
  const output = ctx.unwrapResult(result).consume((h) => ctx.getString(h));
  return { plugin, input, output };
}

function report(results: PluginResult[]): string {
  const lines = results.map((r) => `${r.plugin}(${JSON.stringify(r.input)}) = ${JSON.stringify(r.output)}`);
  return lines.join('\n');
}

const QuickJS = await newQuickJSWASMModuleFromVariant(variant);
const runtime = QuickJS.newRuntime();
const ctx = runtime.newContext();
const plugins = loadPlugins(ctx);
const results: PluginResult[] = [];
for (const plugin of plugins) {
  const input = `text for ${plugin}`;
  results.push(runPlugin(ctx, plugin, input));
}
console.log(report(results));
ctx.dispose();
runtime.dispose();
