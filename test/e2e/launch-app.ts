// Opens a session and launches an embedding app, up to the `initialized` event: the host-app tests
// then set their breakpoints before configurationDone.
import type { DebugProtocol } from '@vscode/debugprotocol';
import { openSession, type Session } from './helpers.js';

export async function launchApp(program: string, mixedStack: boolean): Promise<Session> {
  const s = await openSession();
  await s.dc.initializeRequest({ adapterID: 'nestdbg', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' });
  await s.dc.launchRequest({ program, mixedStack } as DebugProtocol.LaunchRequestArguments);
  await s.events.next('initialized');
  return s;
}
