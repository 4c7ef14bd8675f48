import assert from 'node:assert/strict';
import { it } from 'node:test';
import { ScriptDeclarations, visibleDeclaration } from './declarations.js';

// Two copies of one function (as the instrumenter makes them): the position picks the copy.
const code = `function f(a) {
  if (flag) { let x = 1; g(x); for (let i = 0; i < 2; i++) { const x = i; g(x); } return; }
  let x = 2;
  g(x);
  try { g(); } catch (e) { g(e); }
  class C {}
  var v; var v;
}
let top = 1; { let top = 2; g(top); }`;
const at = (text: string, nth = 0) => {
  let i = -1;
  for (let k = 0; k <= nth; k++) i = code.indexOf(text, i + 1);
  return i;
};

it('lists each name\'s declarations in source order, one slot per var', () => {
  const decls = new ScriptDeclarations(code, false).at(at('g(x)'))!;
  assert.equal(decls.get('x')!.length, 3);
  assert.equal(decls.get('a')!.length, 1);
  assert.equal(decls.get('v')!.length, 1, 'a var declared twice has one slot');
  assert.equal(decls.get('e')!.length, 1);
  assert.equal(decls.get('C')!.length, 2, 'a class declaration has an outer and an inner binding');
});

it('picks the innermost declaration that holds the position', () => {
  const parsed = new ScriptDeclarations(code, false);
  const pick = (offset: number) => visibleDeclaration(parsed.at(offset)!.get('x')!, offset);
  assert.equal(pick(at('g(x)', 0)), 0, 'first copy, its block');
  assert.equal(pick(at('g(x)', 1)), 1, 'the loop body');
  assert.equal(pick(at('g(x)', 2)), 2, 'the other copy, function level');
});

it('leaves a script\'s top-level declarations out (globals), but not its blocks\'', () => {
  const decls = new ScriptDeclarations(code, false).at(at('g(top)'))!;
  assert.equal(decls.get('top')!.length, 1);
  assert.equal(new ScriptDeclarations(code, true).at(at('g(top)'))!.get('top')!.length, 2, 'a module\'s top level is its frame');
});
