// Which declaration of a name a suspended frame sees, found from the loaded (instrumented) code.
// QuickJS keeps one variable slot per declaration, in source order, and the plain and instrumented
// copies of a function declare every let/const twice. Bellard's QuickJS keeps no map from pc to
// block, so the slot is chosen here: the frame's position picks the innermost declaration whose
// block contains it (the copy it runs in, the loop version it is in).
import type { Node } from 'acorn';
import { childNodes, declarePattern, FUNCTION_TYPES, Scope } from '../instrument/scopes.js';
import { parseScript } from '../instrument/parse.js';

type AnyNode = Node & Record<string, any>;

/** A declaration's name and the text range (offsets in the loaded code) of the block it is scoped to. */
export interface Declaration {
  start: number;
  end: number;
}

/** The declarations of one function (or of the top level), each name's in source order. */
export type FunctionDeclarations = Map<string, Declaration[]>;

// Code QuickJS compiles as a function of its own: a class's field initializers and static blocks.
const SEPARATE_CODE = new Set(['PropertyDefinition', 'StaticBlock']);

export class ScriptDeclarations {
  private readonly program: AnyNode;
  private readonly byFunction = new WeakMap<AnyNode, FunctionDeclarations>();

  constructor(code: string, private readonly module: boolean) {
    this.program = parseScript(code, undefined, module);
  }

  /** The declarations of the function whose own code holds `offset`, or undefined if none can be told. */
  at(offset: number): FunctionDeclarations | undefined {
    const found = innermostFunction(this.program, offset, this.module);
    if (!found) return undefined;
    let decls = this.byFunction.get(found.fn);
    if (!decls) this.byFunction.set(found.fn, (decls = collect(found.fn, this.module, found.strict)));
    return decls;
  }
}

/** The index of the declaration in `list` that a frame at `offset` sees: the innermost holding it. */
export function visibleDeclaration(list: Declaration[], offset: number): number {
  let best = -1;
  list.forEach((d, i) => {
    if (d.start > offset || offset >= d.end) return;
    if (best < 0 || d.end - d.start <= list[best].end - list[best].start) best = i;
  });
  return best;
}

/** The function whose own code holds `offset`, and whether that code is strict. */
function innermostFunction(program: AnyNode, offset: number, module: boolean): { fn: AnyNode; strict: boolean } | undefined {
  let fn: AnyNode = program;
  let strict = module || hasUseStrict(program);
  let node: AnyNode | undefined = program;
  while (node) {
    const next: AnyNode | undefined = childNodes(node).find((c) => c.start <= offset && offset < c.end);
    if (!next) break;
    if (SEPARATE_CODE.has(next.type)) return undefined;
    if (next.type === 'ClassDeclaration' || next.type === 'ClassExpression') strict = true;
    if (FUNCTION_TYPES.has(next.type)) {
      fn = next;
      strict ||= next.body.type === 'BlockStatement' && hasUseStrict(next.body);
    }
    node = next;
  }
  return { fn, strict };
}

function hasUseStrict(body: AnyNode): boolean {
  for (const st of body.body) {
    if (st.directive === undefined) return false;
    if (st.directive === 'use strict') return true;
  }
  return false;
}

/** Whether a parameter list has a default value anywhere (QuickJS: has_parameter_expressions). */
function hasDefaults(node: AnyNode | null | undefined): boolean {
  if (!node) return false;
  if (node.type === 'AssignmentPattern') return true;
  if (FUNCTION_TYPES.has(node.type)) return false;
  return childNodes(node).some(hasDefaults);
}

// A parameter QuickJS keeps as a named argument slot (a pattern's names are locals instead).
function namedParameter(p: AnyNode): string | undefined {
  if (p.type === 'AssignmentPattern' || p.type === 'RestElement') return namedParameter(p.type === 'RestElement' ? p.argument : p.left);
  return p.type === 'Identifier' ? p.name : undefined;
}

function collect(fn: AnyNode, module: boolean, strict: boolean): FunctionDeclarations {
  const out: FunctionDeclarations = new Map();
  const whole = { start: fn.start, end: fn.end };
  // var, parameters and top-level function declarations share one slot per name.
  const functionLevel = new Set<string>();
  // A script's top-level declarations and its vars are globals, not slots of its frame; a module's are slots.
  const global = fn.type === 'Program' && !module;
  const GLOBAL: Declaration = { start: -1, end: -1 };
  const add = (name: string, range: Declaration) => {
    if (range === GLOBAL) return;
    let list = out.get(name);
    if (!list) out.set(name, (list = []));
    list.push(range);
  };
  const addFunctionLevel = (name: string) => {
    if (global || functionLevel.has(name)) return;
    functionLevel.add(name);
    add(name, whole);
  };
  const names = (pattern: AnyNode | null | undefined): string[] => {
    const scope = new Scope('block', null);
    declarePattern(pattern, scope, false);
    return [...scope.names.keys()];
  };

  const params: AnyNode[] = fn.params ?? [];
  if (params.some(hasDefaults)) {
    // The argument slots; then each parameter name again, as a binding of the parameter list's own
    // scope (defaults are evaluated in it); then a pattern's names as the locals the body sees.
    for (const p of params) {
      const named = namedParameter(p);
      if (named) addFunctionLevel(named);
    }
    const parameterScope = { start: fn.start, end: fn.body.start };
    for (const p of params) names(p).forEach((n) => add(n, parameterScope));
    for (const p of params) if (!namedParameter(p)) names(p).forEach(addFunctionLevel);
  } else {
    for (const p of params) names(p).forEach(addFunctionLevel);
  }
  const visit = (node: AnyNode, block: Declaration) => {
    switch (node.type) {
      case 'VariableDeclaration':
        for (const d of node.declarations) {
          if (node.kind === 'var') names(d.id).forEach(addFunctionLevel);
          else names(d.id).forEach((n) => add(n, block));
          if (d.init) visit(d.init, block);
        }
        return;
      case 'FunctionDeclaration':
        if (node.id) {
          if (block === whole) addFunctionLevel(node.id.name);
          else {
            add(node.id.name, block);
            // Annex B: in sloppy code a function declared in a block is also a var of the function.
            if (!strict) addFunctionLevel(node.id.name);
          }
        }
        return;
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        return;
      case 'ClassDeclaration':
      case 'ClassExpression':
        // A named class has an outer binding (declarations) and an inner one scoped to the class.
        if (node.type === 'ClassDeclaration' && node.id) add(node.id.name, block);
        if (node.id) add(node.id.name, { start: node.start, end: node.end });
        if (node.superClass) visit(node.superClass, block);
        for (const m of node.body.body) if (m.computed && m.key) visit(m.key, block);
        return;
      case 'BlockStatement':
      case 'StaticBlock':
      case 'SwitchStatement':
      case 'ForStatement':
      case 'ForInStatement':
      case 'ForOfStatement':
      case 'CatchClause': {
        const inner = node === fn.body ? whole : { start: node.start, end: node.end };
        if (node.type === 'CatchClause') names(node.param).forEach((n) => add(n, inner));
        for (const c of childNodes(node)) visit(c, inner);
        return;
      }
      default:
        for (const c of childNodes(node)) visit(c, block);
    }
  };
  if (fn.type === 'Program') for (const s of fn.body) visit(s, global ? GLOBAL : whole);
  else if (fn.body.type === 'BlockStatement') for (const s of fn.body.body) visit(s, whole);
  else visit(fn.body, whole);
  return out;
}
