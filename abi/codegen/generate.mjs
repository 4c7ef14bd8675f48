import fs from 'node:fs';
import path from 'node:path';
import { generate, generatedDir } from './generate-lib.mjs';

fs.rmSync(generatedDir, { recursive: true, force: true });
for (const [name, text] of await generate()) {
  const file = path.join(generatedDir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  console.log('wrote', path.relative(process.cwd(), file));
}
