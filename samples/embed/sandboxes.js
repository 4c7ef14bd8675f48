// An app that runs untrusted rules in separate sandboxes: three QuickJS contexts, two of them in
// one runtime and one in a runtime of its own. It opts in to debugging with one line,
// `debuggable(…)` from 'nestdbg/quickjs': launched under nestdbg (`"program":
// "samples/embed/sandboxes.js"`), every script any of its contexts evaluates is debuggable; run
// with plain `node`, that line does nothing. `shared.js` is evaluated in every sandbox, so a
// breakpoint in it stops in each.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { newQuickJSWASMModuleFromVariant } from 'quickjs-emscripten-core';
import { debuggable } from 'nestdbg/quickjs';

// SANDBOX_ENGINE=quickjs-ng runs the sandboxes on QuickJS-ng instead of bellard's QuickJS.
const variantName = process.env.SANDBOX_ENGINE === 'quickjs-ng' ? '@jitl/quickjs-ng-wasmfile-release-sync' : '@jitl/quickjs-wasmfile-release-sync';
const { default: variant } = await import(variantName);
const here = path.join(path.dirname(fileURLToPath(import.meta.url)), 'sandboxes');
const QuickJS = debuggable(await newQuickJSWASMModuleFromVariant(variant));

function sandbox(name, ctx, files) {
  ctx.setProp(ctx.global, 'sandboxName', ctx.newString(name));
  for (const file of ['shared.js', ...files]) {
    const filename = path.join(here, file);
    ctx.unwrapResult(ctx.evalCode(fs.readFileSync(filename, 'utf8'), filename)).dispose();
  }
  return { name, ctx };
}

const runtime = QuickJS.newRuntime();
const boxes = [
  sandbox('pricing', runtime.newContext(), ['pricing.js']),
  sandbox('tax', runtime.newContext(), ['tax.js']),
  sandbox('audit', QuickJS.newContext(), ['audit.js']), // a context with a runtime of its own
];
for (const { name, ctx } of boxes) {
  const result = ctx.unwrapResult(ctx.evalCode('rule(100)', `${name}-call.js`));
  console.log(`${name}: ${JSON.stringify(ctx.dump(result))}`);
  result.dispose();
}
for (const { ctx } of boxes) ctx.dispose();
runtime.dispose();
