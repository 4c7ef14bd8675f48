// nestdbg's own code in the debuggee (the agent, the embed hook's evalCode, the producers, the
// runner): stepping skips it, as it skips the interpreter's glue, and a step in from the guest does
// not stop in its host functions. All of it but the trampoline: V8 ignores a `debugger;` in
// blackboxed code. Unbundled, the trampoline has a file of its own (runtime/agent/mixed.js);
// bundled (the VSIX), it shares the agent's preload bundle with the rest of the agent. So those
// two files are left out of the URL patterns and blackboxed by range instead
// (Debugger.setBlackboxedRanges, as js-debug does for skipFiles inside a file): everything in them
// but the trampoline function. Its frames in the host's stack are hidden as the debugger's
// (v8-frames.ts classify), but the runner's: a plain script's only host.
import { fileURLToPath } from 'node:url';
import type { Cdp } from '../wasm/cdp.js';
import { TRAMPOLINE_NAME } from './wasm-protocol.js';

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** nestdbg's installed tree (dist/, in a checkout or in the VSIX). */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The files the trampoline can be in: its own (unbundled), the preload bundle (bundled). */
const TRAMPOLINE_FILES = ['./mixed.js', './preload.js'].map((f) => fileURLToPath(new URL(f, import.meta.url)));

/** URL patterns (regex sources) for Debugger.setBlackboxPatterns: the tree but the trampoline's files. */
export const OWN_CODE_PATTERNS: readonly string[] = [
  `^(?!.*(?:${TRAMPOLINE_FILES.map(escapeRegex).join('|')})$).*${escapeRegex(ROOT)}`,
];

const OWN = new RegExp(`.*${escapeRegex(ROOT)}`);

/** Whether a script URL is nestdbg's own code. */
export function isOwnCode(url: string): boolean {
  return OWN.test(url);
}

interface Position {
  lineNumber: number;
  columnNumber: number;
}

/** The ranges to blackbox in a trampoline file: all of it but the trampoline function (CDP positions, each change of state). */
export function trampolineFileRanges(source: string): Position[] {
  const start = source.indexOf(`function ${TRAMPOLINE_NAME}(`);
  if (start < 0) return [{ lineNumber: 0, columnNumber: 0 }];
  // The trampoline's body is ours and small: its braces balance with no brace in a string.
  let depth = 0;
  let end = source.indexOf('{', start);
  for (; end < source.length; end++) {
    if (source[end] === '{') depth++;
    else if (source[end] === '}' && --depth === 0) break;
  }
  return [{ lineNumber: 0, columnNumber: 0 }, position(source, start), position(source, end + 1)];
}

/** Blackboxes a trampoline file by range when V8 parses it (no-op for any other script). */
export async function blackboxTrampolineFile(cdp: Cdp, script: { scriptId: string; url: string }): Promise<void> {
  if (!TRAMPOLINE_FILES.some((f) => script.url.endsWith(f))) return;
  const { scriptSource } = await cdp.post<{ scriptSource: string }>('Debugger.getScriptSource', { scriptId: script.scriptId });
  await cdp.post('Debugger.setBlackboxedRanges', { scriptId: script.scriptId, positions: trampolineFileRanges(scriptSource) });
}

function position(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  const lineNumber = before.split('\n').length - 1;
  return { lineNumber, columnNumber: offset - (before.lastIndexOf('\n') + 1) };
}
