// nestdbg in a real VS Code: code-server 4.100.3 (Code 1.100.3) driven through Chromium with
// playwright-core. Installs the freshly packaged VSIX into an isolated profile, opens a copy of
// samples/ and debugs with the keyboard as a person would: F9, F5, F10, the Debug Console
// (the workbench helpers are workbench.ts).
// Run by `npm run test:vscode` (after `npm run package`), not by `npm test`.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import {
  CHROMIUM, CHROMIUM_ARGS, REPO, ensureCodeServer, installExtension, makeProfile, startCodeServer, type CodeServer, type Profile,
} from './code-server.js';
import { vsixPath } from './vsix.js';
import {
  LONG, RESULTS, WAIT, command, debugFileFromContextMenu, glyphLines, goToLine, noDebugSession, openFile, pick, rowsMatching, shot,
  stoppedAt, toggleBreakpoint, until,
} from './workbench.js';

const SETTINGS = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'window.restoreWindows': 'none',
  'editor.minimap.enabled': false,
  'editor.fontSize': 14,
  'files.autoSave': 'off',
  'debug.console.closeOnEnd': false,
  'debug.toolBarLocation': 'docked',
  'debug.internalConsoleOptions': 'openOnSessionStart',
  'chat.commandCenter.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'git.enabled': false,
  'remote.autoForwardPorts': false,
};

const LAUNCH_JSON = {
  version: '0.2.0',
  configurations: [
    {
      type: 'nestdbg', request: 'launch', name: 'nestdbg: current file', program: '${file}',
      stopOnEntry: false, args: [], cwd: '${workspaceFolder}', engine: 'quickjs',
    },
    { type: 'nestdbg', request: 'launch', name: 'nestdbg: missing program', program: '${workspaceFolder}/js/no-such-file.js' },
    // samples/ts/out/main.js is built from samples/ts/src/*.ts with a source map (npm run build:samples).
    { type: 'nestdbg', request: 'launch', name: 'nestdbg: TypeScript sample', program: '${workspaceFolder}/ts/out/main.js', sourceMaps: true },
  ],
};

// ---- the test ----------------------------------------------------------------------------------

describe('nestdbg in a real VS Code (code-server 4.100.3 + Chromium)', { timeout: 600_000 }, () => {
  let profile: Profile;
  let workspace: string;
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const timings: string[] = [];
  const t0 = Date.now();
  const mark = (what: string) => timings.push(`${((Date.now() - t0) / 1000).toFixed(1)} s  ${what}`);

  before(async () => {
    fs.rmSync(RESULTS, { recursive: true, force: true }); // no stale failure screenshots
    fs.mkdirSync(RESULTS, { recursive: true });
    ensureCodeServer();
    mark('code-server and chromium present');
    profile = makeProfile(SETTINGS);
    workspace = path.join(profile.root, 'samples');
    fs.cpSync(path.join(REPO, 'samples'), workspace, { recursive: true });
    fs.mkdirSync(path.join(workspace, '.vscode'));
    fs.writeFileSync(path.join(workspace, '.vscode', 'launch.json'), JSON.stringify(LAUNCH_JSON, null, 2));
    installExtension(profile, vsixPath());
    assert.ok(fs.readdirSync(profile.extensionsDir).some((d) => d.startsWith('nestdbg.nestdbg-')), 'the VSIX is installed');
    mark('VSIX installed');
    server = await startCodeServer(profile);
    mark('code-server listening');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`);
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: LONG });
    await rowsMatching(page, '.explorer-folders-view .monaco-list-row', /^js$/, 'the js folder in the Explorer', LONG);
    mark('workbench loaded');
  }, { timeout: 600_000 });

  after(async () => {
    if (page && !page.isClosed()) await shot(page, 'zz-final').catch(() => {});
    await browser?.close().catch(() => {});
    if (server) {
      fs.writeFileSync(path.join(RESULTS, 'code-server.log'), server.output());
      await server.stop();
    }
    if (profile) fs.rmSync(profile.root, { recursive: true, force: true });
    mark('done');
    process.stderr.write(`[vscode-test] timings:\n  ${timings.join('\n  ')}\n`);
  });

  /** Runs a step; on failure saves a screenshot named after it. */
  async function step(name: string, body: () => Promise<void>): Promise<void> {
    try {
      await body();
      mark(name);
    } catch (error) {
      if (page && !page.isClosed()) await shot(page, `failed-${name}`).catch(() => {});
      throw error;
    }
  }

  test('F9 on fib.js, F5: stops at the breakpoint with variables and call stack', async () => {
    await step('stopped-at-breakpoint', async () => {
      await openFile(page, 'js/fib.js');
      await toggleBreakpoint(page, 27); // printFib: console.log("fib(" + n + ") = " + value);
      await page.keyboard.press('F5');
      await stoppedAt(page, /printFib.*fib\.js.*\b27:\d+/, LONG);
      // VS Code fetches the top frame first and the callers a moment later.
      const stack = await rowsMatching(page, '.debug-call-stack .monaco-list-row', /fib\.js.*\b32:\d+/, 'the caller (line 32) on the call stack');
      assert.match(stack[0]!, /printFib.*fib\.js.*\b27:\d+/, `top frame: ${stack[0]}`);
      assert.match(stack[1]!, /fib\.js.*\b32:\d+/, `its caller: ${stack[1]}`);
      // VS Code 1.100 shows variables as `name = value`.
      const variables = await rowsMatching(page, '.debug-variables .monaco-list-row', /^value = 5$/, 'value = 5 in Variables');
      assert.ok(variables.includes('n = 5'), `n = 5 in ${JSON.stringify(variables)}`);
      assert.equal(variables[0], 'Local', 'the Local scope comes first (expanded)');
      assert.deepEqual(await glyphLines(page, 'codicon-debug-stackframe'), [27], 'the current-line arrow is on line 27');
      await shot(page, '01-stopped-at-breakpoint');
    });
  });

  test('F10 steps over to the next line', async () => {
    await step('stepped-over', async () => {
      await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
      await page.keyboard.press('F10');
      const stack = await stoppedAt(page, /printFib.*fib\.js.*\b28:\d+/);
      assert.match(stack[0]!, /\b28:\d+/);
      await until('the current-line arrow on line 28', async () => {
        const lines = await glyphLines(page, 'codicon-debug-stackframe');
        return lines.length === 1 && lines[0] === 28 ? true : undefined;
      });
      // The console.log we stepped over has printed.
      await rowsMatching(page, '.repl .monaco-list-row', /^fib\(5\) = 5/, 'fib(5) = 5 in the Debug Console');
      await shot(page, '02-stepped-over');
    });
  });

  test('evaluates an expression in the Debug Console', async () => {
    await step('evaluated', async () => {
      await command(page, 'Debug Console: Focus on Debug Console View');
      const input = page.locator('.repl-input-wrapper .monaco-editor');
      await input.waitFor({ state: 'visible', timeout: WAIT });
      await input.click();
      await page.keyboard.type('n * 2 + value', { delay: 10 });
      await page.keyboard.press('Enter');
      const rows = await rowsMatching(page, '.repl .monaco-list-row', /^15$/, 'the result 15 in the Debug Console');
      assert.ok(rows.some((r) => r.includes('n * 2 + value')), `the expression echoed: ${JSON.stringify(rows)}`);
      await page.keyboard.type('"fib(" + n + ")"', { delay: 10 });
      await page.keyboard.press('Enter');
      await rowsMatching(page, '.repl .monaco-list-row', /^"fib\(5\)"$|^'fib\(5\)'$|^fib\(5\)$/, 'a string result in the Debug Console');
      await shot(page, '03-debug-console-evaluate');
    });
  });

  test('continues to the end: the output is in the Debug Console', async () => {
    await step('ran-to-end', async () => {
      // Remove the breakpoint (printFib runs again for fib(10)), then continue.
      await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
      await goToLine(page, 27);
      await page.keyboard.press('F9');
      await until('the breakpoint removed', async () => ((await glyphLines(page, 'codicon-debug-breakpoint')).includes(27) ? undefined : true));
      await page.keyboard.press('F5');
      await noDebugSession(page);
      const rows = await rowsMatching(page, '.repl .monaco-list-row', /^total = 75140/, 'total = 75140 in the Debug Console');
      const output = rows.join('\n');
      for (const line of ['fib(5) = 5', 'fib(10) = 55', 'fib(25) = 75025', 'fibLoop(10) = 55', 'total = 75140']) {
        assert.ok(output.includes(line), `"${line}" in the Debug Console:\n${output}`);
      }
      assert.ok(output.indexOf('fib(10) = 55') < output.indexOf('total = 75140'), 'in program order');
      await shot(page, '04-program-output');
    });
  });

  test('"Debug this file in QuickJS-in-Wasm" from the editor context menu debugs closures.js with no launch configuration', async () => {
    await step('debug-file-command', async () => {
      await openFile(page, 'js/closures.js');
      await toggleBreakpoint(page, 7); // increment: count = count + step;
      await debugFileFromContextMenu(page);
      const stack = await stoppedAt(page, /increment.*closures\.js.*\b7:\d+/, LONG);
      assert.match(stack[0]!, /increment/);
      const variables = await rowsMatching(page, '.debug-variables .monaco-list-row', /^step = 1$/, 'step = 1 in Variables');
      assert.ok(variables.some((v) => /^Closure/.test(v)), `a Closure scope in ${JSON.stringify(variables)}`);
      // Expand the closure scope: makeCounter's `count` (10 on the first call).
      await page.locator('.debug-variables .monaco-list-row', { hasText: /^Closure/ }).first().click();
      await rowsMatching(page, '.debug-variables .monaco-list-row', /^count = 10$/, 'count = 10 in the Closure scope');
      await shot(page, '05-debug-file-command-closures');
      await page.keyboard.press('Shift+F5');
      await noDebugSession(page);
    });
  });

  test('a launch failure shows as an error notification', async () => {
    await step('launch-failure-notification', async () => {
      await command(page, 'Debug: Select and Start Debugging');
      await pick(page, 'missing program', /missing program/, 'the "missing program" configuration');
      const toasts = await rowsMatching(page, '.notifications-toasts .notification-list-item-message', /Cannot find the program/, 'the launch failure notification');
      assert.ok(toasts.some((t) => t.includes('no-such-file.js')), JSON.stringify(toasts));
      await shot(page, '06-launch-failure-notification');
      // VS Code also shows its own dialog for a failed launch: dismiss it.
      if (await page.locator('.monaco-dialog-box').isVisible()) await page.keyboard.press('Escape');
      await command(page, 'Notifications: Clear All Notifications');
    });
  });

  test('an adapter that dies shows as an error notification with its stderr', async () => {
    await step('adapter-crash-notification', async () => {
      // Make the adapter process fail at startup, through the extension's own setting.
      const settings = path.join(workspace, '.vscode', 'settings.json');
      fs.writeFileSync(settings, JSON.stringify({ 'nestdbg.adapterNodeArgs': ['--require', '/nonexistent/nestdbg-crash.js'] }));
      try {
        await page.keyboard.press('Escape');
        await command(page, 'Notifications: Clear All Notifications');
        await new Promise((r) => setTimeout(r, 1500)); // the settings file watcher
        await command(page, 'Debug: Select and Start Debugging');
        await pick(page, 'current file', /current file/, 'the "current file" configuration');
        const toasts = await rowsMatching(page, '.notifications-toasts .notification-list-item-message', /debug adapter exited unexpectedly/, 'the adapter crash notification');
        const crashes = toasts.filter((t) => t.includes('exited unexpectedly'));
        assert.equal(crashes.length, 1, `one notification for one crash: ${JSON.stringify(toasts)}`);
        const toast = crashes[0]!;
        assert.match(toast, /exit code 1/);
        assert.match(toast, /Cannot find module/, 'the notification carries the adapter stderr');
        await shot(page, '07-adapter-crash-notification');
        if (await page.locator('.monaco-dialog-box').isVisible()) await page.keyboard.press('Escape');
        await noDebugSession(page);
        await command(page, 'Notifications: Clear All Notifications');
      } finally {
        fs.rmSync(settings, { force: true });
      }
    });
  });

  test('TypeScript: a breakpoint in samples/ts/src/main.ts stops through the source map', async () => {
    await step('typescript', async () => {
      await openFile(page, 'ts/src/main.ts');
      await toggleBreakpoint(page, 13); // measure: console.log(`${shape.describe()}: ${area.toFixed(2)}`);
      await command(page, 'Debug: Select and Start Debugging');
      await pick(page, 'TypeScript sample', /TypeScript sample/, 'the "TypeScript sample" configuration');
      await stoppedAt(page, /measure.*main\.ts.*\b13:\d+/, LONG);
      const variables = await rowsMatching(page, '.debug-variables .monaco-list-row', /^area = 3\.14159/, 'area = 3.14159… in Variables');
      assert.ok(variables.includes('total = 0'), `total = 0 in ${JSON.stringify(variables)}`);
      assert.deepEqual(await glyphLines(page, 'codicon-debug-stackframe'), [13], 'the current-line arrow is on main.ts line 13');
      await shot(page, '09-typescript-stopped');
      await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
      await goToLine(page, 13);
      await page.keyboard.press('F9');
      await page.keyboard.press('F5');
      await noDebugSession(page);
      await rowsMatching(page, '.repl .monaco-list-row', /^total area 7\.93/, 'total area 7.93 in the Debug Console');
    });
  });

  test('F5 without a launch.json: picking "nestdbg: QuickJS-in-Wasm" debugs the active file', async () => {
    await step('f5-without-launch-json', async () => {
      fs.rmSync(path.join(workspace, '.vscode', 'launch.json'));
      await new Promise((r) => setTimeout(r, 1500)); // the launch.json file watcher
      await command(page, 'Notifications: Clear All Notifications');
      await openFile(page, 'js/closures.js'); // its breakpoint on line 7 is still set
      await page.keyboard.press('F5');
      // javascript has several debuggers (js-debug's too): VS Code asks which one.
      await rowsMatching(page, '.quick-input-widget .monaco-list-row', /nestdbg: QuickJS-in-Wasm/, 'nestdbg in the debugger picker');
      await pick(page, 'nestdbg', /nestdbg: QuickJS-in-Wasm/, 'nestdbg in the debugger picker');
      await stoppedAt(page, /increment.*closures\.js.*\b7:\d+/, LONG);
      await rowsMatching(page, '.debug-variables .monaco-list-row', /^step = 1$/, 'step = 1 in Variables');
      await page.keyboard.press('Shift+F5');
      await noDebugSession(page);
    });
  });

  // fib.lua and fib.mini (a language the extension contributes) have printFib's print on line 27.
  for (const [language, file, screenshot] of [['Lua', 'lua/fib.lua', '08-lua-stopped'], ['mini', 'mini/fib.mini', '09-mini-stopped']]) {
    test(`${language}: ${file} stops at a breakpoint, shows variables, prints to the Debug Console`, async () => {
      await step(language.toLowerCase(), async () => {
        await openFile(page, file);
        await toggleBreakpoint(page, 27);
        await debugFileFromContextMenu(page);
        await stoppedAt(page, new RegExp(`printFib.*${path.basename(file).replace('.', '\\.')}.*\\b27:\\d+`), LONG);
        const variables = await rowsMatching(page, '.debug-variables .monaco-list-row', /^value = 5$/, 'value = 5 in Variables');
        assert.ok(variables.includes('n = 5'), `n = 5 in ${JSON.stringify(variables)}`);
        await shot(page, screenshot);
        await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
        await goToLine(page, 27);
        await page.keyboard.press('F9');
        await page.keyboard.press('F5');
        await noDebugSession(page);
        await rowsMatching(page, '.repl .monaco-list-row', /^total = 75140/, 'total = 75140 in the Debug Console');
      });
    });
  }
});
