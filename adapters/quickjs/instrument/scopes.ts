// Static scope analysis for the instrumenter: which bindings are visible at a statement,
// grouped the way a debugger shows them (Local, Closure, Block). Globals are read at run time.
import type { Node } from 'acorn';

type AnyNode = Node & Record<string, any>;

export type ScopeKind = 'program' | 'function' | 'block';

export class Scope {
  readonly names = new Map<string, { isConst: boolean }>();
  constructor(
    readonly kind: ScopeKind,
    readonly parent: Scope | null,
    /** For function scopes: the function's name, shown as "Closure (name)". */
    readonly label = '',
    /** For function scopes: every name the function's code mentions. */
    readonly referenced: Set<string> | null = null,
  ) {}

  declare(name: string, isConst: boolean): void {
    if (!this.names.has(name)) this.names.set(name, { isConst });
  }

  /** The function (or program) scope this scope belongs to. */
  get owner(): Scope {
    let s: Scope = this;
    while (s.kind === 'block' && s.parent) s = s.parent;
    return s;
  }
}

export interface ScopeGroup {
  kind: 'local' | 'closure';
  name: string;
  /** Names in reader-index order: index i in the group is `firstIndex + i`. */
  names: string[];
  firstIndex: number;
}

/** Names that are never shown: they are instrumentation, or reading them would cost every call. */
const HIDDEN = new Set(['arguments']);

/**
 * Outer bindings are shown only when the current function mentions them, as V8 shows only
 * captured variables. Listing every outer binding would repeat a bundle's hundreds of top-level
 * names at every statement.
 */
export function visibleGroups(scope: Scope): ScopeGroup[] {
  const referenced = scope.owner.referenced;
  const groups: ScopeGroup[] = [];
  const seen = new Set<string>();
  let index = 0;
  let current: ScopeGroup | null = null;
  let currentOwner: Scope | null = null;
  for (let s: Scope | null = scope; s && s.kind !== 'program'; s = s.parent) {
    const owner = s.owner;
    if (owner !== currentOwner) {
      currentOwner = owner;
      const isLocal = owner === scope.owner;
      const name = owner.kind === 'program' ? 'Block' : isLocal ? 'Local' : `Closure${owner.label ? ` (${owner.label})` : ''}`;
      current = { kind: isLocal ? 'local' : 'closure', name, names: [], firstIndex: index };
      groups.push(current);
    }
    const isLocal = owner === scope.owner;
    for (const name of s.names.keys()) {
      if (seen.has(name) || HIDDEN.has(name)) continue;
      if (!isLocal && referenced && !referenced.has(name)) continue;
      seen.add(name);
      current!.names.push(name);
      index++;
    }
  }
  // A function always shows its Local scope, even when empty (as V8 does); other scopes only when not.
  return groups.filter((g) => g.names.length > 0 || (g.kind === 'local' && g.name === 'Local'));
}

export function declarePattern(pattern: AnyNode | null | undefined, scope: Scope, isConst: boolean): void {
  if (!pattern) return;
  switch (pattern.type) {
    case 'Identifier':
      scope.declare(pattern.name, isConst);
      break;
    case 'ObjectPattern':
      for (const p of pattern.properties) declarePattern(p.type === 'RestElement' ? p.argument : p.value, scope, isConst);
      break;
    case 'ArrayPattern':
      for (const e of pattern.elements) declarePattern(e, scope, isConst);
      break;
    case 'AssignmentPattern':
      declarePattern(pattern.left, scope, isConst);
      break;
    case 'RestElement':
      declarePattern(pattern.argument, scope, isConst);
      break;
  }
}

export const FUNCTION_TYPES = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);

/**
 * `var` declarations anywhere in a function body (not in nested functions or classes) hoist to it;
 * with `annexB` (sloppy mode) so do function declarations inside blocks.
 */
export function hoistVars(node: AnyNode, fnScope: Scope, annexB: boolean): void {
  if (!node || typeof node.type !== 'string') return;
  if (annexB && node.type === 'FunctionDeclaration' && node.id) fnScope.declare(node.id.name, false);
  if (FUNCTION_TYPES.has(node.type) || node.type === 'ClassBody') return;
  if (node.type === 'VariableDeclaration' && node.kind === 'var') {
    for (const d of node.declarations) declarePattern(d.id, fnScope, false);
  }
  for (const child of childNodes(node)) hoistVars(child, fnScope, annexB);
}

/** let/const/class/function declarations made directly in a statement list. */
export function declareLexical(statements: AnyNode[], scope: Scope): void {
  for (let s of statements) {
    // Modules: `export <declaration>` declares it; imports are immutable bindings.
    if ((s.type === 'ExportNamedDeclaration' || s.type === 'ExportDefaultDeclaration') && s.declaration) s = s.declaration;
    if (s.type === 'ImportDeclaration') for (const spec of s.specifiers) scope.declare(spec.local.name, true);
    if (s.type === 'VariableDeclaration' && s.kind !== 'var') {
      for (const d of s.declarations) declarePattern(d.id, scope, s.kind === 'const');
    } else if ((s.type === 'ClassDeclaration' || s.type === 'FunctionDeclaration') && s.id) {
      scope.declare(s.id.name, false);
    }
  }
}

export function childNodes(node: AnyNode): AnyNode[] {
  const out: AnyNode[] = [];
  for (const key in node) {
    if (key === 'loc' || key === 'start' || key === 'end' || key === 'type') continue;
    const v = node[key];
    if (Array.isArray(v)) {
      for (const item of v) if (item && typeof item.type === 'string') out.push(item);
    } else if (v && typeof v.type === 'string') {
      out.push(v);
    }
  }
  return out;
}

const NON_REFERENCE_KEYS: Record<string, string[]> = {
  MemberExpression: ['property'],
  Property: ['key'],
  MethodDefinition: ['key'],
  PropertyDefinition: ['key'],
  LabeledStatement: ['label'],
  BreakStatement: ['label'],
  ContinueStatement: ['label'],
  MetaProperty: ['meta', 'property'],
  // A function's own name is a declaration, not a use.
  FunctionDeclaration: ['id'],
  FunctionExpression: ['id'],
};

/** Identifier names used anywhere in a node (over-approximates references; fine for display). */
export function referencedNames(node: AnyNode): Set<string> {
  const names = new Set<string>();
  const visit = (n: AnyNode) => {
    if (n.type === 'Identifier') {
      names.add(n.name);
      return;
    }
    const skip = n.computed ? [] : [...(NON_REFERENCE_KEYS[n.type] ?? [])];
    if (n !== node && (n.type === 'FunctionDeclaration' || n.type === 'FunctionExpression')) skip.length = 0;
    for (const key in n) {
      if (key === 'loc' || skip.includes(key)) continue;
      const v = n[key];
      if (Array.isArray(v)) {
        for (const item of v) if (item && typeof item.type === 'string') visit(item);
      } else if (v && typeof v.type === 'string') {
        visit(v);
      }
    }
  };
  visit(node);
  return names;
}
