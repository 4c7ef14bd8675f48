// Top-level definitions of generated programs: the FuzzError class, helper functions of every
// kind (plain, recursive, generator, async, throwing through frames, object factory) and classes
// with accessors, a method and inheritance.
import { GenStatements } from './gen-statements.js';
import type { Ctx, FnKind } from './gen-base.js';

export class Gen extends GenStatements {
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
