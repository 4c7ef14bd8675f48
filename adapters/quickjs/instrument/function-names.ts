// The names a user knows a function by, beyond its own `function name`: the binding or property
// it is defined into (`const f = () => …`, `obj.m = function () {}`, `{ m() {} }`, a class method
// `m` of `Point`, which is also `Point.m`). V8 infers the same names for its stack frames; function
// breakpoints bind by any of them (breakpoint-kinds.ts).
import type * as acorn from 'acorn';
import { childNodes, FUNCTION_TYPES } from './scopes.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyNode = acorn.Node & Record<string, any>;

/** A property key as written (`m`, `'m'`, `[computed]`: none). */
function keyName(key: AnyNode, computed: boolean): string | undefined {
  if (!computed && key.type === 'Identifier') return key.name;
  if (key.type === 'Literal' && (typeof key.value === 'string' || typeof key.value === 'number')) return String(key.value);
  if (key.type === 'PrivateIdentifier') return `#${key.name}`;
  return undefined;
}

/** `a.b.c` for a member chain of names and `this`; undefined for anything computed. */
export function dottedName(node: AnyNode): string | undefined {
  if (node.type === 'Identifier') return node.name;
  if (node.type === 'ThisExpression') return 'this';
  if (node.type === 'MemberExpression') {
    const object = dottedName(node.object);
    const property = keyName(node.property, node.computed);
    return object !== undefined && property !== undefined ? `${object}.${property}` : undefined;
  }
  return undefined;
}

/** A qualified name in the form a user types: `A.prototype.m` and `this.m` count as `A.m` and `m`. */
export function canonicalFunctionName(name: string): string {
  return name.trim().replace(/\.prototype(?=\.|$)/g, '').replace(/^this\./, '');
}

/**
 * The names each function is known by, besides its own name: the binding it initializes, the
 * property it is assigned to, or its method name, bare and qualified by its owner.
 */
export function functionBindingNames(ast: AnyNode): Map<AnyNode, string[]> {
  const names = new Map<AnyNode, string[]>();
  const add = (fn: AnyNode, ...candidates: Array<string | undefined>) => {
    const list = names.get(fn) ?? [];
    for (const c of candidates) {
      if (c === undefined) continue;
      const name = canonicalFunctionName(c);
      if (name && !list.includes(name)) list.push(name);
    }
    names.set(fn, list);
  };
  // Classes and object literals already named from where they are defined: the walk skips them.
  const namedAlready = new Set<AnyNode>();
  /** The function a value expression is, through parentheses (acorn drops them) and `class`. */
  const named = (value: AnyNode | null | undefined, ...as: Array<string | undefined>) => {
    if (!value) return;
    if (FUNCTION_TYPES.has(value.type)) add(value, ...as);
    else if (value.type === 'ClassExpression') classNames(value, as);
    else if (value.type === 'ObjectExpression') objectNames(value, as);
  };
  /** A name and its last segment (`obj.m`: also `m`). */
  const withLast = (name: string | undefined) => (name?.includes('.') ? [name, name.slice(name.lastIndexOf('.') + 1)] : [name]);
  const objectNames = (object: AnyNode, owners: Array<string | undefined>) => {
    namedAlready.add(object);
    for (const p of object.properties) {
      if (p.type !== 'Property') continue;
      const key = keyName(p.key, p.computed);
      if (key === undefined) continue;
      named(p.value, key, ...owners.map((o) => (o === undefined ? undefined : `${o}.${key}`)));
    }
  };
  const classNames = (cls: AnyNode, owners: Array<string | undefined>) => {
    namedAlready.add(cls);
    const classOwners = [cls.id?.name, ...owners].filter((o): o is string => o !== undefined && !o.includes('.'));
    for (const member of cls.body.body) {
      if (member.type !== 'MethodDefinition' && member.type !== 'PropertyDefinition') continue;
      const key = keyName(member.key, member.computed);
      if (key === undefined) continue;
      if (member.kind === 'constructor') {
        // A breakpoint on the class binds in its constructor.
        add(member.value, ...classOwners, ...classOwners.map((o) => `${o}.constructor`));
        continue;
      }
      if (member.value && FUNCTION_TYPES.has(member.value.type)) add(member.value, key, ...classOwners.map((o) => `${o}.${key}`));
    }
  };
  const visit = (node: AnyNode) => {
    switch (node.type) {
      case 'VariableDeclarator':
        if (node.id.type === 'Identifier') named(node.init, node.id.name);
        break;
      case 'AssignmentExpression':
        if (node.operator === '=' || node.operator === '||=' || node.operator === '??=') named(node.right, ...withLast(dottedName(node.left)));
        break;
      case 'AssignmentPattern':
        if (node.left.type === 'Identifier') named(node.right, node.left.name);
        break;
      case 'ClassDeclaration':
      case 'ClassExpression':
        if (!namedAlready.has(node)) classNames(node, []);
        break;
      case 'ObjectExpression':
        if (!namedAlready.has(node)) objectNames(node, []);
        break;
      default:
    }
    for (const child of childNodes(node)) visit(child);
  };
  visit(ast);
  return names;
}
