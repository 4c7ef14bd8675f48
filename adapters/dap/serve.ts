// Serves DAP on stdio (one session), or on 127.0.0.1:port (a session per connection).
import net from 'node:net';
import { NestDebugSession } from './session.js';

/** `guestOnly`: every session is guest-only (see guest-only.ts), whatever the client launches with. */
export async function serveDap(options: { port?: number; guestOnly?: boolean }): Promise<void> {
  const policy = { guestOnly: options.guestOnly === true };
  if (options.port === undefined) {
    const session = new NestDebugSession(policy);
    session.start(process.stdin, process.stdout);
    // The client went away: end the debuggee with us (the launcher kills children on exit).
    // A debuggee detached with terminateDebuggee: false runs to its end first.
    process.stdin.on('close', () => void session.whenDone().then(() => process.exit(0)));
    return;
  }
  const server = net.createServer((socket) => {
    socket.setNoDelay(true);
    const session = new NestDebugSession(policy);
    session.setRunAsServer(true);
    session.start(socket, socket);
    socket.on('close', () => session.shutdown());
    socket.on('error', () => session.shutdown());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as net.AddressInfo;
  process.stdout.write(`nestdbg: DAP server listening on 127.0.0.1:${port}\n`);
}
