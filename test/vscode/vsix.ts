// Where `npm run package` puts the VSIX (adapters/vscode/scripts/package.mjs).
import fs from 'node:fs';
import path from 'node:path';
import { REPO } from './code-server.js';

export function vsixPath(): string {
  const { version } = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string };
  const vsix = path.join(REPO, '.build', 'vscode', `nestdbg-${version}.vsix`);
  if (!fs.existsSync(vsix)) throw new Error(`${vsix} is missing: run \`npm run package\` first (npm run test:vscode does)`);
  return vsix;
}
