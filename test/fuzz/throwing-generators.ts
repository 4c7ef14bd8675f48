// Which lines call, directly or through other functions, a generator that can throw: the lines
// where V8 (Node 20) may lose a step over (normalize.ts rule 17). A name-based call graph over the
// program's functions, methods and classes: conservative (any function of that name counts,
// a throw anywhere in a body counts), since it only decides where the comparison stops early.
import * as acorn from 'acorn';

type AnyNode = acorn.Node & Record<string, any>;

interface Fn {
  generator: boolean;
  throws: boolean;
  /** Names this function's body calls (callee identifiers, method names, `new` class names). */
  calls: Set<string>;
}

/** The name a call targets: `f()`, `o.m()`, `new K()`; undefined for computed callees. */
function calleeName(n: AnyNode): string | undefined {
  const c = n.callee as AnyNode;
  if (c.type === 'Identifier') return c.name;
  if (c.type === 'MemberExpression' && !c.computed && c.property.type === 'Identifier') return c.property.name;
  return undefined;
}

/** The name a function node is called by, from its parent (declaration, variable, method). */
function fnName(n: AnyNode, parent: AnyNode | undefined, cls: string | undefined): string | undefined {
  if (n.id?.name) return n.id.name;
  if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name;
  if (parent?.type === 'MethodDefinition' && parent.key.type === 'Identifier') {
    return parent.kind === 'constructor' ? cls : parent.key.name;
  }
  return undefined;
}

export function throwingGeneratorCallLines(source: string): Set<number> {
  const lines = new Set<number>();
  let ast: acorn.Node;
  try {
    ast = acorn.parse(source, { ecmaVersion: 'latest', sourceType: 'script', locations: true });
  } catch {
    return lines;
  }
  const fns = new Map<string, Fn[]>();
  const calls: Array<{ name: string; line: number }> = [];
  // Every function enclosing the node being visited (a call or throw counts for all of them).
  const visit = (node: unknown, stack: Fn[], parent?: AnyNode, cls?: string): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) { for (const x of node) visit(x, stack, parent, cls); return; }
    const n = node as AnyNode;
    if (typeof n.type !== 'string') return;
    if (n.type === 'ClassDeclaration' || n.type === 'ClassExpression') cls = n.id?.name;
    if (n.type === 'ThrowStatement') for (const f of stack) f.throws = true;
    if (n.type === 'CallExpression' || n.type === 'NewExpression') {
      const name = calleeName(n);
      if (name) {
        calls.push({ name, line: n.loc!.start.line });
        for (const f of stack) f.calls.add(name);
      }
    }
    if (/Function/.test(n.type)) {
      const f: Fn = { generator: !!n.generator, throws: false, calls: new Set() };
      const name = fnName(n, parent, cls);
      if (name) fns.set(name, [...(fns.get(name) ?? []), f]);
      stack = [...stack, f];
    }
    for (const [k, v] of Object.entries(n)) if (k !== 'loc' && v && typeof v === 'object') visit(v, stack, n, cls);
  };
  visit(ast, []);
  // Fixpoints: which names can throw, then which names can reach a generator that can throw.
  const closure = (seed: (f: Fn, name: string) => boolean): Set<string> => {
    const set = new Set<string>();
    for (let changed = true; changed;) {
      changed = false;
      for (const [name, list] of fns) {
        if (set.has(name)) continue;
        if (list.some((f) => seed(f, name) || [...f.calls].some((c) => set.has(c)))) { set.add(name); changed = true; }
      }
    }
    return set;
  };
  const canThrow = closure((f) => f.throws);
  const reaches = closure((f, name) => f.generator && canThrow.has(name));
  for (const c of calls) if (reaches.has(c.name)) lines.add(c.line);
  return lines;
}
