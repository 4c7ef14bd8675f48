// Where V8 loses a step, and where it should have stopped instead.
//
// V8 bug worked around by the oracle (opt-in `repairRethrow`): an exception rethrown at the end of
// a `finally` block (the `ReThrow` bytecode) never calls `Debug::PrepareStepOnThrow`, so a step
// taken inside that finally block is lost as soon as the exception leaves the frame: the program
// runs on until some unrelated one-shot break (a later call of the same function) or its end.
// V8 steps correctly through a plain `throw` (it floods the handler's frame), so the correct stop
// is the first statement of the catch or finally block that receives the exception in a caller.
// The oracle puts temporary breakpoints on those statements while a step leaves a finally block.
import * as acorn from 'acorn';

/** 1-based line, 0-based column (CDP's column). */
export interface Pos { line: number; column: number }

export interface RethrowRepair {
  /** Source ranges of every finally block, with the innermost function holding it (-1: top level). */
  finallyRanges: Array<{ start: Pos; end: Pos; fn: number }>;
  /**
   * First statement of every catch and finally block: where an exception is received. Those in
   * the stepping function itself are left to V8 (it floods that function), and must be: a
   * breakpoint set and removed there while it runs crashed Node 20 ("abort: Invalid bytecode").
   */
  handlers: Array<Pos & { fn: number }>;
}

type AnyNode = acorn.Node & Record<string, any>;

/** Visits every node with the index of the innermost function around it (-1: top level). */
function walk(node: unknown, fn: number, next: { n: number }, visit: (n: AnyNode, fn: number) => void): void {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const x of node) walk(x, fn, next, visit);
    return;
  }
  const n = node as AnyNode;
  if (typeof n.type !== 'string') return;
  visit(n, fn);
  const inner = /Function/.test(n.type) ? next.n++ : fn;
  for (const [k, v] of Object.entries(n)) if (k !== 'loc' && v && typeof v === 'object') walk(v, inner, next, visit);
}

export function rethrowRepairFor(source: string): RethrowRepair {
  const out: RethrowRepair = { finallyRanges: [], handlers: [] };
  let ast: acorn.Node;
  try {
    ast = acorn.parse(source, { ecmaVersion: 'latest', sourceType: 'script', locations: true, allowHashBang: true });
  } catch {
    return out; // not a script acorn parses: no repair (V8 reports its own syntax error)
  }
  const pos = (p: acorn.Position): Pos => ({ line: p.line, column: p.column });
  walk(ast, -1, { n: 0 }, (n, fn) => {
    if (n.type !== 'TryStatement') return;
    const first = n.handler?.body.body[0] as AnyNode | undefined;
    if (first) out.handlers.push({ ...pos(first.loc!.start), fn });
    if (n.finalizer) {
      out.finallyRanges.push({ start: pos(n.finalizer.loc!.start), end: pos(n.finalizer.loc!.end), fn });
      const f = n.finalizer.body[0] as AnyNode | undefined;
      if (f) out.handlers.push({ ...pos(f.loc!.start), fn });
    }
  });
  return out;
}
