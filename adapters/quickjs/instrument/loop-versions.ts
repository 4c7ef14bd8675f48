// Two versions of a loop's body. The original loop runs untouched, with one flag test at the top of
// each iteration instead of a check per statement, test and update. When the flag turns on (a
// breakpoint set while it runs, a pause, a step arriving), that iteration switches to the
// instrumented copy, flattened onto the body's first line, which runs the remaining iterations:
//   for (init; test; update) {if(F){do{BODY}while((UPDATE),(TEST));break} body }
//   while (test)             {if(F){do{BODY}while(TEST);break} body }   (and a check at the test on entry)
//   do {if(F){do{BODY}while(TEST);break} body } while (test)
//   for (x of xs)            {if(F){BODY;continue} body }
// The switch goes one way: once instrumented, the loop stays so until it ends. A loop entered while
// already armed misses one stop: the first evaluation of a `for` test (on the `for` line, after the
// init stop).
import type { PlainCopyKind } from './plain-copy.js';
import { scanForVersions, TextBuilder, type FlatCopy } from './plain-copy.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyNode = any;

export const LOOP_TYPES = new Set(['ForStatement', 'ForInStatement', 'ForOfStatement', 'WhileStatement', 'DoWhileStatement']);

// Not in a versioned loop:
// - functions, classes: each copy would hold its own (2^depth code), and closures would capture
//   one copy's bindings;
// - await/yield: the plain body does not leave and retake its activation's depth;
// - try/throw: the plain body has no exception hooks;
// - debugger: it stops whenever a debugger is attached.
const EXCLUDED = new Set([
  'FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression', 'ClassDeclaration', 'ClassExpression',
  'AwaitExpression', 'YieldExpression', 'TryStatement', 'ThrowStatement', 'DebuggerStatement',
]);

/** Whether the loop may get two versions, and which flag picks them; undefined when it may not. */
export function loopVersionKind(loop: AnyNode): PlainCopyKind | undefined {
  // A `continue` to a label outside the loop (its own included) would skip the copy's checks at
  // the update and the test: such loops keep one version.
  const inside = new Set<string>();
  return scanForVersions(loop, EXCLUDED, (node) => {
    if (node.type === 'LabeledStatement') inside.add(node.label.name);
    return !(node.type === 'ContinueStatement' && node.label && !inside.has(node.label.name));
  });
}

/** The instrumented copies of a loop's parts (flattened, with their checks). */
export interface LoopCopies {
  body: FlatCopy;
  test?: FlatCopy;
  update?: FlatCopy;
}

/** The text that opens the plain body: the switch to the instrumented copy (closed by `}` after the body). */
export function switchToInstrumented(loop: AnyNode, flag: string, copies: LoopCopies): FlatCopy {
  const out = new TextBuilder();
  out.literal(`{if(${flag}){`);
  if (loop.type === 'ForInStatement' || loop.type === 'ForOfStatement') {
    out.copy(copies.body).literal(';continue}');
    return out.done();
  }
  // The loop's condition after a body: the update (if any), then the test (or `1` without one).
  out.literal('do{').copy(copies.body).literal('}while(');
  if (copies.update) out.literal('(').copy(copies.update).literal('),');
  if (copies.test) out.literal('(').copy(copies.test).literal(')');
  else out.literal('1');
  out.literal(');break}');
  return out.done();
}
