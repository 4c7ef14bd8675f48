// Where V8 has pause positions and what the instrumenter asks of a statement or body: whether a
// statement gets a check, whether a return leaves at once, whether a body is strict.
import { scanForVersions } from './plain-copy.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyNode = any;

/** Whether a statement gets a check: V8 has a pause position there. */
export function needsCheck(s: AnyNode): boolean {
  // V8 has no pause position at these: a block or `try {` is entered, not executed.
  // Imports run before the module body; `export … from` and `export {…}` do nothing in it.
  if (s.type === 'ImportDeclaration' || s.type === 'ExportAllDeclaration' || (s.type === 'ExportNamedDeclaration' && !s.declaration)) return false;
  if ((s.type === 'ExportNamedDeclaration' || s.type === 'ExportDefaultDeclaration') && s.declaration) return needsCheck(s.declaration);
  if (s.type === 'FunctionDeclaration' || s.type === 'EmptyStatement' || s.type === 'BlockStatement' || s.type === 'TryStatement') return false;
  if (s.type === 'ClassDeclaration') return false;
  if (s.directive !== undefined) return false;
  // V8 pauses at a while loop's test, not at the keyword: the test carries the check.
  if (s.type === 'WhileStatement' || s.type === 'DoWhileStatement') return false;
  if (s.type === 'VariableDeclaration' && s.kind === 'var') return s.declarations.some((d: AnyNode) => d.init);
  return true;
}

// What may run code before a return leaves its function: besides calls, getters and suspensions.
const BEFORE_RETURNING = new Set(['MemberExpression', 'AwaitExpression', 'YieldExpression', 'FunctionExpression', 'ArrowFunctionExpression', 'ClassExpression']);
/** Whether evaluating `value` (a return's argument, an arrow's body) runs no other guest code. */
export const returnsAtOnce = (value: AnyNode | null | undefined): boolean => !value || scanForVersions(value, BEFORE_RETURNING) === 'call-free';

/** Whether a program or function body starts with a "use strict" directive. */
export function isStrictBody(body: AnyNode): boolean {
  for (const st of body.body ?? []) {
    if (st.directive === undefined) return false;
    if (st.directive === 'use strict') return true;
  }
  return false;
}
