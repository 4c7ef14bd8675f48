// The nestdbg VS Code extension: contributes the "nestdbg" debugger (QuickJS-in-Wasm), runs the
// bundled DAP adapter (dist/adapters/dap/main.js inside the extension) as a child process, and
// turns adapter failures into notifications.
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { AdapterProcess } from './adapter-process.js';
import { DEBUG_TYPE, NestConfigurationProvider, NestDynamicConfigurationProvider, currentFileConfiguration } from './configuration.js';
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
      const name = /\.lua$/i.test(base) ? `Debug ${base} in Lua-in-Wasm` : `Debug ${base} in QuickJS-in-Wasm`;
      return vscode.debug.startDebugging(folder, currentFileConfiguration(uri.fsPath, name));
    }),
  );
}

export function deactivate(): void {}
