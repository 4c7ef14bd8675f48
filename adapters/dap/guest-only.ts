// Guest-only mode ("exposeHost": false, or `nestdbg dap --guest-only` for every session): an
// operator lets guest authors debug their scripts without seeing the host. What they get is what
// the producer sees: guest frames, guest values, evaluation inside the guest. Everything that
// reaches past the guest (mixed stacks, Wasm disassembly, linear memory, instruction breakpoints)
// is refused, and text that comes from the host process (its stdout/stderr, exception and stop
// descriptions) has host file paths and host stack frames redacted.
import { fileURLToPath } from 'node:url';
import type { DebugProtocol } from '@vscode/debugprotocol';

export const GUEST_ONLY_REFUSAL = 'Not available in guest-only mode ("exposeHost": false): it would expose the host.';

/** Capabilities withdrawn in guest-only mode (sent in a `capabilities` event when set at launch). */
export const GUEST_ONLY_CAPABILITIES: DebugProtocol.Capabilities = {
  supportsDisassembleRequest: false,
  supportsReadMemoryRequest: false,
  supportsWriteMemoryRequest: false,
  supportsInstructionBreakpoints: false,
  supportsSteppingGranularity: false,
};

export const REDACTED_PATH = '<host>';
const REDACTED_FRAMES = '    at <host code>';

// Absolute locations as they appear in Node/V8 texts: file URLs, node:internal modules, POSIX and
// Windows paths, each with an optional :line:column. A path must start a token (after a space,
// quote, bracket, '@' or line start), so "a/b" and "1/2" are left alone.
const LOCATION = /(?<=^|[\s'"`(\[<@=,])(?:file:\/\/[^\s'"`)\]>,]+|node:[\w/.-]+|\/(?:[^\s'"`)\]>,:/]+\/)*[^\s'"`)\]>,:/]+|[A-Za-z]:\\[^\s'"`)\]>,:]+)(?::\d+(?::\d+)?)?/g;
const STACK_LINE = /^\s+at\s/;

/**
 * Removes what a text tells about the host: a stack frame line at a host location is
 * dropped (a run of them becomes one `at <host code>` line), and any other absolute path that is
 * not a guest script's becomes `<host>`.
 */
export function redactHost(text: string, isGuestPath: (file: string) => boolean): string {
  const lines = text.split('\n');
  const out: string[] = [];
  for (const line of lines) {
    if (STACK_LINE.test(line) && namesOnlyHost(line, isGuestPath)) {
      if (out[out.length - 1] !== REDACTED_FRAMES) out.push(REDACTED_FRAMES);
      continue;
    }
    out.push(line.replace(LOCATION, (token) => (isGuestPath(locationPath(token)) ? token : REDACTED_PATH)));
  }
  return out.join('\n');
}

/** A frame line with a location, none of them a guest script's (`at push (native)` has none). */
function namesOnlyHost(line: string, isGuestPath: (file: string) => boolean): boolean {
  const files = [...line.matchAll(LOCATION)].map((m) => locationPath(m[0]));
  return files.length > 0 && !files.some(isGuestPath);
}

/** The file a location token names, without :line:column. */
function locationPath(token: string): string {
  const bare = token.replace(/(?::\d+){1,2}$/, '');
  if (!bare.startsWith('file:')) return bare;
  try {
    return fileURLToPath(bare);
  } catch {
    return bare;
  }
}
