// The statement kinds of generated programs: declarations, assignments, branches, loops with
// break/continue and labels, try/catch/finally, switch, calls, destructuring, classes, closures,
// arrows, generators and await. Each draws its choices through GenBase (gen-base.ts).
import { GenBase, type Ctx } from './gen-base.js';

export abstract class GenStatements extends GenBase {
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

}
