// What the instrumentation produces (sites, functions, the instrumented script) and the names it
// gives its guest-side helpers; shared by the instrumenter, the producer and the guest runtime's twin.
import type { ColumnMap } from './edits.js';
import type { ScopeGroup } from './scopes.js';

export const MARK_OPEN = '/*{nd*/';
export const MARK_CLOSE = '/*nd}*/';
export const MARKERS = [MARK_OPEN, MARK_CLOSE];
export const GUEST_NAMES = { check: '$__nd_c', exception: '$__nd_e', activations: '$__nd_d', flagPrefix: '$__nd_f', checkingPrefix: '$__nd_k',
  swapPrefix: '$__nd_i', registerSwaps: '$__nd_r' } as const;
// Exception hook kinds: $__nd_e(kind, value, site, activation) returns value.
//   0 at a `throw` (before it throws), 1 on entering a catch clause, 2 when an exception leaves a function.
export const EXCEPTION_VALUE = '$__nd_x';
export const BASE = '$__nd_b';
export const SUSPENDED = '$__nd_s';
export const TEMP = '$__nd_t';

export interface Site {
  id: number;
  /** 1-based line and column of the statement in the original source. */
  line: number;
  column: number;
  endLine: number;
  /** Index into `scopes`. */
  scope: number;
  /** 'catch': the entry of a catch clause, for exception stops only (never a breakpoint position). */
  kind: 'statement' | 'function-end' | 'catch';
  /** The function (or the script's top level) the site is in: whose flag arms it. */
  fn: number;
  /**
   * The statement is a return with nothing left to run first (no call, property read, await or
   * yield), or a function's closing brace: a step over from it leaves the function now. Into a
   * builtin (a callback of `map`), V8 then stops in the next function entered: a step in from here.
   */
  returns?: boolean;
}

export interface FunctionInfo {
  id: number;
  name: string;
  line: number;
  endLine: number;
  /** 1-based columns of the function's first and one past its last character. */
  column: number;
  endColumn: number;
  /** An async function: an exception leaving it becomes a rejected promise. */
  isAsync: boolean;
  /**
   * Its plain copy calls nothing (plain-copy.ts), so it runs plain unless its statements are checked
   * or exception filters are set (the instrumented copy's catch-all sees what it raises).
   */
  callFree?: boolean;
  /** Other names it is known by (function-names.ts): `f` of `const f = () => …`, `m` and `A.m` of a method. */
  aliases?: string[];
}

/** A `try` block that has a catch clause, in original positions (1-based columns, end exclusive). */
export interface TryRange {
  fn: number;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface InstrumentedScript {
  code: string;
  columns: ColumnMap;
  sites: Site[];
  /** Scope layouts, shared between sites with the same visible bindings. */
  scopes: ScopeGroup[][];
  /** Names the script declares at top level (its globals). */
  topLevelNames: string[];
  sourceMap: string;
  /** Functions, the script's top level first; their flags are `flagPrefix + id`. */
  functions: FunctionInfo[];
  /** Try blocks with a catch clause: where an exception is caught. */
  tryRanges: TryRange[];
  /**
   * Evaluate before the script: declares the flags and completes with
   * [setOne(id, level, exceptions), setAll(level, exceptions)], the only way to arm them.
   */
  flagPrelude: string;
}

export class InstrumentError extends Error {
  constructor(message: string, readonly line: number, readonly column: number) {
    super(message);
  }
}

// Declares each function's flag and checking flag; completes with [setOne(id, level, exceptions),
// setAll(level, exceptions)]. A call-free function's flag only picks its copy: set at level 2, or
// while exception filters are set (level 1 then, so nothing else checks statements). Swapped
// functions follow the same rule (syncSwaps in guest/debug-runtime.js): change both together.
export function flagPrelude(functions: Pick<FunctionInfo, 'id' | 'callFree'>[]): string {
  const { flagPrefix: f, checkingPrefix: k } = GUEST_NAMES;
  const set = ({ id, callFree }: Pick<FunctionInfo, 'id' | 'callFree'>) => `${f}${id}=${callFree ? 'c' : 'v'};${k}${id}=k;`;
  const locals = 'var k=v>1?1:0,c=k||e?1:0;';
  const cases = functions.map((fn) => `case ${fn.id}:${set(fn)}break;`).join('');
  return `let ${functions.flatMap(({ id }) => [`${f}${id}=0`, `${k}${id}=0`]).join(',')};\n`
    + `[function(i,v,e){${locals}switch(i){${cases}}},function(v,e){${locals}${functions.map(set).join('')}}]`;
}

/** The original text of instrumented code: every inserted fragment removed (guest twin: originalText in guest/source-text.js). */
export function stripInstrumentation(text: string): string {
  if (!text.includes(MARK_OPEN)) return text;
  let out = '';
  let i = 0;
  for (;;) {
    const open = text.indexOf(MARK_OPEN, i);
    if (open < 0) return out + text.slice(i);
    out += text.slice(i, open);
    const close = text.indexOf(MARK_CLOSE, open);
    if (close < 0) return out;
    i = close + MARK_CLOSE.length;
  }
}
