// A seeded, deterministic generator of random JavaScript programs for the differential loops.
//
// Every program is a classic script that terminates (loops have constant bounds, calls only go to
// functions defined earlier, recursion is explicitly bounded) and prints a deterministic trace with
// console.log: integers only (no floats, no Date, no Math.random), string keys only, and errors
// are printed through their `name` or a custom `code` field, never through a builtin's message.
// One statement per line, so stepping comparisons line up.
//
// Layout of a program:
//   helper classes / functions (hoisted declarations, async functions, generators, classes)
//   `console.log("program <seed>");`          <- `firstLine`: the stepping breakpoint
//   top-level statements
//   optionally an uncaught throw at the very end (exit code 1, stderr)
//   function __fuzzDead() { console.log(...) } <- `deadLine`: a line that never runs

import { Choices } from './choices.js';

export { rng } from './choices.js';

export interface GeneratedProgram {
  seed: number;
  source: string;
  /** 1-based line of the first top-level statement (the stepping breakpoint). */
  firstLine: number;
  /** 1-based line inside a function that is never called (the "armed but never hit" breakpoint). */
  deadLine: number;
  /** True when the program ends with an uncaught exception (exit code 1). */
  throwsAtEnd: boolean;
  /** The generator's choices: `generateFromChoices(choices, options)` gives this program again. */
  choices: number[];
  options: GeneratorOptions;
  /** Units of `choices` (indexes into it). */
  spans: Span[];
}

/**
 * The choices [start, end) that made one statement, helper function or class: the shrinker
 * deletes them as a unit, together with one from what counts them (`count`: the index of the
 * choice holding a count, or the option that sets it).
 */
export interface Span {
  start: number;
  end: number;
  count: number | 'functions' | 'statements';
}

export interface GeneratorOptions {
  /** Number of top-level helper functions (default 3..6, random). */
  functions?: number;
  /** Number of top-level statements after the helpers (default 6..14, random). */
  statements?: number;
  /** Never end with an uncaught exception. */
  noUncaught?: boolean;
}

type FnKind = 'plain' | 'gen' | 'async' | 'rec' | 'thrower' | 'factory';

interface Callable {
  name: string;
  kind: FnKind;
  arity: number;
}

interface ClassInfo {
  name: string;
  arity: number;
}

interface Ctx {
  /** Numeric bindings readable here (all initialized). */
  vars: string[];
  /** Bindings that may be assigned (let / params). */
  mutable: Set<string>;
  /** Enclosing loop labels usable by break/continue; '' for an unlabeled loop. */
  loops: Array<{ label: string; continuable: boolean }>;
  /** Inside a switch (unlabeled break allowed). */
  inSwitch: boolean;
  inFunction: boolean;
  inAsync: boolean;
  inGenerator: boolean;
  /** Remaining nesting budget. */
  depth: number;
  /** Functions callable from here. */
  callables: Callable[];
  classes: ClassInfo[];
}

class Gen {
  private readonly lines: string[] = [];
  indent = 0;
  private counter = 0;
  readonly callables: Callable[] = [];
  readonly spans: Span[] = [];
  readonly classes: ClassInfo[] = [];
  hasErrorClass = false;

  constructor(readonly seed: number, readonly choices: Choices) {}

  // ---- randomness (choices.ts) ----------------------------------------------------------------
  int(lo: number, hi: number): number {
    return lo + this.choices.below(hi - lo + 1);
  }
  chance(p: number): boolean {
    return this.choices.chance(p);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.choices.below(xs.length)]!;
  }
  fresh(prefix: string): string {
    return `${prefix}${this.counter++}`;
  }

  // ---- output -------------------------------------------------------------------------------
  emit(text: string): number {
    this.lines.push('  '.repeat(this.indent) + text);
    return this.lines.length;
  }
  open(text: string) {
    this.emit(text);
    this.indent++;
  }
  close(text = '}') {
    this.indent--;
    this.emit(text);
  }
  get lineCount() {
    return this.lines.length;
  }
  text() {
    return this.lines.join('\n') + '\n';
  }

  // ---- expressions --------------------------------------------------------------------------
  atom(c: Ctx): string {
    if (c.vars.length && this.chance(0.7)) return this.pick(c.vars);
    return String(this.int(0, 9));
  }

  /** An integer-valued expression with small magnitude. */
  num(c: Ctx, budget = 2): string {
    if (budget <= 0 || this.chance(0.35)) return this.atom(c);
    const a = this.num(c, budget - 1);
    const b = this.num(c, budget - 1);
    switch (this.int(0, 7)) {
      case 0: return `(${a} + ${b}) % 1000`;
      case 1: return `${a} - ${b}`;
      case 2: return `(${a} * ${b}) % 997`;
      case 3: return `${a} > ${b} ? ${a} : ${b}`;
      case 4: return `(${a} ^ ${b}) & 255`;
      case 5: return `${a} % 7 + 1`;
      case 6: {
        const plain = c.callables.filter((f) => f.kind === 'plain' || f.kind === 'rec');
        if (plain.length && this.chance(0.5)) return this.call(c, this.pick(plain));
        return `Math.abs(${a}) % 50`;
      }
      default: return `(${a} | 0) + ${b}`;
    }
  }

  args(c: Ctx, n: number): string {
    return Array.from({ length: n }, () => this.num(c, 1)).join(', ');
  }

  call(c: Ctx, f: Callable): string {
    if (f.kind === 'rec') return `${f.name}(${this.int(0, 4)})`;
    if (f.arity >= 2 && this.chance(0.25)) return `${f.name}(...[${this.args(c, f.arity)}])`;
    return `${f.name}(${this.args(c, this.chance(0.2) ? Math.max(0, f.arity - 1) : f.arity)})`;
  }

  log(tag: string, expr: string): string {
    return this.chance(0.6) ? `console.log(\`${tag} \${${expr}}\`);` : `console.log("${tag}", ${expr});`;
  }

  // ---- statements ---------------------------------------------------------------------------
  /** lo..hi statements (the count is a choice when lo < hi); each one's choices form a span. */
  block(c: Ctx, lo: number, hi: number) {
    const count = lo < hi ? this.choices.made.length : undefined;
    const n = lo < hi ? this.int(lo, hi) : lo;
    const inner: Ctx = { ...c, vars: [...c.vars], mutable: new Set(c.mutable) };
    for (let i = 0; i < n; i++) this.spanned(count, () => this.statement(inner));
  }

  /** Runs `make`, recording the choices it made as a span that `count` counts (see Span). */
  spanned(count: Span["count"] | undefined, make: () => void) {
    const start = this.choices.made.length;
    make();
    if (count !== undefined) this.spans.push({ start, end: this.choices.made.length, count });
  }

  statement(c: Ctx) {
    const weights: Array<[number, () => void]> = [
      [4, () => this.declare(c)],
      [3, () => this.assign(c)],
      [3, () => this.emit(this.log(this.fresh('t'), this.num(c)))],
      [2, () => this.ifElse(c)],
      [c.depth > 0 ? 2 : 0, () => this.forLoop(c)],
      [c.depth > 0 ? 1 : 0, () => this.whileLoop(c)],
      [c.depth > 0 ? 1 : 0, () => this.forOf(c)],
      [c.depth > 0 ? 2 : 0, () => this.tryCatch(c)],
      [c.depth > 0 ? 1 : 0, () => this.switchStmt(c)],
      [2, () => this.callStmt(c)],
      [2, () => this.destructure(c)],
      [c.classes.length ? 2 : 0, () => this.useClass(c)],
      [c.depth > 0 ? 1 : 0, () => this.localClosure(c)],
      [1, () => this.arrow(c)],
      [c.callables.some((f) => f.kind === 'gen') ? 2 : 0, () => this.useGenerator(c)],
      [c.inAsync ? 3 : 0, () => this.awaitStmt(c)],
      [c.loops.length ? 1 : 0, () => this.jump(c)],
    ];
    weights[this.choices.weighted(weights.map(([w]) => w))]![1]();
  }

  declare(c: Ctx) {
    const name = this.fresh('v');
    const kind = this.pick(['let', 'let', 'const', 'var']);
    this.emit(`${kind} ${name} = ${this.num(c)};`);
    c.vars.push(name);
    if (kind !== 'const') c.mutable.add(name);
  }

  assign(c: Ctx) {
    const targets = c.vars.filter((v) => c.mutable.has(v));
    if (!targets.length) return this.declare(c);
    const t = this.pick(targets);
    const op = this.pick(['=', '+=', '-=']);
    this.emit(op === '=' ? `${t} = ${this.num(c)};` : `${t} ${op} ${this.num(c, 1)};`);
    if (op !== '=') this.emit(`${t} = ${t} % 1000;`);
  }

  ifElse(c: Ctx) {
    this.open(`if (${this.num(c, 1)} ${this.pick(['>', '<', '===', '!=='])} ${this.num(c, 1)}) {`);
    this.block({ ...c, depth: c.depth - 1 }, 1, 2);
    if (this.chance(0.5)) {
      this.indent--;
      this.open('} else {');
      this.block({ ...c, depth: c.depth - 1 }, 1, 2);
    }
    this.close();
  }

  forLoop(c: Ctx) {
    const i = this.fresh('i');
    const label = this.chance(0.3) ? this.fresh('L') : '';
    this.open(`${label ? label + ': ' : ''}for (let ${i} = 0; ${i} < ${this.int(1, 3)}; ${i}++) {`);
    const inner: Ctx = { ...c, vars: [...c.vars, i], depth: c.depth - 1, loops: [...c.loops, { label, continuable: true }] };
    this.block(inner, 1, 3);
    this.close();
  }

  whileLoop(c: Ctx) {
    const w = this.fresh('w');
    const bound = this.int(1, 3);
    this.emit(`let ${w} = 0;`);
    const doWhile = this.chance(0.4);
    this.open(doWhile ? 'do {' : `while (${w} < ${bound}) {`);
    // The counter moves first, so `continue` never loops forever.
    this.emit(`${w}++;`);
    const inner: Ctx = { ...c, vars: [...c.vars, w], depth: c.depth - 1, loops: [...c.loops, { label: '', continuable: true }] };
    this.block(inner, 1, 2);
    this.close(doWhile ? `} while (${w} < ${bound});` : '}');
    c.vars.push(w);
  }

  forOf(c: Ctx) {
    const x = this.fresh('x');
    const label = this.chance(0.3) ? this.fresh('L') : '';
    this.open(`${label ? label + ': ' : ''}for (const ${x} of [${this.args(c, this.int(1, 3))}]) {`);
    const inner: Ctx = { ...c, vars: [...c.vars, x], depth: c.depth - 1, loops: [...c.loops, { label, continuable: true }] };
    this.block(inner, 1, 2);
    this.close();
  }

  jump(c: Ctx) {
    const loop = this.pick(c.loops);
    const kw = this.chance(0.5) ? 'break' : 'continue';
    // Guarded, so the rest of the loop body still runs sometimes.
    this.emit(`if (${this.num(c, 1)} % 3 === 0) ${kw}${loop.label ? ' ' + loop.label : ''};`);
  }

  tryCatch(c: Ctx) {
    const d = { ...c, depth: c.depth - 1 };
    // Without a catch the exception would escape: only throw when there is one.
    const hasCatch = this.chance(0.85);
    this.open('try {');
    this.block(d, 0, 2);
    const throwers = c.callables.filter((f) => f.kind === 'thrower');
    const r = hasCatch ? this.int(0, 3) : 3;
    if (r === 0 && throwers.length) this.emit(`${this.call(c, this.pick(throwers))};`);
    else if (r === 1) this.emit(`throw new FuzzError(${this.num(c, 1)});`);
    else if (r === 2) this.emit(`null[${this.int(0, 3)}];`); // TypeError: print its name only
    this.block(d, 0, 1);
    const e = this.fresh('e');
    if (hasCatch) {
      this.indent--;
      this.open(`} catch (${e}) {`);
      this.emit(`console.log("caught", ${e}.name, ${e}.code);`);
      this.block(d, 0, 1);
    }
    if (!hasCatch || this.chance(0.4)) {
      this.indent--;
      this.open('} finally {');
      this.emit(this.log(this.fresh('fin'), this.num(c, 1)));
    }
    this.close();
  }

  switchStmt(c: Ctx) {
    this.open(`switch (Math.abs(${this.num(c, 1)}) % 4) {`);
    const d: Ctx = { ...c, depth: c.depth - 1, inSwitch: true };
    for (const k of [0, 1, 2]) {
      this.open(`case ${k}:`);
      this.block(d, 0, 2);
      if (this.chance(0.7)) this.emit('break;'); // else fall through
      this.indent--;
    }
    if (this.chance(0.6)) {
      this.open('default:');
      this.block(d, 1, 1);
      this.indent--;
    }
    this.close();
  }

  callStmt(c: Ctx) {
    const fs = c.callables.filter((f) => f.kind === 'plain' || f.kind === 'rec');
    if (!fs.length) return this.emit(this.log(this.fresh('c'), this.num(c)));
    const f = this.pick(fs);
    const name = this.fresh('r');
    this.emit(`const ${name} = ${this.call(c, f)};`);
    this.emit(this.log(this.fresh('ret'), name));
    c.vars.push(name);
  }

  destructure(c: Ctx) {
    const a = this.fresh('d');
    const b = this.fresh('d');
    if (this.chance(0.5)) {
      const rest = this.fresh('rest');
      this.emit(`const [${a}, ${b} = ${this.int(1, 9)}, ...${rest}] = [${this.args(c, this.int(1, 4))}];`);
      this.emit(this.log(this.fresh('rest'), `${rest}.length`));
    } else {
      this.emit(`const { p: ${a}, q: ${b} = ${this.int(1, 9)} } = { p: ${this.num(c, 1)}${this.chance(0.5) ? `, q: ${this.num(c, 1)}` : ''} };`);
    }
    c.vars.push(a, b);
  }

  useClass(c: Ctx) {
    const k = this.pick(c.classes);
    const o = this.fresh('o');
    this.emit(`const ${o} = new ${k.name}(${this.args(c, k.arity)});`);
    if (this.chance(0.5)) this.emit(`${o}.val = ${this.num(c, 1)};`);
    this.emit(this.log(this.fresh('obj'), `${o}.val`));
    const m = this.fresh('m');
    this.emit(`const ${m} = ${o}.calc(${this.num(c, 1)});`);
    this.emit(`console.log("shape", JSON.stringify(${o}), ${o} instanceof ${k.name});`);
    c.vars.push(m);
  }

  localClosure(c: Ctx) {
    const mk = this.fresh('mk');
    const cnt = this.fresh('cnt');
    this.open(`function ${mk}(${cnt}) {`);
    this.open(`return (s) => {`);
    this.emit(`${cnt} = (${cnt} + s) % 100;`);
    this.emit(`return ${cnt};`);
    this.close('};');
    this.close();
    const f = this.fresh('f');
    this.emit(`const ${f} = ${mk}(${this.num(c, 1)});`);
    this.emit(`${f}(${this.int(1, 5)});`);
    const v = this.fresh('v');
    this.emit(`const ${v} = ${f}(${this.int(1, 5)});`);
    c.vars.push(v);
  }

  arrow(c: Ctx) {
    const f = this.fresh('af');
    const p = this.fresh('p');
    const q = this.fresh('q');
    const inner: Ctx = { ...c, vars: [...c.vars, p, q] };
    this.emit(`const ${f} = (${p}, ${q} = ${this.int(1, 5)}) => ${this.num(inner, 1)};`);
    const v = this.fresh('v');
    this.emit(`const ${v} = ${f}(${this.args(c, this.int(1, 2))});`);
    c.vars.push(v);
  }

  useGenerator(c: Ctx) {
    const g = this.pick(c.callables.filter((f) => f.kind === 'gen'));
    if (this.chance(0.5)) {
      const x = this.fresh('y');
      this.open(`for (const ${x} of ${g.name}(${this.int(1, 3)})) {`);
      this.emit(this.log(this.fresh('gen'), x));
      this.close();
    } else {
      const arr = this.fresh('arr');
      this.emit(`const ${arr} = [...${g.name}(${this.int(0, 3)})];`);
      this.emit(`console.log("spread", ${arr}.join(","));`);
    }
  }

  awaitStmt(c: Ctx) {
    const v = this.fresh('aw');
    const asyncs = c.callables.filter((f) => f.kind === 'async');
    if (asyncs.length && this.chance(0.5)) this.emit(`const ${v} = await ${this.call(c, this.pick(asyncs))};`);
    else this.emit(`const ${v} = await Promise.resolve(${this.num(c, 1)});`);
    c.vars.push(v);
  }

  // ---- top-level definitions ----------------------------------------------------------------
  baseCtx(params: string[], kind: { async?: boolean; gen?: boolean } = {}): Ctx {
    return {
      vars: [...params], mutable: new Set(params), loops: [], inSwitch: false, inFunction: true,
      inAsync: !!kind.async, inGenerator: !!kind.gen, depth: 2, callables: [...this.callables], classes: [...this.classes],
    };
  }

  errorClass() {
    this.open('class FuzzError extends Error {');
    this.open('constructor(code) {');
    this.emit('super("fuzz");');
    this.emit('this.name = "FuzzError";');
    this.emit('this.code = code;');
    this.close();
    this.close();
  }

  defineFunction(kind: FnKind) {
    const name = this.fresh(kind === 'gen' ? 'gen' : kind === 'async' ? 'af' : kind === 'rec' ? 'rec' : kind === 'thrower' ? 'thr' : kind === 'factory' ? 'make' : 'fn');
    const arity = kind === 'rec' ? 1 : this.int(0, 3);
    const params = Array.from({ length: arity }, () => this.fresh('a'));
    const withDefault = arity > 0 && this.chance(0.4);
    const paramText = params.map((p, i) => (withDefault && i === arity - 1 ? `${p} = ${this.int(1, 9)}` : p)).join(', ');
    const c = this.baseCtx(params, { async: kind === 'async', gen: kind === 'gen' });
    switch (kind) {
      case 'rec':
        c.mutable.delete(params[0]!); // the bound must only shrink
        this.open(`function ${name}(${params[0]}) {`);
        this.open(`if (${params[0]} <= 0) {`);
        this.emit('return 1;');
        this.close();
        this.block(c, 0, 1);
        this.emit(`return (${params[0]} + ${name}(${params[0]} - 1)) % 1000;`);
        this.close();
        break;
      case 'gen': {
        this.open(`function* ${name}(${paramText}) {`);
        this.block({ ...c, depth: 1 }, 0, 2);
        const i = this.fresh('i');
        this.open(`for (let ${i} = 0; ${i} < ${this.int(1, 3)}; ${i}++) {`);
        this.emit(`yield ${this.num({ ...c, vars: [...c.vars, i] }, 1)};`);
        this.close();
        if (this.chance(0.5)) this.emit(`yield ${this.num(c, 1)};`);
        this.close();
        break;
      }
      case 'thrower': {
        // Throws through one or two frames; sometimes a finally on the way.
        const inner = this.fresh('deep');
        this.open(`function ${name}(${paramText}) {`);
        this.open(`function ${inner}(k) {`);
        this.emit(this.log(this.fresh('deep'), 'k'));
        this.emit(this.chance(0.7) ? 'throw new FuzzError(k);' : 'throw { name: "Plain", code: k };');
        this.close();
        this.block({ ...c, depth: 1 }, 0, 2);
        if (this.chance(0.5)) {
          this.open('try {');
          this.emit(`${inner}(${this.num(c, 1)});`);
          this.indent--;
          this.open('} finally {');
          this.emit(this.log(this.fresh('unwind'), this.num(c, 1)));
          this.close();
        } else {
          this.emit(`${inner}(${this.num(c, 1)});`);
        }
        this.emit('return 0;');
        this.close();
        break;
      }
      case 'factory': {
        const cnt = this.fresh('count');
        this.open(`function ${name}(${paramText}) {`);
        this.emit(`let ${cnt} = ${params.length ? params[0] : this.int(0, 9)};`);
        this.open('return {');
        this.open(`inc(by = 1) {`);
        this.emit(`${cnt} = (${cnt} + by) % 1000;`);
        this.emit(`return ${cnt};`);
        this.close('},');
        this.open(`get current() {`);
        this.emit(`return ${cnt};`);
        this.close('},');
        this.close('};');
        this.close();
        break;
      }
      default: {
        this.open(`${kind === 'async' ? 'async ' : ''}function ${name}(${paramText}) {`);
        this.block(c, 1, 4);
        this.emit(`return ${this.num(c)};`);
        this.close();
      }
    }
    this.callables.push({ name, kind, arity });
  }

  defineClass() {
    const name = this.fresh('K');
    const base = this.classes.length && this.chance(0.5) ? this.pick(this.classes) : undefined;
    const arity = this.int(1, 2);
    const params = Array.from({ length: arity }, () => this.fresh('a'));
    this.open(`class ${name}${base ? ` extends ${base.name}` : ''} {`);
    this.open(`constructor(${params.join(', ')}) {`);
    if (base) this.emit(`super(${params.concat(['1', '2']).slice(0, base.arity).join(', ')});`);
    this.emit(`this._v${name} = ${params[0]} % 100;`);
    this.close();
    this.open('get val() {');
    this.emit(`return this._v${name} * 2;`);
    this.close();
    this.open('set val(x) {');
    this.emit(`this._v${name} = x % 100;`);
    this.close();
    const b = this.fresh('b');
    this.open(`calc(${b}) {`);
    const c = this.baseCtx([b]);
    this.block({ ...c, depth: 1 }, 0, 2);
    this.emit(`return (this.val + ${this.num(c, 1)}) % 1000;`);
    this.close();
    if (this.chance(0.4)) {
      this.open(`static make() {`);
      this.emit(`return new ${name}(${Array(arity).fill('3').join(', ')});`);
      this.close();
    }
    this.close();
    this.classes.push({ name, arity });
  }
}

/** Generates the program for `seed` (same seed, same program, always). */
export function generateProgram(seed: number, options: GeneratorOptions = {}): GeneratedProgram {
  return generate(new Gen(seed, Choices.fromSeed(seed)), options);
}

/** Generates the program these choices describe (`seed` only labels it). */
export function generateFromChoices(choices: readonly number[], options: GeneratorOptions, seed: number): GeneratedProgram {
  return generate(new Gen(seed, Choices.replaying(choices)), options);
}

function generate(g: Gen, options: GeneratorOptions): GeneratedProgram {
  const seed = g.seed;
  g.emit(`// nestdbg fuzz program, seed ${seed}`);
  g.errorClass();
  // Counts drawn here are left out of the returned choices and put in its options instead, so
  // the shrinker can lower them below the random range.
  const drawnCounts: number[] = [];
  const count = (given: number | undefined, lo: number, hi: number) => {
    if (given !== undefined) return given;
    drawnCounts.push(g.choices.made.length);
    return g.int(lo, hi);
  };
  const nFns = count(options.functions, 3, 6);
  const kinds: FnKind[] = ['plain', 'plain', 'rec', 'thrower', 'factory', 'gen', 'async'];
  for (let i = 0; i < nFns; i++) g.spanned('functions', () => g.defineFunction(i < 2 ? 'plain' : g.pick(kinds)));
  const firstLine = g.emit(`console.log("program ${seed}");`);
  const classCount = g.choices.made.length;
  const nClasses = g.int(0, 2);
  for (let i = 0; i < nClasses; i++) g.spanned(classCount, () => g.defineClass());
  const top: Ctx = {
    vars: [], mutable: new Set(), loops: [], inSwitch: false, inFunction: false, inAsync: false, inGenerator: false,
    depth: 2, callables: [...g.callables], classes: [...g.classes],
  };
  const n = count(options.statements, 6, 14);
  for (let i = 0; i < n; i++) g.spanned('statements', () => g.statement(top));
  // Every helper is used at least once.
  for (const f of g.callables) {
    const v = g.fresh('u');
    if (f.kind === 'thrower') {
      g.open('try {');
      g.emit(`${g.call(top, f)};`);
      g.indent--;
      g.open(`} catch (${v}) {`);
      g.emit(`console.log("crossed", ${v}.name, ${v}.code);`);
      g.close();
    } else if (f.kind === 'gen') {
      g.emit(`const ${v} = [...${g.call(top, f)}];`);
      g.emit(`console.log("gen", ${v}.join("|"));`);
    } else if (f.kind === 'async') {
      g.emit(`${g.call(top, f)}.then((${v}) => console.log("async", ${v}));`);
    } else if (f.kind === 'factory') {
      g.emit(`const ${v} = ${g.call(top, f)};`);
      g.emit(`${v}.inc(${g.int(1, 5)});`);
      g.emit(`console.log("counter", ${v}.inc(), ${v}.current);`);
    } else {
      g.emit(`const ${v} = ${g.call(top, f)};`);
      g.emit(`console.log("use", ${v});`);
    }
  }
  const throwsAtEnd = g.chance(0.1) && !options.noUncaught;
  if (throwsAtEnd) g.emit(`throw new FuzzError(${g.int(0, 9)});`);
  g.emit('');
  g.open('function __fuzzDead() {');
  const deadLine = g.emit('console.log("dead code ran");');
  g.close();
  const choices = g.choices.made.filter((_, i) => !drawnCounts.includes(i));
  const at = (i: number) => i - drawnCounts.filter((d) => d < i).length;
  const spans = g.spans.map((x) => ({ start: at(x.start), end: at(x.end), count: typeof x.count === 'number' ? at(x.count) : x.count }));
  return { seed, source: g.text(), firstLine, deadLine, throwsAtEnd, choices, options: { ...options, functions: nFns, statements: n }, spans };
}
