// The nestdbg VS Code extension: contributes the "nestdbg" debugger (QuickJS-in-Wasm), runs the
// bundled DAP adapter (dist/adapters/dap/main.js inside the extension) as a child process, and
// turns adapter failures into notifications.
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { AdapterProcess } from './adapter-process.js';
import { DEBUG_TYPE, NestConfigurationProvider, NestDynamicConfigurationProvider, currentFileConfiguration, sessionName } from './configuration.js';
import { ErrorTrackerFactory, notifyError } from './errors.js';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('nestdbg');
  context.subscriptions.push(log);
  const adapterPath = path.join(context.extensionPath, 'dist', 'adapters', 'dap', 'main.js');

  context.subscriptions.push(
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, new NestConfigurationProvider()),
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, new NestDynamicConfigurationProvider(), vscode.DebugConfigurationProviderTriggerKind.Dynamic),
    vscode.debug.registerDebugAdapterTrackerFactory(DEBUG_TYPE, new ErrorTrackerFactory(log)),
    vscode.debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, {
      createDebugAdapterDescriptor(session) {
        if (!fs.existsSync(adapterPath)) {
          notifyError(`nestdbg: the debug adapter is missing from the extension (${adapterPath}). Reinstall the extension.`);
          return undefined;
        }
        const nodeArgs = vscode.workspace.getConfiguration('nestdbg').get<string[]>('adapterNodeArgs') ?? [];
        return new vscode.DebugAdapterInlineImplementation(new AdapterProcess({
          runtime: process.execPath,
          adapterPath,
          nodeArgs: nodeArgs.filter((a) => typeof a === 'string'),
          cwd: session.workspaceFolder?.uri.fsPath ?? context.extensionPath,
          log,
          onCrash: (message) => {
            log.appendLine(message);
            notifyError(message);
          },
        }));
      },
    }),
    vscode.commands.registerCommand('nestdbg.showLog', () => log.show(true)),
    // Mixed stacks on/off for the active session: the adapter's `nestdbg/mixedStack` request.
    vscode.commands.registerCommand('nestdbg.toggleMixedStack', async () => {
      const session = vscode.debug.activeDebugSession;
      if (session?.type !== 'nestdbg') {
        void vscode.window.showErrorMessage('nestdbg: start a nestdbg debug session to toggle the mixed stack.');
        return undefined;
      }
      const enabled = !mixedStackOn.get(session.id);
      try {
        const body = await session.customRequest('nestdbg/mixedStack', { enabled });
        mixedStackOn.set(session.id, body?.enabled === true);
        void vscode.window.showInformationMessage(`nestdbg: mixed stack ${body?.enabled ? 'on' : 'off'}; it shows from the next stop.`);
        return body?.enabled === true;
      } catch (e) {
        notifyError(`nestdbg: could not toggle the mixed stack: ${(e as Error).message}`);
        return undefined;
      }
    }),
    vscode.debug.onDidStartDebugSession((s) => {
      if (s.type === 'nestdbg') mixedStackOn.set(s.id, s.configuration.mixedStack === true);
    }),
    vscode.debug.onDidTerminateDebugSession((s) => mixedStackOn.delete(s.id)),
    vscode.commands.registerCommand('nestdbg.debugFile', async (resource?: vscode.Uri) => {
      const uri = resource instanceof vscode.Uri ? resource : vscode.window.activeTextEditor?.document.uri;
      if (!uri || uri.scheme !== 'file') {
        void vscode.window.showErrorMessage('nestdbg: open a file on disk to debug it in QuickJS-in-Wasm.');
        return false;
      }
      const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      if (open?.isDirty) await open.save();
      const folder = vscode.workspace.getWorkspaceFolder(uri);
      const base = path.basename(uri.fsPath);
      return vscode.debug.startDebugging(folder, currentFileConfiguration(uri.fsPath, sessionName(base)));
    }),
  );
}

/** Whether mixed stacks are on, per debug session id. */
const mixedStackOn = new Map<string, boolean>();

export function deactivate(): void {}
