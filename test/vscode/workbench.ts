// Driving VS Code's workbench in Chromium (playwright-core) as a person would: Quick Open, Go to
// Line, F9, the Command Palette, the editor context menu; reading the call stack, variables and
// Debug Console rows and the editor's glyphs; screenshots. Used by vscode.e2e.ts.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { REPO } from './code-server.js';

export const RESULTS = path.join(REPO, 'test-results', 'vscode');
/** Generous: the first start of code-server and its extension host is slow on 2 cores. */
export const LONG = 120_000;
export const WAIT = 45_000;

export async function texts(page: Page, selector: string): Promise<string[]> {
  return page.$$eval(selector, (els) => els.map((e) => ((e as HTMLElement).innerText ?? e.textContent ?? '').replace(/\s+/g, ' ').trim()));
}

/** Polls until `check` returns a value (not undefined); fails with the last seen state. */
export async function until<T>(what: string, check: () => Promise<T | undefined>, timeout = WAIT): Promise<T> {
  const deadline = Date.now() + timeout;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}${last ? ` (last error: ${last})` : ''}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function rowsMatching(page: Page, selector: string, pattern: RegExp, what: string, timeout = WAIT): Promise<string[]> {
  let seen: string[] = [];
  try {
    return await until(what, async () => {
      seen = await texts(page, selector);
      return seen.some((t) => pattern.test(t)) ? seen : undefined;
    }, timeout);
  } catch (error) {
    throw new Error(`${(error as Error).message}; rows of ${selector}: ${JSON.stringify(seen)}`);
  }
}

export async function shot(page: Page, name: string): Promise<string> {
  await page.waitForTimeout(750); // let views finish their last render
  const file = path.join(RESULTS, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** Types into the open quick input, waits until the focused (first) row matches, presses Enter:
 *  never Enter on a stale list that has not filtered yet. */
export async function pick(page: Page, text: string, pattern: RegExp, what: string): Promise<void> {
  await page.keyboard.type(text);
  await rowsMatching(page, '.quick-input-widget .monaco-list-row.focused', pattern, what);
  await page.keyboard.press('Enter');
}

/** Runs a command from the Command Palette by its label. */
export async function command(page: Page, label: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: WAIT });
  await input.fill('>');
  await pick(page, label, new RegExp(escape(label), 'i'), `the command "${label}" in the palette`);
}

export function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Quick Open (Ctrl+P) a workspace file; waits until its editor tab is active. */
export async function openFile(page: Page, relative: string): Promise<void> {
  const base = path.basename(relative);
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: WAIT });
  await input.fill('');
  await pick(page, relative, new RegExp(`${escape(base)}.*${escape(path.dirname(relative))}`), `${relative} in Quick Open`);
  await until(`${base} to be the active editor`, async () => {
    const active = await texts(page, '.tabs-container .tab.active');
    return active.some((t) => t.includes(base)) ? true : undefined;
  });
  await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
}

/** Ctrl+G to a line of the active editor. */
export async function goToLine(page: Page, line: number): Promise<void> {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: WAIT });
  await input.fill(`:${line}`);
  await page.keyboard.press('Enter');
  await until(`the cursor on line ${line}`, async () => {
    const status = await texts(page, '#status\\.editor\\.selection');
    return status.some((t) => t.startsWith(`Ln ${line},`)) ? true : undefined;
  });
}

/** Line numbers of the active editor that carry a glyph (breakpoint or current-line arrow) of this class. */
export async function glyphLines(page: Page, glyphClass: string): Promise<number[]> {
  return page.evaluate((cls) => {
    const editor = document.querySelector('.editor-instance .monaco-editor');
    if (!editor) return [];
    const tops = [...editor.querySelectorAll(`.glyph-margin-widgets .${cls}, .margin-view-overlays .${cls}`)]
      .map((el) => (el as HTMLElement).style.top || ((el.parentElement as HTMLElement | null)?.style.top ?? ''));
    const lines: number[] = [];
    for (const row of editor.querySelectorAll('.margin-view-overlays > div')) {
      const top = (row as HTMLElement).style.top;
      const number = row.querySelector('.line-numbers')?.textContent?.trim();
      if (number && tops.includes(top)) lines.push(Number(number));
    }
    return lines.sort((a, b) => a - b);
  }, glyphClass);
}

export async function toggleBreakpoint(page: Page, line: number): Promise<void> {
  await goToLine(page, line);
  await page.keyboard.press('F9');
  await until(`a breakpoint glyph on line ${line}`, async () => ((await glyphLines(page, 'codicon-debug-breakpoint')).includes(line) ? true : undefined));
}

/** Right-click in the editor, "Debug this file in QuickJS-in-Wasm". */
export async function debugFileFromContextMenu(page: Page): Promise<void> {
  await page.locator('.editor-instance .monaco-editor .view-lines').first().click({ button: 'right' });
  const item = page.getByRole('menuitem', { name: /Debug this file in QuickJS-in-Wasm/ });
  await item.waitFor({ state: 'visible', timeout: WAIT });
  await item.hover();
  await page.keyboard.press('Enter');
}

/** The top call stack row once the debugger has stopped with it matching `pattern`. */
export async function stoppedAt(page: Page, pattern: RegExp, timeout = WAIT): Promise<string[]> {
  return rowsMatching(page, '.debug-call-stack .monaco-list-row', pattern, `a stop whose call stack matches ${pattern}`, timeout);
}

export async function noDebugSession(page: Page): Promise<void> {
  // The toolbar may be docked in the Run view's title instead of floating: the call stack empties too.
  await until('the debug session to end', async () => ((await page.locator('.debug-toolbar').count()) === 0
    || !(await page.locator('.debug-toolbar').first().isVisible())) && (await page.locator('.debug-call-stack .monaco-list-row').count()) === 0 ? true : undefined);
}
