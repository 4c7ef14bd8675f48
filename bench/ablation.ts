// Where the instrumentation overhead comes from: runs each program's instrumented code with parts
// of the instrumentation taken out, idle and armed. Not part of `npm run bench` (it is slower);
// run after a build:  node dist/bench/ablation.js [--runs N] [--only fib,sieve] [--engine quickjs-ng]
// Variants (text edits of the fragments between the instrumenter's markers):
//   full         as instrumented
//   no-readers   each check passes 0 instead of its scope-reader closure
//   no-depth     no per-function `let b=++d; try{…} finally{d=b-1}` (checks get depth 1)
//   no-checks    no per-statement `$__nd_m&&$__nd_c(…)` (depth tracking only)
//   depth-only   = no-checks;  checks-only = no-depth
// "armed" sets the guest's mode flag to 1 with no breakpoint, i.e. every check calls $__nd_c.
import { pathToFileURL } from 'node:url';
import { isEngineName, type EngineName } from '../adapters/quickjs/engine.js';
import { GuestSession } from '../adapters/quickjs/guest-session.js';
import { QuickJsProducer } from '../adapters/quickjs/debug/producer.js';
import { instrumentScript, MARK_CLOSE, MARK_OPEN } from '../adapters/quickjs/instrument/instrument.js';
import { listPrograms } from './programs.js';
import { median } from './runner.js';
import type { BenchProgram } from './types.js';

type Variant = 'full' | 'no-readers' | 'no-depth' | 'no-checks' | 'no-depth+no-readers';
const VARIANTS: Variant[] = ['full', 'no-readers', 'no-depth', 'no-checks', 'no-depth+no-readers'];

const FRAGMENT = new RegExp(`${escape(MARK_OPEN)}([\\s\\S]*?)${escape(MARK_CLOSE)}`, 'g');
function escape(s: string) { return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'); }

/** Replaces each `$__nd_c(id,depth,READER)` in a fragment via `edit(id, depth, reader)`; whole-call replacements via `whole`. */
function editChecks(text: string, edit: (head: string, reader: string, call: string) => string): string {
  let out = '';
  let i = 0;
  for (;;) {
    const at = text.indexOf('$__nd_m&&$__nd_c(', i);
    if (at < 0) return out + text.slice(i);
    const open = at + '$__nd_m&&$__nd_c'.length;
    let depth = 0;
    let end = open;
    for (; end < text.length; end++) {
      if (text[end] === '(') depth++;
      else if (text[end] === ')' && --depth === 0) break;
    }
    const args = text.slice(open + 1, end);
    const c1 = args.indexOf(',');
    const c2 = args.indexOf(',', c1 + 1);
    out += text.slice(i, at) + edit(args.slice(0, c2), args.slice(c2 + 1), text.slice(at, end + 1));
    i = end + 1;
  }
}

export function variantCode(code: string, variant: Variant): string {
  if (variant === 'full') return code;
  return code.replace(FRAGMENT, (_m, inner: string) => {
    let t = inner;
    if (variant === 'no-readers' || variant === 'no-depth+no-readers') t = editChecks(t, (head) => `$__nd_m&&$__nd_c(${head},0)`);
    if (variant === 'no-checks') t = editChecks(t, () => '0');
    if (variant === 'no-depth' || variant === 'no-depth+no-readers') {
      t = t.replace('let $__nd_b=++$__nd_d;try{', '').replace('}finally{$__nd_d=$__nd_b-1}', '');
      t = editChecks(t, (head, reader) => `$__nd_m&&$__nd_c(${head.replace('$__nd_b', '1')},${reader})`);
    }
    return MARK_OPEN + t + MARK_CLOSE;
  });
}

async function timeOnce(program: BenchProgram, code: string | undefined, armed: boolean, engine: EngineName): Promise<{ ms: number; output: string }> {
  const output: string[] = [];
  const session = await GuestSession.create({ engine, write: (_l, text) => { output.push(text); }, wantStack: false });
  let producer: QuickJsProducer | undefined;
  try {
    if (code !== undefined) {
      producer = new QuickJsProducer(session);
      producer.install();
      if (armed) session.context.unwrapResult(session.context.evalCode('$__nd_m = 1', 'arm')).dispose();
    }
    const t0 = performance.now();
    const error = session.evalScript(code ?? program.source, program.file);
    const ms = performance.now() - t0;
    if (error) throw new Error(`${error.name}: ${error.message}`);
    return { ms, output: output.join('\n') };
  } finally {
    producer?.dispose();
    session.dispose();
  }
}

async function main() {
  const argv = process.argv.slice(2);
  let runs = 3;
  let engine: EngineName = 'quickjs';
  let only = ['fib', 'sieve', 'nbody', 'closures', 'objects', 'strings'];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--runs') runs = Number(argv[++i]) || 3;
    else if (argv[i] === '--only') only = argv[++i].split(',');
    else if (argv[i] === '--engine' && isEngineName(argv[i + 1])) engine = argv[++i] as EngineName;
  }
  const rows: string[] = [];
  const head = ['program', 'plain ms', ...VARIANTS.flatMap((v) => [`idle ${v}`, `armed ${v}`])];
  rows.push(head.join('\t'));
  for (const program of listPrograms(only)) {
    const instrumented = instrumentScript(program.source, { url: program.file, firstSiteId: 0 }).code;
    const cases: Array<{ key: string; code: string | undefined; armed: boolean }> = [{ key: 'plain', code: undefined, armed: false }];
    for (const v of VARIANTS) {
      const code = variantCode(instrumented, v);
      cases.push({ key: `idle ${v}`, code, armed: false });
      if (v !== 'no-checks') cases.push({ key: `armed ${v}`, code, armed: true });
    }
    const samples = new Map<string, number[]>(cases.map((c) => [c.key, []]));
    let expected: string | undefined;
    for (let r = 0; r <= runs; r++) {
      for (const c of cases) {
        const { ms, output } = await timeOnce(program, c.code, c.armed, engine);
        if (expected === undefined) expected = output;
        else if (output !== expected) throw new Error(`${program.name} ${c.key}: output differs`);
        if (r > 0) samples.get(c.key)!.push(ms);
      }
    }
    const plain = median(samples.get('plain')!);
    const cell = (key: string) => {
      const s = samples.get(key);
      return s ? `${(median(s) / plain).toFixed(2)}×` : '—';
    };
    const line = [program.name, plain.toFixed(0), ...head.slice(2).map(cell)];
    rows.push(line.join('\t'));
    process.stderr.write(line.join('  ') + '\n');
  }
  process.stdout.write(rows.join('\n') + '\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
