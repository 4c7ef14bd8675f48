// Adapter errors become VS Code notifications: failed launch and control requests (a REPL typo
// or an unreadable variable is not worth a popup: those show where they happen).
import * as vscode from 'vscode';
import { SYNTHESIZED } from './adapter-process.js';

const NOTIFIED_COMMANDS: ReadonlySet<string> = new Set([
  'initialize', 'launch', 'attach', 'configurationDone', 'setBreakpoints', 'setExceptionBreakpoints',
  'setFunctionBreakpoints', 'continue', 'next', 'stepIn', 'stepOut', 'pause', 'restart', 'terminate', 'disconnect',
]);

interface Message {
  type?: string;
  command?: string;
  success?: boolean;
  message?: string;
  body?: { error?: { format?: string } };
}

export function notifyError(message: string): void {
  void vscode.window.showErrorMessage(message, 'Show Log').then((choice) => {
    if (choice === 'Show Log') void vscode.commands.executeCommand('nestdbg.showLog');
  });
}

export class ErrorTrackerFactory implements vscode.DebugAdapterTrackerFactory {
  constructor(private readonly log: vscode.OutputChannel) {}

  createDebugAdapterTracker(session: vscode.DebugSession): vscode.DebugAdapterTracker {
    const log = this.log;
    return {
      onDidSendMessage(raw: unknown) {
        const m = raw as Message;
        if (m.type !== 'response' || m.success !== false || !m.command || !NOTIFIED_COMMANDS.has(m.command)) return;
        if ((raw as Record<string, unknown>)[SYNTHESIZED]) return; // the adapter died: already notified
        const text = m.body?.error?.format ?? m.message ?? 'unknown error';
        log.appendLine(`[${new Date().toISOString()}] ${session.name}: ${m.command} failed: ${text}`);
        // A failed launch ends the session before it started: say what went wrong.
        notifyError(m.command === 'launch' ? `nestdbg: could not launch: ${text}` : `nestdbg: ${m.command} failed: ${text}`);
      },
      // Reached only for adapters VS Code runs itself ("debugServer" in launch.json).
      onError(error: Error) {
        notifyError(`nestdbg: debug adapter error: ${error.message}`);
      },
      onExit(code: number | undefined, signal: string | undefined) {
        if ((code !== undefined && code !== 0) || signal) notifyError(`nestdbg: the debug adapter exited (${signal ?? `code ${code}`}).`);
      },
    };
  }
}
