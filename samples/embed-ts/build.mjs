// Builds the TypeScript plugin host (npm run build:samples): src/app.ts -> out/app.mjs with a
// linked map. Imports stay external, so the app loads quickjs-emscripten from node_modules (the
// copy nestdbg's embed hook patches) and Node runs it as an ES module (top-level await).
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
await build({
  entryPoints: [dir + 'src/app.ts'], bundle: true, packages: 'external', format: 'esm', target: 'es2022', platform: 'node',
  outfile: dir + 'out/app.mjs', sourcemap: 'linked', logLevel: 'warning',
});
