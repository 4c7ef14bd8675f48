// Breakpoint kinds of the QuickJS producer beyond plain line breakpoints: what the guest runtime
// gets for conditions, hit counts, logpoints and function breakpoints, the exception classifier
// (caught or uncaught, from the stack's frames), and breakpoint locations. Pure host-side helpers.
import type { BreakpointRequest, FunctionBreakpointRequest, HitCondition, HitOperator } from '../../../abi/index.js';
import type { Site } from '../instrument/instrument.js';
import { canonicalFunctionName } from '../instrument/function-names.js';
import { before, functionAt, type LoadedScript, type ScriptRegistry } from './scripts.js';
import type { RealmFrame } from './stack-realms.js';

/** One breakpoint as the guest runtime compiles it (guest/breakpoints.js compile). */
export interface GuestBreakpoint {
  key: string;
  site: number;
  fnBp?: 1;
  cond?: string;
  hit?: [number, number];
  log?: Array<[0 | 1, string]>;
  names: Array<[string, number]>;
}

const HIT_CODES: Record<HitOperator, number> = {
  equal: 0, greater: 1, 'greater-or-equal': 2, less: 3, 'less-or-equal': 4, 'multiple-of': 5,
};

export function hitCode(h: HitCondition | undefined): [number, number] | undefined {
  return h && [HIT_CODES[h.operator], h.count];
}

/** Names visible at a site, innermost first, with their reader indexes. */
export function siteNames(script: LoadedScript, site: Site): Array<[string, number]> {
  return script.instrumented.scopes[site.scope].flatMap((g) => g.names.map((n, i): [string, number] => [n, g.firstIndex + i]));
}

export function guestBreakpoint(
  key: string, script: LoadedScript, site: Site, r: Pick<BreakpointRequest, 'condition' | 'hitCondition'> & { logMessage?: BreakpointRequest['logMessage'] }, fnBp = false,
): GuestBreakpoint {
  const g: GuestBreakpoint = { key, site: site.id, names: siteNames(script, site) };
  if (fnBp) g.fnBp = 1;
  if (r.condition !== undefined && r.condition.trim() !== '') g.cond = r.condition;
  const hit = hitCode(r.hitCondition);
  if (hit) g.hit = hit;
  if (r.logMessage) g.log = r.logMessage.map((p) => (p.tag === 'text' ? [0, p.val] : [1, p.val]));
  return g;
}

/** The first position of a function: its first statement's site, or its end when it has none. */
export function functionEntrySite(script: LoadedScript, fnId: number): Site | undefined {
  let best: Site | undefined;
  for (const s of script.instrumented.sites) {
    if (s.fn !== fnId || s.kind === 'catch') continue;
    if (!best || (best.kind === 'function-end' && s.kind === 'statement') || (s.kind === best.kind && s.id < best.id)) best = s;
  }
  return best;
}

/**
 * Every function called `name` in the loaded scripts, with the site where it binds: by its own
 * name or a name it is known by (`f` of `const f = () => …`, `Point.norm` or `norm` of a method).
 */
export function bindFunction(scripts: ScriptRegistry, request: FunctionBreakpointRequest): Array<{ script: LoadedScript; site: Site }> {
  const out: Array<{ script: LoadedScript; site: Site }> = [];
  const wanted = canonicalFunctionName(request.name);
  for (const script of scripts.all()) {
    for (const f of script.instrumented.functions) {
      if (!wanted || (f.name !== wanted && !f.aliases?.includes(wanted))) continue;
      const site = functionEntrySite(script, f.id);
      if (site) out.push({ script, site });
    }
  }
  return out;
}

/** Valid positions (statement sites) of a script on lines `start..end`, in source order, distinct. */
export function siteLocations(script: LoadedScript, start: number, end: number): Array<{ line: number; column: number }> {
  const seen = new Set<string>();
  return script.instrumented.sites
    .filter((s) => s.kind !== 'catch' && s.line >= start && s.line <= end)
    .map((s) => ({ line: s.line, column: s.column }))
    .sort((a, b) => a.line - b.line || a.column - b.column)
    .filter((p) => { const k = `${p.line}:${p.column}`; if (seen.has(k)) return false; seen.add(k); return true; });
}

/**
 * Whether a guest handler will catch an exception thrown now, from the script frames on the stack
 * at the throw (stack-realms.ts: each with the script of the context it runs in): some frame is
 * inside a `try` block (with a catch clause) of its own function, or an async function is left
 * first (the exception becomes a rejected promise). Frames of code that is not a loaded script
 * (builtins, the embedder) are not among them: they are looked through.
 */
export function classifyException(frames: RealmFrame[]): 'caught' | 'uncaught' {
  for (const { script, line, column } of frames) {
    const fn = functionAt(script, line, column);
    const inTry = script.instrumented.tryRanges.some((t) => t.fn === fn.id
      && !before(line, column, t.line, t.column) && before(line, column, t.endLine, t.endColumn));
    if (inTry || fn.isAsync) return 'caught';
  }
  return 'uncaught';
}
