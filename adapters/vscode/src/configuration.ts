// Launch configurations: what F5 does without a launch.json, defaults filled before launch, and the
// entries offered in "Run and Debug" for the active file.
import path from 'node:path';
import * as vscode from 'vscode';

export const DEBUG_TYPE = 'nestdbg';
/** Languages the debugger is contributed for: JavaScript and TypeScript (QuickJS), Lua, mini. */
export const LANGUAGES: ReadonlySet<string> = new Set(['javascript', 'typescript', 'lua', 'mini']);

/** The session name for a file: which interpreter runs it is chosen by its extension. */
export function sessionName(base: string): string {
  if (/\.lua$/i.test(base)) return `Debug ${base} in Lua-in-Wasm`;
  if (/\.mini$/i.test(base)) return `Debug ${base} in mini-in-Wasm`;
  return `Debug ${base} in QuickJS-in-Wasm`;
}
export const CURRENT_FILE_NAME = 'Debug current file in QuickJS-in-Wasm';

export function currentFileConfiguration(program = '${file}', name = CURRENT_FILE_NAME): vscode.DebugConfiguration {
  return { type: DEBUG_TYPE, request: 'launch', name, program };
}

export class NestConfigurationProvider implements vscode.DebugConfigurationProvider {
  /** The configurations written into a new launch.json. */
  provideDebugConfigurations(): vscode.DebugConfiguration[] {
    return [{ ...currentFileConfiguration(), stopOnEntry: false, args: [], cwd: '${workspaceFolder}', engine: 'quickjs' }];
  }

  resolveDebugConfiguration(_folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): vscode.DebugConfiguration | undefined {
    // F5 with no launch.json (or an empty one): VS Code hands us an empty configuration.
    if (!config.type && !config.request && !config.name) {
      const document = vscode.window.activeTextEditor?.document;
      if (!document || !LANGUAGES.has(document.languageId)) {
        void vscode.window.showErrorMessage('nestdbg: open a JavaScript, TypeScript, Lua or mini file to debug it, or add a "nestdbg" configuration to launch.json.');
        return undefined; // abort the launch
      }
      return currentFileConfiguration();
    }
    if (!config.request) config.request = 'launch';
    if (!config.program) config.program = '${file}';
    return config;
  }

  resolveDebugConfigurationWithSubstitutedVariables(folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): vscode.DebugConfiguration {
    // Relative paths (program, and the guest's own file access) are relative to cwd: default it
    // to the workspace folder, else the program's folder, never the adapter's own directory.
    if (!config.cwd) {
      const program = typeof config.program === 'string' ? config.program : '';
      config.cwd = folder?.uri.fsPath ?? (path.isAbsolute(program) ? path.dirname(program) : undefined);
    }
    return config;
  }
}

/** Entries in the "Run and Debug" dropdown ("nestdbg: QuickJS-in-Wasm..."), for the active file. */
export class NestDynamicConfigurationProvider implements vscode.DebugConfigurationProvider {
  provideDebugConfigurations(): vscode.DebugConfiguration[] {
    const document = vscode.window.activeTextEditor?.document;
    if (!document || document.uri.scheme !== 'file' || !LANGUAGES.has(document.languageId)) return [];
    const base = path.basename(document.uri.fsPath);
    if (document.languageId === 'lua' || document.languageId === 'mini') return [currentFileConfiguration(document.uri.fsPath, sessionName(base))];
    return [
      currentFileConfiguration(document.uri.fsPath, `Debug ${base} in QuickJS-in-Wasm`),
      { ...currentFileConfiguration(document.uri.fsPath, `Debug ${base} in QuickJS-ng-in-Wasm`), engine: 'quickjs-ng' },
    ];
  }
}
