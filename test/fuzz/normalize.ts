// Every normalization rule for legitimate differences between nestdbg and V8 when stepping the
// same program, in ONE place. Each rule says why it is legitimate. Anything not covered here
// counts as a disagreement.
import * as acorn from 'acorn';
import type { StopRecord } from './runners.js';
import { throwingGeneratorCallLines } from './throwing-generators.js';

type AnyNode = acorn.Node & Record<string, any>;

/** What the rules below need to know about the program's syntax, by line. */
interface SourceFacts {
  /** End line -> start line of every `return` statement that spans several lines. */
  multiLineReturns: Map<number, number>;
  /** Last line -> name of every function declared in a block (not directly in a body). */
  blockFunctionEnds: Map<number, string>;
  /**
   * Line -> lexical names of the scope a statement starting there opens before its first stop:
   * `for (let i …;…)` header bindings, and the let/const/class declared in a switch's cases.
   */
  headerNames: Map<number, Set<string>>;
  /** for-of / for-in header line -> functions declared directly in the loop's body block. */
  forBodyFunctions: Map<number, Set<string>>;
  /** Lines where a function returns: its `return` statements and its closing `}`. */
  returnLines: Set<number>;
  /** Lines holding a statement that copies one binding to another, `x = y;` (or `x = x;`). */
  selfAssignments: Set<number>;
  lines: string[];
}

const factsCache = new Map<string, SourceFacts>();

function patternNames(p: AnyNode | null): string[] {
  if (!p) return [];
  switch (p.type) {
    case 'Identifier': return [p.name];
    case 'ObjectPattern': return p.properties.flatMap((x: AnyNode) => patternNames(x.type === 'RestElement' ? x.argument : x.value));
    case 'ArrayPattern': return p.elements.flatMap((x: AnyNode | null) => patternNames(x));
    case 'RestElement': return patternNames(p.argument);
    case 'AssignmentPattern': return patternNames(p.left);
    default: return [];
  }
}

function sourceFacts(source: string): SourceFacts {
  let facts = factsCache.get(source);
  if (facts) return facts;
  facts = { multiLineReturns: new Map(), blockFunctionEnds: new Map(), headerNames: new Map(), forBodyFunctions: new Map(), returnLines: new Set(), selfAssignments: new Set(), lines: source.split('\n') };
  const header = (line: number, names: string[]) => {
    const set = facts!.headerNames.get(line) ?? new Set<string>();
    for (const n of names) set.add(n);
    facts!.headerNames.set(line, set);
  };
  const declared = (d: AnyNode): string[] => d.type === 'VariableDeclaration' && d.kind !== 'var'
    ? d.declarations.flatMap((x: AnyNode) => patternNames(x.id)) : d.type === 'ClassDeclaration' ? [d.id.name] : [];
  let ast: acorn.Node | undefined;
  try {
    ast = acorn.parse(source, { ecmaVersion: 'latest', sourceType: 'script', locations: true });
  } catch { /* no facts: the rules that need them do nothing */ }
  const visit = (n: unknown, parent?: AnyNode, grand?: AnyNode): void => {
    if (!n || typeof n !== 'object') return;
    if (Array.isArray(n)) { for (const x of n) visit(x, parent, grand); return; }
    const node = n as AnyNode;
    if (typeof node.type !== 'string') return;
    const { start, end } = node.loc!;
    if (node.type === 'ReturnStatement' && end.line > start.line) facts!.multiLineReturns.set(end.line, start.line);
    if (node.type === 'ReturnStatement') facts!.returnLines.add(start.line);
    if (/Function/.test(node.type) && node.body.type === 'BlockStatement') facts!.returnLines.add(end.line);
    if (node.type === 'ForStatement' && node.init) header(start.line, declared(node.init));
    if ((node.type === 'ForOfStatement' || node.type === 'ForInStatement') && node.body.type === 'BlockStatement') {
      facts!.forBodyFunctions.set(start.line, new Set(node.body.body.filter((x: AnyNode) => x.type === 'FunctionDeclaration').map((x: AnyNode) => x.id.name)));
    }
    if (node.type === 'SwitchStatement') header(start.line, node.cases.flatMap((c: AnyNode) => c.consequent.flatMap(declared)));
    const e = node.type === 'ExpressionStatement' ? node.expression : undefined;
    if (e?.type === 'AssignmentExpression' && e.operator === '=' && e.left.type === 'Identifier' && e.right.type === 'Identifier') {
      facts!.selfAssignments.add(start.line);
    }
    // In a block or a switch case, but not in the block that is a function's body.
    if (node.type === 'FunctionDeclaration' && (parent?.type === 'SwitchCase' || (parent?.type === 'BlockStatement' && !/Function/.test(grand?.type ?? '')))) {
      facts!.blockFunctionEnds.set(end.line, node.id.name);
    }
    for (const [k, v] of Object.entries(node)) if (k !== 'loc' && v && typeof v === 'object') visit(v, node, parent);
  };
  if (ast) visit(ast);
  factsCache.clear(); // one program at a time
  factsCache.set(source, facts);
  return facts;
}

/**
 * Rule 1 — consecutive stops on one line count once.
 * V8 pauses at expression positions inside a statement (e.g. `const x = •1;`, the test and the
 * update of a for header, a function's return position right after `return x;`), while nestdbg
 * stops once per statement (statement granularity). Both sides are deduplicated the same way.
 */
export function dedupLines(stops: StopRecord[]): StopRecord[] {
  return stops.filter((s, i) => i === 0 || s.line !== stops[i - 1]!.line || s.stack.length !== stops[i - 1]!.stack.length);
}

/**
 * Rule 2 — no second stop on a call's line after the callee returns.
 * V8 pauses again on the caller's line after a callee returns when more of the expression
 * remains (`return a(1) + b(2);`, `const r = f(x);` at its assignment position); nestdbg has no
 * statement start there. A stop on the same line and depth as an earlier stop, where every stop in
 * between was deeper (inside the callee), is dropped — on both sides, so it is symmetric.
 * The step policy follows suit (runners.ts actionAt, the oracle's policyStep): at a revisit, and at
 * a stop right after one on the same line and depth, the step that led there is taken again, since
 * nestdbg's one step went on through those positions (seed 4200030).
 */
export function dropCallReturnRevisits(stops: StopRecord[]): StopRecord[] {
  const out: StopRecord[] = [];
  for (const s of stops) {
    let revisit = false;
    for (let j = out.length - 1; j >= 0; j--) {
      const p = out[j]!;
      if (p.stack.length > s.stack.length) continue;
      revisit = j < out.length - 1 && p.stack.length === s.stack.length && p.line === s.line;
      break;
    }
    if (!revisit) out.push(s);
  }
  return out;
}

/**
 * Rule 3 — V8's end-of-script return position.
 * After the last top-level statement V8 pauses once more at the script's implicit return
 * (a blank line at the end of the file); nestdbg ends the program there instead.
 */
export function dropEndOfScript(stops: StopRecord[], source: string): StopRecord[] {
  const lines = source.split('\n');
  return stops.filter((s) => !(s.stack.length === 1 && (lines[s.line - 1] ?? '').trim() === ''));
}


/**
 * Rule 11 — the exhausted for-of / for-in header.
 * V8 pauses at the loop binding once more when the iterator is done, right before leaving the
 * loop; nestdbg's per-iteration check sits at the top of the body, so it only stops when a value
 * was bound. A header stop whose next stop at the same depth is outside the loop body is dropped
 * (on both sides; nestdbg never has one).
 */
export function dropExhaustedForOf(stops: StopRecord[], source: string): StopRecord[] {
  const lines = source.split('\n');
  const indent = (t: string) => /^\s*/.exec(t)![0].length;
  return stops.filter((s, i) => {
    const text = lines[s.line - 1] ?? '';
    if (!/for\s*\(\s*(const|let|var)\s+[$\w]+\s+(of|in)\b/.test(text)) return true;
    let end = s.line;
    while (end < lines.length && (lines[end]!.trim() === '' || indent(lines[end]!) > indent(text))) end++;
    const next = stops.slice(i + 1).find((x) => x.stack.length <= s.stack.length);
    return !!next && next.stack.length === s.stack.length && next.line > s.line && next.line <= end;
  });
}

/**
 * Rule 12 — the return position of a multi-line `return`.
 * V8 pauses a second time in a `return` statement, at its return position after the value is
 * computed (`return (s) => {…}•;`, `return {…}•;`), which is on the statement's last line when the
 * value spans lines; nestdbg stops once per statement (rule 1's granularity, on another line).
 * A stop on such a statement's last line whose previous stop (same depth, nothing deeper in
 * between) is on its first line is dropped.
 */
export function dropReturnPositions(stops: StopRecord[], source: string): StopRecord[] {
  const { multiLineReturns } = sourceFacts(source);
  return stops.filter((s, i) => {
    const startLine = multiLineReturns.get(s.line);
    const prev = stops[i - 1];
    return !(startLine !== undefined && prev && prev.line === startLine && prev.stack.length === s.stack.length);
  });
}

/**
 * Rule 13 — the end of a function declared in a block (sloppy mode, Annex B.3.3).
 * V8 pauses at the closing `}` of such a declaration in the enclosing function, where it copies
 * the block's binding of the function to the function-level `var` of the same name; that copy is
 * not a statement of the program, and nestdbg does not stop there. A stop on that line whose top
 * frame is not the declared function itself (its own end-of-function stop) is dropped.
 */
export function dropBlockFunctionEnds(stops: StopRecord[], source: string): StopRecord[] {
  const { blockFunctionEnds } = sourceFacts(source);
  return stops.filter((s) => {
    const name = blockFunctionEnds.get(s.line);
    return name === undefined || s.stack[0] === name;
  });
}

/**
 * Rule 15 — a copy between bindings, `x = y;` (or `x = x;`).
 * V8 compiles it to a bare register move (or to nothing) when both live in registers (parameters
 * or locals no closure captures), with no pause position; nestdbg stops at every statement. Stops
 * on such a line are dropped on both sides.
 */
export function dropSelfAssignments(stops: StopRecord[], source: string): StopRecord[] {
  const { selfAssignments } = sourceFacts(source);
  return stops.filter((s) => !selfAssignments.has(s.line));
}

/**
 * Rule 16 — a step over or out of a return goes into the caller's implicit calls.
 * At a return position V8 turns any step into a step out that also stops in the next function
 * entered: when the rest of the caller's expression runs a setter or getter (`o.val = f();`), V8
 * stops in it, though `next` was asked for. nestdbg's step over from a return goes to the
 * caller's next statement. After a `next` or `stepOut` taken on a return line (a `return`, or a
 * function's closing `}`) at depth d, stops at depth d or deeper in another function are dropped
 * until the next stop above depth d (on both sides; a `stepIn` there enters them on both).
 * It reads the raw stops: a step is the `after` of the very next stop, and any stop above depth d
 * ends the window, even one another rule drops (an exhausted for-of header, rule 11; seed
 * 4200083). Only stops the other rules keep (`counts`) start a window: the end of a function
 * declared in a block (rule 13) is on that function's closing line, but not a return of the frame
 * stopped there (seed 4200003).
 */
export function dropStepsIntoImplicitCalls(stops: StopRecord[], source: string, counts: (s: StopRecord) => boolean = () => true): StopRecord[] {
  const { returnLines } = sourceFacts(source);
  const out: StopRecord[] = [];
  let from: StopRecord | undefined;
  stops.forEach((s, i) => {
    if (from && s.stack.length < from.stack.length) from = undefined;
    if (from && s.stack[0] !== from.stack[0]) return;
    out.push(s);
    const next = stops[i + 1];
    if (!from && counts(s) && returnLines.has(s.line) && next && (next.after === 'next' || next.after === 'stepOut')) from = s;
  });
  return out;
}

/**
 * Rule 17 — V8 loses a step over a call below which a generator throws.
 * V8 (Node 20) loses a `next` (or `stepOut`) over a call when, two or more frames below, a
 * generator runs code that throws and catches an exception (`c()` where `c` spreads `g()` and `g`
 * calls a function that throws and catches): the program runs on without pausing, to its end or
 * to some unrelated pause much later, where nestdbg stops at the next statement. What V8 would
 * have shown after such a step is unknown, so each side's record is cut after the first stop
 * where a `next` or `stepOut` is taken on a line that calls, directly or not, a generator that
 * can throw (throwing-generators.ts); the comparison then ends at the last stop both made.
 */
export function cutAtLostSteps(stops: StopRecord[], source: string): { stops: StopRecord[]; cut: boolean } {
  let lines = lostStepLinesCache.get(source);
  if (!lines) {
    lines = throwingGeneratorCallLines(source);
    lostStepLinesCache.clear();
    lostStepLinesCache.set(source, lines);
  }
  const i = stops.findIndex((s, k) => lines!.has(s.line) && ['next', 'stepOut'].includes(stops[k + 1]?.after ?? ''));
  return i < 0 ? { stops, cut: false } : { stops: stops.slice(0, i + 1), cut: true };
}
const lostStepLinesCache = new Map<string, Set<number>>();

/** Applies rules 1-4, 11-13, 15 and 16 to one side's stops. */
export function normalizeStops(stops: StopRecord[], source: string): StopRecord[] {
  const positions = new Set(dropSelfAssignments(dropBlockFunctionEnds(dropExhaustedForOf(dropEndOfScript(stops, source), source), source), source));
  const kept = dropStepsIntoImplicitCalls(stops, source, (s) => positions.has(s)).filter((s) => positions.has(s));
  return dedupLines(dropCallReturnRevisits(dropReturnPositions(kept, source)));
}

/**
 * Rule 5 — frame names.
 * V8 calls the top-level script `(anonymous)`, nestdbg `(program)`. V8 names accessors
 * `get x` / `set x` or just `x` depending on the frame (the function's debug name vs. the
 * property), and nestdbg likewise varies: the accessor prefix is dropped on both sides. Anonymous
 * functions are `(anonymous)` on both sides, whatever either side prints for an empty name.
 */
export function frameName(name: string, side: 'nest' | 'v8', isBottom: boolean): string {
  if (isBottom && (name === '(program)' || name === '(anonymous)')) return '<script>';
  if (name === '' || name === '(anonymous)' || name === '<anonymous>') return '(anonymous)';
  void side;
  return name.replace(/^(get|set) /, '');
}

export function stackNames(s: StopRecord, side: 'nest' | 'v8'): string[] {
  return s.stack.map((n, i) => frameName(n, side, i === s.stack.length - 1));
}

/**
 * Rule 6 — values.
 * Primitives compare exactly, with strings compared by content (nestdbg quotes with '…', the
 * oracle with JSON "…"). Objects compare by class name only (the oracle shows only V8's className):
 * arrays and functions by kind ('array', 'function' — V8 says Function / AsyncFunction /
 * GeneratorFunction / class constructors are Function too), everything else by class name, where
 * V8's internal class names for generator objects ('Generator') correspond to nestdbg's 'Object'
 * (a generator object's prototype chain has no named constructor) and plain objects are 'Object'.
 *
 * Rule 7 — TDZ: V8 renders a let/const/class binding in its temporal dead zone as `undefined`
 * (same as Runtime.getProperties); nestdbg shows `<uninitialized>`. Both become `undefined`.
 */
export function nestValue(display: string, type: string): string {
  if (type === 'uninitialized') return '<tdz>';
  if (type === 'string') return JSON.stringify(unquoteSingle(display));
  if (['number', 'boolean', 'undefined', 'null', 'bigint', 'symbol'].includes(type)) return display;
  if (type === 'function') return '<function>';
  if (type === 'array') return '<array>';
  return `<${type || 'Object'}>`;
}

/** Rule 7, continued: V8 may also show a loop body's `let` with the previous iteration's value
 * before its declaration runs again (the body's block context is reused until the declaration);
 * whatever V8 shows for a binding nestdbg reports in its TDZ is accepted. */
export function sameValue(nest: string, v8: string): boolean {
  return nest === '<tdz>' || nest === v8;
}

export function v8Value(rendered: string): string {
  if (/^(undefined|null|true|false|-?\d.*|NaN|-?Infinity|-0|"(.|\n)*")$/.test(rendered)) return rendered;
  if (/^Symbol\(/.test(rendered)) return rendered;
  if (/Function$/.test(rendered)) return '<function>';
  if (rendered === 'Array') return '<array>';
  if (rendered === 'Generator' || rendered === 'AsyncGenerator') return '<Object>';
  return `<${rendered}>`;
}

function unquoteSingle(s: string): string {
  if (!(s.startsWith("'") && s.endsWith("'"))) return s;
  return s.slice(1, -1).replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
}

/**
 * Rule 8 — which variables are compared.
 * Values are compared for names both sides show. Names the V8 frame owns (local, block and catch
 * scopes) must also be shown by nestdbg, except: V8 lists internal bindings of its own
 * (`.generator_object`, `.result`, names starting with '.'), and nestdbg's own guest names
 * (`$__nd…`) are never user bindings. Closure and script scopes are not required on either side:
 * V8 lists only the captured variables it context-allocated, and what is global differs
 * (V8's oracle skips the global scope, where nestdbg lists top-level var/function names).
 */
export function isInternalName(name: string): boolean {
  return name.startsWith('.') || name.startsWith('$__nd') || name === 'this';
}

/**
 * Rule 9 — bindings of a scope V8 has entered and nestdbg has not yet.
 * V8 pauses inside a statement's own scope (at a for header's `let i = 0`, at a switch whose cases
 * declare lets) and lists those bindings, still in their TDZ, as `undefined`; nestdbg stops before
 * the statement, outside that scope, where the bindings do not exist yet. A name missing on
 * nestdbg's side whose V8 value is `undefined` is therefore not a difference.
 *
 * Rule 10 — a for-of / for-in loop variable on its header line.
 * V8 pauses at the loop binding before the next value is bound (the fresh iteration binding is
 * in its TDZ: `undefined`); nestdbg checks at the top of the body, after binding. The variable
 * declared in the header is not compared at a stop on the header line, nor are the functions
 * declared in the body block: nestdbg's check is inside that block, where they are already
 * initialized, and V8's header position outside it (where, sloppy Annex B, the function-level
 * binding is still `undefined` before the first iteration declares it).
 *
 * Rule 14 — bindings of a for header or a switch body, at the statement's first stop.
 * nestdbg's first stop on a `for (let i = …;…)` or a `switch` is before the statement, outside
 * the scope it opens (the bindings do not exist yet); V8 pauses inside that scope (at the
 * initializer, at the discriminant) and shows its bindings in their TDZ as `undefined` (rule 9),
 * or, when the statement ran before, with their last values from that run (V8 reuses the previous
 * run's context there; the bindings are really in their TDZ). Such a name missing on nestdbg's
 * side at a stop on the statement's first line is skipped.
 */
export function skipLocal(name: string, v8Rendered: string, nestHas: boolean, line: number, source: string): boolean {
  if (!nestHas && v8Rendered === 'undefined') return true;
  const lineText = sourceFacts(source).lines[line - 1] ?? '';
  const m = /for\s*\(\s*(?:const|let|var)\s+([$\w]+)\s+(?:of|in)\b/.exec(lineText);
  if (m && m[1] === name) return true;
  if (sourceFacts(source).forBodyFunctions.get(line)?.has(name)) return true;
  return !nestHas && !!sourceFacts(source).headerNames.get(line)?.has(name);
}
