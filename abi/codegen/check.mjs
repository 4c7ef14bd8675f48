// Fails when abi/generated is stale with respect to abi/wit. Fix with `npm run abi:generate`.
import fs from 'node:fs';
import path from 'node:path';
import { generate, generatedDir } from './generate-lib.mjs';

const expected = await generate();
const stale = [];
for (const [name, text] of expected) {
  const file = path.join(generatedDir, name);
  if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text) stale.push(name);
}
const listed = fs.existsSync(generatedDir) ? fs.readdirSync(generatedDir, { recursive: true }).filter((f) => String(f).endsWith('.ts')) : [];
for (const f of listed) if (!expected.has(String(f).replaceAll('\\', '/'))) stale.push(`${f} (no longer generated)`);
if (stale.length) {
  console.error(`abi/generated is stale; run \`npm run abi:generate\`:\n  ${stale.join('\n  ')}`);
  process.exit(1);
}
console.log(`abi/generated is up to date (${expected.size} files)`);
