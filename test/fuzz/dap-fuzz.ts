// DAP robustness fuzzer: random and malformed request sequences against the real adapter process
// (dap-session.ts runs them and checks the invariants). Wrong types, unknown commands, variables
// references out of range or stale, requests while running, concurrent requests, garbage frames,
// and the session ending at a random point in one of several ways.
import { generateProgram, rng } from './generator.js';
import { runDapSession, type DapAction, type DapSessionResult, type Ending, type SessionState } from './dap-session.js';
import { writeProgram } from './runners.js';

export interface DapFuzzResult extends DapSessionResult {
  seed: number;
  /** The program's file and source (a saved case replays the source). */
  program: string;
  source: string;
}

const SLOW_PROGRAM = (n: number) => `let total = 0;
for (let i = 0; i < ${n}; i++) {
  total = (total + i) % 1000;
}
console.log("total", total);
function never() {
  console.log("never");
}
`;

const COMMANDS = [
  'threads', 'stackTrace', 'scopes', 'variables', 'evaluate', 'setVariable', 'continue', 'next', 'stepIn', 'stepOut',
  'pause', 'setBreakpoints', 'setExceptionBreakpoints', 'configurationDone', 'source', 'loadedSources',
  'setFunctionBreakpoints', 'breakpointLocations', 'exceptionInfo', 'completions', 'restart', 'goto', 'launch',
  'initialize', 'attach', 'terminate', 'fooBar', '', 'readMemory', 'stepBack', 'setExpression', 'dataBreakpointInfo',
];

/** The program a session debugs: a slow loop (so requests arrive while it runs) or a generated one. */
function sessionProgram(seed: number, chance: (p: number) => boolean, int: (lo: number, hi: number) => number): string {
  return chance(0.35) ? SLOW_PROGRAM(int(50_000, 400_000)) : generateProgram(seed, { functions: 3, statements: 5 }).source;
}

/** One fuzzed session. `dir` holds the programs; its path marks our debuggees in `ps`. */
export async function fuzzDapSession(seed: number, dir: string): Promise<DapFuzzResult> {
  const r = rng(seed ^ 0x5eed);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const chance = (p: number) => r() < p;
  const source = sessionProgram(seed, chance, int);
  const program = writeProgram(dir, `dap-${seed}.js`, source);
  const lineCount = 40;

  const garbage = (): unknown => pick([null, 'x', -1, 0, 1.5, 2 ** 31, -(2 ** 40), true, [], [1, 2], {}, { a: 1 }, '1', NaN, 1e308]);
  const argsFor = (cmd: string, st: SessionState): unknown => {
    const ref = (pool: number[]) => (pool.length && chance(0.6) ? pick(pool) : chance(0.5) ? int(0, 2000) : garbage());
    if (chance(0.15)) return garbage();
    if (chance(0.1)) return undefined;
    switch (cmd) {
      case 'stackTrace': return { threadId: chance(0.8) ? 1 : garbage(), startFrame: chance(0.3) ? garbage() : undefined, levels: chance(0.3) ? garbage() : undefined };
      case 'scopes': return { frameId: ref(st.knownFrames) };
      case 'variables': return { variablesReference: ref(st.knownRefs), filter: chance(0.2) ? pick(['indexed', 'named', 'bogus', 3]) : undefined, start: chance(0.2) ? garbage() : undefined, count: chance(0.2) ? garbage() : undefined };
      case 'evaluate': return { expression: chance(0.8) ? pick(['1+1', 'total', 'i', 'nope', 'throw 1', '(', 'while(true){}'.slice(0, 8), 'console.log("ev")', '[1,2,3]', '({a:{b:1}})']) : garbage(), frameId: chance(0.5) ? ref(st.knownFrames) : undefined, context: pick(['repl', 'watch', 'hover', 'clipboard', undefined, 7]) };
      case 'setVariable': return { variablesReference: ref(st.knownRefs), name: chance(0.8) ? pick(['total', 'i', 'x', 'a0', '']) : garbage(), value: chance(0.8) ? pick(['1', '"s"', '(', 'undefined']) : garbage() };
      case 'setBreakpoints': return { source: chance(0.85) ? { path: chance(0.85) ? program : pick(['/nonexistent.js', 'relative.js', '']) } : garbage(), breakpoints: chance(0.85) ? Array.from({ length: int(0, 4) }, () => ({ line: chance(0.85) ? int(-2, lineCount + 5) : garbage(), column: chance(0.2) ? garbage() : undefined, condition: chance(0.1) ? pick(['i > 3', '(', 'total']) : undefined })) : garbage() };
      case 'continue': case 'next': case 'stepIn': case 'stepOut': case 'pause': case 'stepBack': return { threadId: chance(0.85) ? 1 : garbage() };
      case 'launch': return { program: chance(0.7) ? program : garbage(), engine: chance(0.2) ? pick(['quickjs-ng', 'v8', 3]) : undefined, stopOnEntry: chance(0.3) ? pick([true, false, 'yes']) : undefined, args: chance(0.2) ? garbage() : undefined };
      case 'initialize': return { adapterID: 'nestdbg', linesStartAt1: chance(0.9), columnsStartAt1: chance(0.9) };
      case 'disconnect': return { terminateDebuggee: chance(0.8) ? undefined : garbage() };
      default: return chance(0.5) ? {} : garbage();
    }
  };
  const endWith = (ending: Ending, st: SessionState): DapAction => {
    const a: DapAction = { t: 'end', ending };
    if (ending === 'disconnect-now') {
      const cmds = Array.from({ length: int(1, 4) }, () => pick(['stackTrace', 'variables', 'evaluate', 'next', 'continue', 'threads']));
      a.burst = cmds.map((cmd) => ({ cmd, args: argsFor(cmd, st) }));
    }
    if (ending === 'disconnect' || ending === 'disconnect-now' || ending === 'terminate') a.disconnectArgs = argsFor('disconnect', st);
    return a;
  };

  // The draws happen in the order the actions run, each with the ids known at that point.
  let started = false;
  let planned = -1;
  let taken = 0;
  const next = (st: SessionState): DapAction => {
    if (!started) {
      started = true;
      if (chance(0.85)) {
        return { t: 'init', stopOnEntry: chance(0.5), breakpoints: Array.from({ length: int(0, 3) }, () => int(1, lineCount)), configurationDone: chance(0.9) };
      }
    }
    if (planned < 0) planned = int(5, 35);
    if (taken++ >= planned || st.exited) return endWith('disconnect', st);
    const roll = r();
    if (roll < 0.08) return { t: 'raw', frame: pick(['{not json', '{"type":"request"}', '{"seq":"a","type":"request","command":"threads"}', '[]', '{"type":"event","event":"x","seq":1}', '"str"']) };
    if (roll < 0.25) {
      const cmds = Array.from({ length: int(2, 6) }, () => pick(['stackTrace', 'scopes', 'variables', 'evaluate', 'threads', 'next', 'continue', 'setBreakpoints', 'pause']));
      return { t: 'burst', reqs: cmds.map((cmd) => ({ cmd, args: argsFor(cmd, st) })) };
    }
    if (roll < 0.3) return { t: 'sleep', ms: int(1, 300) };
    if (roll < 0.33) return { t: 'malformed', extra: pick<Record<string, unknown>>([{ seq: 'x' }, { type: 'reqest' }, { arguments: 'str' }, { seq: -5 }]) };
    if (roll < 0.36) return endWith(pick<Ending>(['disconnect', 'disconnect-now', 'terminate', 'close-stdin', 'kill-adapter']), st);
    const cmd = pick(COMMANDS);
    const args = argsFor(cmd, st);
    return { t: 'request', cmd, args, wait: chance(0.7) };
  };
  return { seed, program, source, ...(await runDapSession(program, next)) };
}
