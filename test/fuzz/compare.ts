// Aligns nestdbg's stops with V8's (after normalize.ts) and scores them.
import { cutAtLostSteps, isInternalName, nestValue, normalizeStops, sameValue, skipLocal, stackNames, v8Value } from './normalize.js';
import type { StopRecord } from './runners.js';

export interface StepComparison {
  /** Alignment columns: matched pairs plus stops only one side made. */
  total: number;
  /** Matched stops whose stack names and locals also agree. */
  agreed: number;
  matched: number;
  /** Human-readable description of the first few disagreements. */
  diffs: string[];
}

/** LCS over (line, depth) keys; returns index pairs. */
function align(a: StopRecord[], b: StopRecord[]): Array<[number, number]> {
  const key = (s: StopRecord) => `${s.line}/${s.stack.length}`;
  const ka = a.map(key);
  const kb = b.map(key);
  const n = ka.length;
  const m = kb.length;
  const dp = Array.from({ length: n + 1 }, () => new Uint16Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      dp[i]![j] = ka[i] === kb[j] ? dp[i + 1]![j + 1]! + 1 : Math.max(dp[i + 1]![j]!, dp[i]![j + 1]!);
    }
  }
  const pairs: Array<[number, number]> = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (ka[i] === kb[j]) { pairs.push([i, j]); i++; j++; }
    else if (dp[i + 1]![j]! >= dp[i]![j + 1]!) i++;
    else j++;
  }
  return pairs;
}

/** Differences between the locals of two aligned stops ('' when they agree). */
export function localsDiff(nest: StopRecord, v8: StopRecord, source: string): string {
  const out: string[] = [];
  for (const [name, raw] of Object.entries(v8.locals)) {
    if (isInternalName(name) || skipLocal(name, raw, name in nest.locals, nest.line, source)) continue;
    const want = v8Value(raw);
    if (!(name in nest.locals)) {
      if (v8.own.includes(name)) out.push(`${name}: missing in nestdbg (V8 ${raw})`);
      continue;
    }
    const got = nestValue(nest.locals[name]!, nest.types?.[name] ?? '');
    if (!sameValue(got, want)) out.push(`${name}: nestdbg ${nest.locals[name]} (${nest.types?.[name]}) vs V8 ${raw}`);
  }
  return out.join('; ');
}

/**
 * Compares the two stop sequences. When a side did not run to the end (step cap, or V8's rethrow
 * repair gave up, see rethrow-repair.ts), its unmatched tail after the last aligned stop is not
 * counted: the other side simply went further.
 */
export function compareStops(source: string, nestAll: StopRecord[], nestRanToEnd: boolean, v8All: StopRecord[], v8RanToEnd: boolean): StepComparison {
  // Rule 17: after a step V8 may have lost, neither side is compared.
  const nestCut = cutAtLostSteps(nestAll, source);
  const v8Cut = cutAtLostSteps(v8All, source);
  const nestEnded = nestRanToEnd && !nestCut.cut;
  const v8Ended = v8RanToEnd && !v8Cut.cut;
  const a = normalizeStops(nestCut.stops, source);
  const b = normalizeStops(v8Cut.stops, source);
  const pairs = align(a, b);
  let aEnd = a.length;
  let bEnd = b.length;
  const last = pairs.at(-1);
  if (!nestEnded || !v8Ended) {
    aEnd = last ? last[0] + 1 : Math.min(1, a.length);
    bEnd = last ? last[1] + 1 : Math.min(1, b.length);
  }
  const diffs: string[] = [];
  const lines = source.split('\n');
  // Backquotes in the text become quotes, so that diffKind can find the text's end.
  const where = (s: StopRecord) => `line ${s.line} \`${(lines[s.line - 1] ?? '').trim().slice(0, 60).replace(/`/g, "'")}\``;
  let agreed = 0;
  let pi = 0;
  let ai = 0;
  let bi = 0;
  // Walk the alignment in order, so the reported diffs read like a trace.
  while (ai < aEnd || bi < bEnd) {
    const p = pairs[pi];
    if (p && p[0] === ai && p[1] === bi) {
      const sa = a[ai]!;
      const sb = b[bi]!;
      const na = stackNames(sa, 'nest').join(' < ');
      const nb = stackNames(sb, 'v8').join(' < ');
      const ld = localsDiff(sa, sb, source);
      if (na === nb && !ld) agreed++;
      else diffs.push(`${where(sa)}: ${na !== nb ? `stack nestdbg [${na}] vs V8 [${nb}] ` : ''}${ld ? `locals ${ld}` : ''}`);
      pi++; ai++; bi++;
    } else if (ai < aEnd && (!p || ai < p[0])) {
      diffs.push(`only nestdbg stops at ${where(a[ai]!)} in ${stackNames(a[ai]!, 'nest')[0]}`);
      ai++;
    } else {
      diffs.push(`only V8 stops at ${where(b[bi]!)} in ${stackNames(b[bi]!, 'v8')[0]}`);
      bi++;
    }
  }
  const matched = pairs.filter(([i, j]) => i < aEnd && j < bEnd).length;
  return { total: matched + (aEnd - matched) + (bEnd - matched), agreed, matched, diffs };
}

/** The shape of a statement's text, for grouping: its closing brackets, or its first keyword. */
function lineShape(text: string): string {
  const t = text.trim();
  if (/^[})\]]/.test(t)) return t.replace(/\(.*$/, '(…)').replace(/\b[$\w]*\d+\b/g, '_');
  if (/^for\s*\(\s*(const|let|var)\s+[$\w]+\s+(of|in)\b/.test(t)) return 'for-of';
  const m = /^(?:[$\w]+:\s*)?(const|let|var|return|if|for|while|do|switch|case|default|yield|await|throw|try|console\.log|super|this)\b/.exec(t);
  if (m) return m[1]!;
  if (/^[$\w]+\s*[-+*]?=[^=]/.test(t)) return 'assignment';
  return 'expression';
}

/**
 * The kind of one reported difference, for counting and for triage: which side stopped or what
 * differed, at what shape of statement, with names and values left out.
 */
export function diffKind(d: string): string {
  const only = /^only (nestdbg|V8) stops at line \d+ `(.*)` in (.*)$/.exec(d);
  if (only) return `only ${only[1]} stops at [${lineShape(only[2]!)}]${only[3] === '<script>' ? ' at top level' : ''}`;
  const at = /^line \d+ `(.*?)`: (.*)$/.exec(d);
  if (!at) return d.replace(/\d+/g, '_');
  const parts: string[] = [];
  if (at[2]!.startsWith('stack')) parts.push('stack differs');
  const locals = /locals (.*)$/.exec(at[2]!);
  if (locals) {
    if (/missing in nestdbg/.test(locals[1]!)) parts.push('local missing in nestdbg');
    if (/: nestdbg .* vs V8/.test(locals[1]!)) parts.push('local value differs');
  }
  return `[${lineShape(at[1]!)}] ${parts.join(', ')}`;
}
