// Starts the real adapter as a separate process over stdio and drives it with Microsoft's DebugClient.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DebugClient } from '@vscode/debugadapter-testsupport';

export const REPO = path.resolve(fileURLToPath(new URL('../../../', import.meta.url)));
export const ADAPTER = path.join(REPO, 'dist', 'adapters', 'dap', 'main.js');
export const sample = (name: string) => path.join(REPO, 'samples', 'js', name);

export async function startClient(): Promise<DebugClient> {
  const dc = new DebugClient(process.execPath, ADAPTER, 'nestdbg');
  dc.defaultTimeout = 20_000;
  await dc.start();
  return dc;
}
