// Builds the TypeScript sample (npm run build:samples): one bundle with a map file next to it,
// and the same bundle with an inline (data: URL) map.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const common = { entryPoints: [dir + 'src/main.ts'], bundle: true, format: 'esm', target: 'es2022', platform: 'neutral', logLevel: 'warning' };
await build({ ...common, outfile: dir + 'out/main.js', sourcemap: 'linked' });
await build({ ...common, outfile: dir + 'out/main.inline.js', sourcemap: 'inline' });
