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

/**
 * Whether a launch is guest-only: always under the operator's guest-only policy (which refuses a
 * launch that asks for the host), otherwise unless it sets "exposeHost".
 */
export function hidesHost(guestOnlyPolicy: boolean, args: { exposeHost?: unknown }, launch: { exposeHost: boolean; mixedStack: boolean }): boolean {
  if (guestOnlyPolicy && (args.exposeHost === true || launch.mixedStack)) {
    throw new Error('This debug adapter serves guest-only sessions: "exposeHost" and "mixedStack" cannot be turned on.');
  }
  return guestOnlyPolicy || !launch.exposeHost;
}

/**
 * What one run shows of the host process's own text. Guest-only: host paths and frames are
 * redacted, and its stderr (a host crash prints host code and paths) is withheld with one notice;
 * the guest's console goes through the producer, not stderr.
 */
export class HostView {
  private stderrWithheld = false;

  /** `guestPaths`: the files of the guest's scripts, which stay visible. */
  constructor(public hidden: boolean, private readonly guestPaths: () => string[]) {}

  /** A new run, guest-only or not. */
  restart(hidden: boolean): void {
    this.hidden = hidden;
    this.stderrWithheld = false;
  }

  /** Text from the debuggee process: as is, or without host paths and host stack frames. */
  redact(text: string): string {
    if (!this.hidden) return text;
    const guest = new Set(this.guestPaths());
    return redactHost(text, (file) => guest.has(file));
  }

  /** What to show of a chunk of the host's stderr: the chunk itself, the one notice, or nothing. */
  stderr(text: string): { text: string; category: 'stderr' | 'console' } | undefined {
    if (!this.hidden) return { text, category: 'stderr' };
    if (this.stderrWithheld) return undefined;
    this.stderrWithheld = true;
    return { text: 'nestdbg: the host process wrote to stderr; that output is hidden in guest-only mode.\n', category: 'console' };
  }

  /** Throws for a request that would reach past the guest. */
  refuseIfHidden(): void {
    if (this.hidden) throw new Error(GUEST_ONLY_REFUSAL);
  }
}

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
