// Hover evaluates only expressions that cannot change the program: names, `this`, literals and
// property reads (`a.b`, `a[0]`, `a?.b`). Like js-debug's side-effect-free hover, but decided by
// syntax: QuickJS has no side-effect check. A getter can still run on a property read.
import * as acorn from 'acorn';

type AnyNode = acorn.Node & Record<string, any>;

export function isSideEffectFree(expression: string): boolean {
  let node: AnyNode;
  try {
    node = acorn.parseExpressionAt(expression, 0, { ecmaVersion: 'latest' }) as AnyNode;
  } catch {
    return false;
  }
  if (expression.slice(node.end).trim() !== '') return false;
  return pure(node);
}

function pure(n: AnyNode): boolean {
  switch (n.type) {
    case 'Identifier':
    case 'ThisExpression':
    case 'Literal':
      return true;
    case 'ChainExpression':
      return pure(n.expression);
    case 'MemberExpression':
      return pure(n.object) && (!n.computed || pure(n.property));
    case 'TemplateLiteral':
      return n.expressions.length === 0;
    default:
      return false;
  }
}
