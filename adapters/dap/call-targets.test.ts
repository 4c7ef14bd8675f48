// Calls on a line (call-targets.ts): named and unnamed callees, with their positions.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { callsOnLine } from './call-targets.js';

const calls = (line: string, column = 1) => callsOnLine(line, 1, column).map((c) => `${c.label}${c.name === undefined ? '' : `=${c.name}`}@${c.column}-${c.closeColumn}`);

it('named callees, with member chains and new', () => {
  assert.deepEqual(calls('const r = combine(double(x), obj.triple(x)) + new Point(1);'), ['combine=combine@11-43', 'double=double@19-27', 'obj.triple=triple@30-42', 'new Point=Point@47-58']);
  assert.deepEqual(calls('function f(a) { return g(a); }'), ['g=g@24-27']);
});

it('unnamed callees: computed members, parenthesized expressions, call results, inline functions', () => {
  assert.deepEqual(calls('const y = fns[0](x) + (a || b)(x) + make()(x);'), ['fns[0]@11-19', '(a || b)@23-33', 'make=make@37-42', 'make()@37-45']);
  assert.deepEqual(calls('(() => 1)(); (function () { return 2; })();'), ['(() => 1)@1-11', '(function () { return 2; })@14-42']);
  assert.deepEqual(calls('obj.list[i].run(x); this.handlers[type](e);'), ['run=run@13-18', 'this.handlers[type]@21-42']);
});

it('statement heads and literals are not callees; a long callee is shortened', () => {
  assert.deepEqual(calls('if (ok) (a || b)(x);'), ['(a || b)@9-19']);
  assert.deepEqual(calls('while (x) [f][0](x);'), ['[f][0]@11-19']);
  assert.equal(calls('((value) => value + 1 + value * 2 + value / 3 + value % 4)(5);')[0], '((value) => value + 1 + value * 2 + val…@1-61');
  assert.deepEqual(calls('const y = fns[0](x) + g(x);', 12), ['g=g@23-26'], 'only calls at or after the column');
});
