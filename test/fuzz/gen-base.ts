// The generator's machinery (generator.ts): its random choices, its output lines, integer-valued
// expressions and calls, and blocks of statements recorded as shrinkable spans. The statement
// kinds are in gen-statements.ts, the top-level definitions in gen-definitions.ts.
import type { Choices } from './choices.js';
import type { Span } from './generator.js';

export type FnKind = 'plain' | 'gen' | 'async' | 'rec' | 'thrower' | 'factory';

export interface Callable {
  name: string;
  kind: FnKind;
  arity: number;
}

export interface ClassInfo {
  name: string;
  arity: number;
}

export interface Ctx {
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

export abstract class GenBase {
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

  // ---- blocks -------------------------------------------------------------------------------
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

  abstract statement(c: Ctx): void;
}
