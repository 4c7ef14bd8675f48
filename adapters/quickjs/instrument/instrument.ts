// Source instrumentation for QuickJS: adds cheap guest-side checks before each statement and
// depth tracking to each function, without adding lines. Checks call the host only to stop.
//
// Per statement:  ;if($__nd_kN)$__nd_b=$__nd_c(siteId, $__nd_b);   (in a loop head: `$__nd_kN?…:0,`)
//   $__nd_fN  the function's own flag (a global). 0: idle, the plain copy runs (one global read per
//                function or loop iteration where there is one, per statement where not).
//             1: a breakpoint exists elsewhere; functions and loops that call run their instrumented
//                copy, checks off, so a step out of a deeper frame lands on their next statement.
//                Nothing is called: callers' bindings are read from QuickJS's frames in memory at a
//                stop (debug/memory-frames.ts). 2: every statement checks (the function holds a
//                breakpoint, or a step or pause is under way). A call-free function's flag is
//                just its copy switch (output.ts flagPrelude): on at 2, or at 1 under exception filters.
//   $__nd_kN  $__nd_fN > 1, kept by the same setter: `if(k)` is 2 bytecodes where `f>1&&` is 6
//             (sieve idle 2.0× → 1.6×).
// Bindings are never passed: at a stop (and for a condition) the host reads every frame, the
// stopped one too, from QuickJS's frames in memory (debug/memory-frames.ts). Reader closures per
// site were 87% of the instrumented text and most of QuickJS's compile time (marked 160 → 21 ms).
// Per function:   var $__nd_b=$__nd_kN&&++$__nd_d; try { ... } catch (e) { exception hook; rethrow }
//   $__nd_b numbers the activation (stepping compares numbers, see debug-runtime.js); one entered
//   with checks off is numbered at its first check.
// Loop-free functions without nested functions also keep their original body (plain-copy.ts), and
// loops without functions, try or await their original body (loop-versions.ts). Of those functions,
// the ones a top-level statement creates have no flag test: their instrumented body is a sibling
// function the host swaps in (swap-siblings.ts).
// Every inserted fragment sits between MARK_OPEN and MARK_CLOSE so the guest's
// Function.prototype.toString can strip it and return the original text.
import type * as acorn from 'acorn';
import { InsertionList, instrumentedView, type Insertion } from './edits.js';
import { functionBindingNames } from './function-names.js';
import { loopVersionKind, switchToInstrumented } from './loop-versions.js';
import { TokenIndex } from './plain-copy.js';
import { FUNCTION_TYPES, Scope, type ScopeGroup, childNodes, declareLexical, declarePattern, hoistVars, referencedNames, visibleGroups } from './scopes.js';
import { parseScript } from './parse.js';
import { FunctionVersions, wrapCopy } from './function-versions.js';
import { isStrictBody, needsCheck, returnsAtOnce } from './pause-positions.js';
import { BASE, EXCEPTION_VALUE, flagPrelude, GUEST_NAMES, InstrumentError, MARK_CLOSE, MARK_OPEN, MARKERS, SUSPENDED, TEMP, type FunctionInfo, type InstrumentedScript, type Site, type TryRange } from './output.js';

export * from './output.js';

type AnyNode = acorn.Node & Record<string, any>;

interface FunctionContext {
  /** The function's id, which names its flag. */
  id: number;
  /** false at top level: depth is always 1 there. */
  tracksDepth: boolean;
  suspends: boolean;
  checks: boolean;
}

const NO_CHECKS: FunctionContext = { id: -1, tracksDepth: false, suspends: false, checks: false };

export function instrumentScript(
  source: string,
  options: { url: string; firstSiteId: number; firstFunctionId?: number; module?: boolean; swap?: boolean },
): InstrumentedScript {
  const firstFunctionId = options.firstFunctionId ?? 0;
  const functions: FunctionInfo[] = [];
  const newFunction = (name: string, node: AnyNode): number => {
    const id = firstFunctionId + functions.length;
    const { start, end } = node.loc!;
    functions.push({
      id, name, line: start.line, endLine: end.line, column: start.column + 1, endColumn: end.column + 1, isAsync: !!node.async,
      aliases: bindingNames.get(node),
    });
    return id;
  };
  const flag = (fn: FunctionContext) => GUEST_NAMES.flagPrefix + fn.id;
  const checking = (fn: FunctionContext) => GUEST_NAMES.checkingPrefix + fn.id;
  const tokens = new TokenIndex(source);
  const ast = parseScript(source, tokens, options.module);
  const bindingNames = functionBindingNames(ast);
  // Sloppy-mode scripts hoist block-level function declarations to the function (Annex B).
  const sloppy = !options.module && !isStrictBody(ast);
  const out = new InsertionList();
  const versions = new FunctionVersions(out, tokens, (id) => functions[id - firstFunctionId], ast, !!options.swap);
  const sites: Site[] = [];
  const tryRanges: TryRange[] = [];
  const scopes: ScopeGroup[][] = [];
  const scopeIds = new Map<string, number>();
  const wrap = (text: string) => MARK_OPEN + text + MARK_CLOSE;

  const scopeIndex = (scope: Scope): number => {
    const groups = visibleGroups(scope);
    const key = JSON.stringify(groups);
    let id = scopeIds.get(key);
    if (id === undefined) {
      id = scopes.length;
      scopes.push(groups);
      scopeIds.set(key, id);
    }
    return id;
  };

  const addSite = (node: AnyNode, fn: FunctionContext, scope: Scope, kind: Site['kind'], at: acorn.Position): Site => {
    const site: Site = { id: options.firstSiteId + sites.length, line: at.line, column: at.column + 1, endLine: node.loc!.end.line, scope: scopeIndex(scope), kind, fn: fn.id };
    if (kind === 'function-end') site.returns = true;
    sites.push(site);
    return site;
  };
  // The call to the check at `site`; `always` marks a debugger statement.
  const checkCall = (site: Site, fn: FunctionContext, always = false) => {
    const extra = always ? ',1' : '';
    return fn.tracksDepth
      ? `(${BASE}=${GUEST_NAMES.check}(${site.id},${BASE}${extra}))`
      : `${GUEST_NAMES.check}(${site.id},1${extra})`;
  };

  // The check, as a statement (no leading/trailing `;`) or an expression. `always` skips the flag
  // test (debugger statements).
  const checkExpr = (node: AnyNode, fn: FunctionContext, scope: Scope, kind: Site['kind'], at: acorn.Position, always = false, form: 'statement' | 'expression' = 'statement') => {
    const call = checkCall(addSite(node, fn, scope, kind, at), fn, always);
    if (always) return call;
    const test = checking(fn);
    return form === 'statement' ? `if(${test})${call}` : `${test}?${call}:0`;
  };
  const checkText = (node: AnyNode, fn: FunctionContext, scope: Scope, kind: Site['kind'], at: acorn.Position) =>
    `;${checkExpr(node, fn, scope, kind, at)};`;

  // Statement in a list (program, block, case); `wrapInBlock` for single-statement bodies.
  function visitStatement(s: AnyNode, scope: Scope, fn: FunctionContext, depth: number, how: 'list' | 'body' | 'label-body'): void {
    if (how === 'body' && fn.checks && needsCheck(s)) {
      out.add(s.start, wrap('{'), 'open', depth - 0.5);
      out.add(s.end, wrap('}'), 'close', depth - 0.5);
    }
    let statementSite: Site | undefined;
    if (how !== 'label-body' && fn.checks && needsCheck(s)) {
      // `debugger;` stops whenever a debugger is attached, armed or not.
      const check = `;${checkExpr(s, fn, scope, 'statement', s.loc!.start, s.type === 'DebuggerStatement')};`;
      statementSite = sites[sites.length - 1];
      if (s.type === 'ReturnStatement' && returnsAtOnce(s.argument)) statementSite.returns = true;
      out.add(s.start, wrap(check), 'open', depth);
    }
    if (s.type === 'ThrowStatement' && statementSite) {
      // The value passes through the exception hook before it is thrown.
      out.add(s.argument.start, wrap(`${GUEST_NAMES.exception}(0,`), 'open', depth + 0.5);
      out.add(s.argument.end, wrap(`,${statementSite.id},${fn.tracksDepth ? BASE : 1})`), 'close', depth + 0.5);
    }
    const d = depth + 1;
    switch (s.type) {
      case 'BlockStatement':
        return visitBlock(s, new Scope('block', scope), fn, d);
      case 'IfStatement':
        visitExpression(s.test, scope, fn, d);
        visitStatement(s.consequent, scope, fn, d, 'body');
        if (s.alternate) visitStatement(s.alternate, scope, fn, d, 'body');
        return;
      case 'ForStatement': {
        const mark = out.count();
        const head = new Scope('block', scope);
        if (s.init?.type === 'VariableDeclaration' && s.init.kind !== 'var') {
          for (const decl of s.init.declarations) declarePattern(decl.id, head, s.init.kind === 'const');
        }
        for (const part of [s.init, s.test, s.update]) if (part) visitExpression(part, head, fn, d);
        // V8 pauses at the update and at the test on every iteration; a step spends one stop on each.
        if (s.test) checkExpression(s.test, head, fn, d);
        if (s.update) checkExpression(s.update, head, fn, d);
        visitStatement(s.body, head, fn, d, 'body');
        return versionLoop(s, mark, fn, depth);
      }
      case 'ForInStatement':
      case 'ForOfStatement': {
        const mark = out.count();
        const head = new Scope('block', scope);
        if (s.left.type === 'VariableDeclaration' && s.left.kind !== 'var') {
          for (const decl of s.left.declarations) declarePattern(decl.id, head, s.left.kind === 'const');
        }
        visitExpression(s.left, head, fn, d);
        visitExpression(s.right, scope, fn, d);
        // V8 pauses at the loop binding on every iteration: a check at the top of the body, at `left`.
        if (fn.checks) {
          const at = s.body.type === 'BlockStatement' ? s.body.start + 1 : s.body.start;
          if (s.body.type !== 'BlockStatement') {
            out.add(s.body.start, wrap('{'), 'open', d - 0.5);
            out.add(s.body.end, wrap('}'), 'close', d - 0.5);
          }
          out.add(at, wrap(checkText(s.left, fn, head, 'statement', s.left.loc!.start)), 'open', d);
        }
        visitStatement(s.body, head, fn, d + 1, s.body.type === 'BlockStatement' ? 'body' : 'label-body');
        return versionLoop(s, mark, fn, depth);
      }
      case 'WhileStatement':
      case 'DoWhileStatement': {
        const mark = out.count();
        visitExpression(s.test, scope, fn, d);
        const testSite = checkExpression(s.test, scope, fn, d);
        visitStatement(s.body, scope, fn, d, 'body');
        // V8 pauses at a while loop's test on entry too: the plain version's first test is not checked.
        const entry = s.type === 'WhileStatement' && testSite ? () => `if(${checking(fn)})${checkCall(testSite, fn)}` : undefined;
        return versionLoop(s, mark, fn, depth, how === 'label-body', entry);
      }
      case 'WithStatement':
        visitExpression(s.object, scope, fn, d);
        return visitStatement(s.body, scope, fn, d, 'body');
      case 'LabeledStatement':
        return visitStatement(s.body, scope, fn, d, 'label-body');
      case 'SwitchStatement': {
        visitExpression(s.discriminant, scope, fn, d);
        const inner = new Scope('block', scope);
        declareLexical(s.cases.flatMap((c: AnyNode) => c.consequent), inner);
        for (const c of s.cases) {
          if (c.test) visitExpression(c.test, inner, fn, d);
          for (const st of c.consequent) visitStatement(st, inner, fn, d + 1, 'list');
        }
        return;
      }
      case 'TryStatement':
        visitBlock(s.block, new Scope('block', scope), fn, d);
        if (s.handler) {
          const { start, end } = s.block.loc!;
          tryRanges.push({ fn: fn.id, line: start.line, column: start.column + 1, endLine: end.line, endColumn: end.column + 1 });
          const catchScope = new Scope('block', scope);
          declarePattern(s.handler.param, catchScope, false);
          if (s.handler.param) visitExpression(s.handler.param, catchScope, fn, d);
          resumeAfterThrow(s.handler.body, fn, d);
          catchHook(s.handler, catchScope, fn, d);
          visitBlock(s.handler.body, new Scope('block', catchScope), fn, d + 1);
        }
        if (s.finalizer) {
          resumeAfterThrow(s.finalizer, fn, d);
          visitBlock(s.finalizer, new Scope('block', scope), fn, d);
        }
        return;
      case 'FunctionDeclaration':
        return visitFunction(s, scope, d);
      case 'ClassDeclaration':
        return visitClass(s, scope, fn, d);
      default:
        for (const child of childNodes(s)) visitExpression(child, scope, fn, d);
    }
  }

  // A check that runs each time an expression (a loop test or update) is evaluated; returns its site.
  function checkExpression(e: AnyNode, scope: Scope, fn: FunctionContext, depth: number): Site | undefined {
    if (!fn.checks) return undefined;
    out.add(e.start, wrap(`(${checkExpr(e, fn, scope, 'statement', e.loc!.start, false, 'expression')},(`), 'open', depth + 0.25);
    out.add(e.end, wrap('))'), 'close', depth + 0.25);
    return sites[sites.length - 1];
  }

  // Gives a loop two versions (loop-versions.ts), from the insertions made since `mark`: its own
  // instrumentation becomes the copy, and nested loops keep their versions in the plain body.
  // `entryCheck` builds a check that runs once before the loop (a while loop's first test).
  function versionLoop(s: AnyNode, mark: number, fn: FunctionContext, depth: number, labeled = false, entryCheck?: () => string) {
    const kind = fn.checks ? loopVersionKind(s) : undefined;
    if (!kind || (labeled && entryCheck) || !tokens.singleLine(s.start, s.end, MARKERS)) return;
    const taken = out.take(mark);
    const instrumented = instrumentedView(taken);
    const inside = (part: AnyNode | null) => (i: Insertion) => !!part && i.at >= part.start && i.at <= part.end;
    const parts = [s.body, s.test, s.update].map((part) => instrumented.filter(inside(part)));
    if (parts.reduce((n, p) => n + p.length, 0) !== instrumented.length) {
      out.restore(taken); // an insertion outside the parts: keep one version
      return;
    }
    const copy = (part: AnyNode | null, i: number) => (part ? tokens.flatten(part.start, part.end, parts[i], MARKERS, part !== s.body) : undefined);
    const top = switchToInstrumented(s, kind === 'calls' ? flag(fn) : checking(fn), { body: copy(s.body, 0)!, test: copy(s.test, 1), update: copy(s.update, 2) });
    out.restore(taken.filter((i) => i.replaces));
    const opening = wrapCopy(top);
    out.add(s.body.start, opening.text, 'open', depth + 0.5, opening.runs, instrumented);
    out.add(s.body.end, wrap('}'), 'close', depth + 0.5, undefined, []);
    if (entryCheck) {
      out.add(s.start, wrap(`{;${entryCheck()};`), 'open', depth + 0.25, undefined, []);
      out.add(s.end, wrap('}'), 'close', depth + 0.25, undefined, []);
    }
  }

  // On entering a catch clause, the caught value passes through the exception hook (kind 1), at a
  // site of its own (kind 'catch', not a breakpoint position). Destructuring parameters are skipped.
  function catchHook(handler: AnyNode, scope: Scope, fn: FunctionContext, depth: number) {
    if (!fn.checks || (handler.param && handler.param.type !== 'Identifier')) return;
    if (!handler.param) out.add(handler.body.start, wrap(`(${EXCEPTION_VALUE})`), 'open', depth);
    const first = handler.body.body[0] as AnyNode | undefined;
    const at = first ? first.loc!.start : handler.body.loc!.start;
    const scopeId = scopeIndex(scope);
    const id = options.firstSiteId + sites.length;
    sites.push({ id, line: at.line, column: at.column + 1, endLine: handler.body.loc!.end.line, scope: scopeId, kind: 'catch', fn: fn.id });
    const value = handler.param ? handler.param.name : EXCEPTION_VALUE;
    out.add(handler.body.start + 1, wrap(`;${GUEST_NAMES.exception}(1,${value},${id},${fn.tracksDepth ? BASE : 1});`), 'open', depth + 0.75);
  }

  // A catch or finally block in a generator/async function may run after the frame was resumed by
  // a throw (rejected await, it.throw, it.return): re-establish its depth first.
  function resumeAfterThrow(block: AnyNode, fn: FunctionContext, depth: number) {
    if (!fn.suspends) return;
    out.add(block.start + 1, wrap(`;if(${SUSPENDED}){${SUSPENDED}=0;${BASE}=${checking(fn)}&&++${GUEST_NAMES.activations}}`), 'open', depth);
  }

  function visitBlock(block: AnyNode, scope: Scope, fn: FunctionContext, depth: number) {
    declareLexical(block.body, scope);
    for (const st of block.body) visitStatement(st, scope, fn, depth + 1, 'list');
  }

  function visitExpression(node: AnyNode | null | undefined, scope: Scope, fn: FunctionContext, depth: number): void {
    if (!node) return;
    if (FUNCTION_TYPES.has(node.type)) return visitFunction(node, scope, depth);
    if (node.type === 'ClassExpression') return visitClass(node, scope, fn, depth);
    if ((node.type === 'AwaitExpression' || node.type === 'YieldExpression') && fn.suspends && fn.checks) {
      suspendPoint(node, fn, depth);
    }
    for (const child of childNodes(node)) visitExpression(child, scope, fn, depth + 1);
  }

  // await/yield: the activation takes a new number when it resumes (it is then on top).
  function suspendPoint(node: AnyNode, fn: FunctionContext, depth: number) {
    const d = GUEST_NAMES.activations;
    // Suspending: if a step-over is under way from it, the guest returns a token (> 1) and the
    // step waits for this activation to resume, as V8 steps over await/yield.
    const leave = `${SUSPENDED}=1,${BASE}&&(${SUSPENDED}=${GUEST_NAMES.check}(-2,${BASE}))`;
    out.add(node.start, wrap(`(${TEMP}=`), 'open', depth);
    if (node.argument) {
      out.add(node.argument.start, wrap(`(${TEMP}=(`), 'open', depth + 0.5);
      out.add(node.argument.end, wrap(`),${leave},${TEMP})`), 'close', depth + 0.5);
    } else {
      out.add(node.end, wrap(` (${leave},undefined)`), 'close', depth + 0.5);
    }
    const resume = `${SUSPENDED}>1&&${GUEST_NAMES.check}(-3,${SUSPENDED}),${SUSPENDED}=0,${BASE}=${checking(fn)}&&++${d}`;
    out.add(node.end, wrap(`,${resume},${TEMP})`), 'close', depth);
  }

  function visitClass(node: AnyNode, scope: Scope, fn: FunctionContext, depth: number) {
    if (node.superClass) visitExpression(node.superClass, scope, fn, depth + 1);
    for (const member of node.body.body) {
      if (member.computed) visitExpression(member.key, scope, fn, depth + 1);
      if (member.type === 'MethodDefinition') {
        visitFunction(member.value, scope, depth + 1, member.key.name ?? member.key.value);
      } else if (member.type === 'StaticBlock') {
        for (const st of member.body) visitStatement(st, scope, NO_CHECKS, depth + 1, 'list');
      } else if (member.value) {
        visitExpression(member.value, scope, NO_CHECKS, depth + 1);
      }
    }
  }

  function visitFunction(node: AnyNode, parent: Scope, depth: number, label?: string) {
    const name = label ?? node.id?.name ?? '';
    const fnScope = new Scope('function', parent, name, referencedNames(node));
    const fn: FunctionContext = {
      id: newFunction(name, node), tracksDepth: true, suspends: !!(node.async || node.generator), checks: true,
    };
    for (const p of node.params) declarePattern(p, fnScope, false);
    for (const p of node.params) visitExpression(p, fnScope, NO_CHECKS, depth + 1);
    // An activation entered while its checks are on takes a number (debug-runtime.js); one entered
    // while merely armed needs none: if it is still running when a step starts, it is under the stop.
    const enter = `;var ${BASE}=${checking(fn)}&&++${GUEST_NAMES.activations}${fn.suspends ? `,${SUSPENDED}=0,${TEMP}` : ''};try{`;
    // An exception leaving the activation passes through the exception hook (kind 2) while the
    // frame still exists; `site` is the function's last site, where its own scope is visible.
    // Only an async function tells the guest it returns: resumed from the job queue, it has no
    // caller, and V8 steps on into the reactions to its promise. (A `finally` per call costs fib 15%.)
    const isAsync = node.async && !node.generator;
    const leave = (site: number) => `}catch(${EXCEPTION_VALUE}){${GUEST_NAMES.exception}(2,${EXCEPTION_VALUE},${site},${BASE});throw ${EXCEPTION_VALUE}}`
      + (isAsync ? `finally{if(!${SUSPENDED}&&${checking(fn)})${GUEST_NAMES.check}(-1,${BASE},1)}` : '');
    const body = node.body as AnyNode;
    const mark = out.count();
    if (body.type !== 'BlockStatement') {
      // Expression-bodied arrow: give it a block so it can hold the check and depth tracking.
      const bodyStart = source.indexOf('=>', node.params.length ? node.params[node.params.length - 1].end : node.start) + 2;
      const kind = versions.kind(node, bodyStart, node.end);
      const check = checkText(body, fn, fnScope, 'statement', body.loc!.start);
      const site = sites[sites.length - 1].id;
      if (returnsAtOnce(body)) sites[sites.length - 1].returns = true;
      out.add(bodyStart, wrap(`{${enter}${check}return `), 'open', depth + 0.5);
      out.add(node.end, wrap(`;${leave(site)}}`), 'close', depth + 0.5);
      visitExpression(body, fnScope, fn, depth + 1);
      // {if(flag){ {instrumented} }return(original)}, or a sibling
      const v = kind && versions.place(node, fn.id, kind, mark, bodyStart, node.end, '{', '}return(', true);
      if (v && v !== true) {
        out.add(bodyStart, v.text, 'open', depth + 0.5, v.runs);
        out.add(node.end, wrap(')}'), 'close', depth + 0.5);
      }
      return;
    }
    hoistVars(body, fnScope, sloppy && !isStrictBody(body) && label === undefined);
    declareLexical(body.body, fnScope);
    let firstCode = 0;
    while (firstCode < body.body.length && body.body[firstCode].directive !== undefined) firstCode++;
    const enterAt = firstCode > 0 ? body.body[firstCode - 1].end : body.start + 1;
    const kind = versions.kind(node, body.start + 1, body.end - 1);
    // Filed as the deepest 'close' so it precedes the end check when the body is empty: `{}`.
    out.add(enterAt, wrap(enter), 'close', depth + 2);
    for (const st of body.body.slice(firstCode)) visitStatement(st, fnScope, fn, depth + 1, 'list');
    const closeBrace = { line: body.loc!.end.line, column: body.loc!.end.column - 1 };
    out.add(body.end - 1, wrap(checkText(body, fn, fnScope, 'function-end', closeBrace)), 'close', depth + 1);
    out.add(body.end - 1, wrap(leave(sites[sites.length - 1].id)), 'close', depth + 0.5);
    // if(flag){instrumented;return} original, or a sibling
    const v = kind && versions.place(node, fn.id, kind, mark, body.start + 1, body.end - 1, '', ';return}');
    if (v && v !== true) out.add(enterAt, v.text, 'close', depth + 2, v.runs);
  }

  // A module's top-level bindings are not globals: they show as the module body's locals.
  const program = options.module ? new Scope('function', null, 'module') : new Scope('program', null);
  hoistVars(ast, program, false);
  declareLexical(ast.body, program);
  const topLevel: FunctionContext = { id: newFunction('', ast), tracksDepth: false, suspends: false, checks: true };
  for (const st of ast.body) visitStatement(st, program, topLevel, 1, 'list');
  versions.finish(ast);

  const { code, columns } = out.apply(source);
  return {
    code,
    columns,
    sites,
    scopes,
    topLevelNames: options.module ? [] : [...program.names.keys()],
    sourceMap: columns.sourceMap(options.url, source, tokens.starts()),
    functions,
    tryRanges,
    flagPrelude: flagPrelude(functions),
  };
}
