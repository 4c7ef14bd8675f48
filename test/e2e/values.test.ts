// End-to-end: how values look in the Variables view, compared with what vscode-js-debug shows
// for the same values in V8 — previews of collections, typed arrays, dates, errors, symbols,
// class instances and functions; `[[Entries]]` and `[[Prototype]]`; getters that run only when
// the user expands them (DAP presentationHint.lazy), including one that throws.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { closeSession, describeEachEngine, fixture, launch, openSession, scopes, stack, step, type Session, valueMap, vars } from './helpers.js';

const T = { timeout: 60_000 };
const program = fixture('values.js');

describeEachEngine('values as js-debug shows them', T, (engine) => {
  let s: Session;
  let locals: Map<string, DebugProtocol.Variable>;
  const children = async (name: string, extra: Partial<DebugProtocol.VariablesArguments> = {}) => {
    const v = locals.get(name);
    assert.ok(v && v.variablesReference > 0, `${name} is expandable`);
    return vars(s, v.variablesReference, extra);
  };
  const child = (list: DebugProtocol.Variable[], name: string) => {
    const v = list.find((x) => x.name === name);
    assert.ok(v, `child ${name} among ${list.map((x) => x.name).join(', ')}`);
    return v;
  };

  before(async () => {
    s = await openSession(engine);
    await launch(s, { program, breakpoints: [31] });
    await s.events.stopped();
    const [top] = await stack(s);
    assert.equal(top.line, 31);
    locals = new Map((await vars(s, (await scopes(s, top.id))[0].variablesReference)).map((v) => [v.name, v]));
  });
  after(async () => { await closeSession(s); });

  it('one-line previews', T, () => {
    const shown = Object.fromEntries([...locals].map(([name, v]) => [name, v.value]));
    assert.deepEqual(shown, {
      map: "Map(2) {'a' => 1, 'b' => 2}",
      set: 'Set(3) {1, 2, 3}',
      bytes: 'Uint8Array(4) [1, 2, 3, 4]',
      big: shown.big, // checked below: long previews end with an ellipsis
      buffer: 'ArrayBuffer(8)',
      date: shown.date, // the local time zone's rendering; checked below
      re: '/ab+c/gi',
      err: 'RangeError: out of range',
      sym: 'Symbol(local)',
      keyed: "{plain: 1, Symbol(tag): 'tagged'}",
      point: 'Point {x: 3, y: 4}',
      list: "(4) [1, 'two', {…}, Array(1)]",
      empty: '{}',
      fns: '{add: ƒ, arrow: ƒ, gen: ƒ, run: ƒ}',
      tricky: '{ok: 1, fine: (...), broken: (...), writeOnly: (...)}',
      hostile: '<Error: trap>', // a proxy whose traps throw spoils only its own line
    });
    assert.match(shown.big, /^Float64Array\(1000\) \[0, 0\.5, 1, 1\.5, .*, …\]$/);
    assert.match(shown.date, /^\w{3} \w{3} \d{2} 19(69|70) \d{2}:\d{2}:\d{2} GMT[+-]\d{4}/, 'Date.prototype.toString, as V8 describes dates');
    assert.equal(locals.get('sym')?.type, 'symbol');
    assert.equal(locals.get('point')?.type, 'Point');
    assert.equal(locals.get('bytes')?.indexedVariables, 4);
    assert.equal(locals.get('date')?.variablesReference ? 'expandable' : 'leaf', 'expandable');
  });

  it('functions are abbreviated as js-debug does', T, async () => {
    assert.deepEqual(valueMap(await children('fns')), {
      add: 'ƒ add(a, b)', arrow: '(x) => x * 2', gen: 'ƒ* numbers(n)', run: 'async ƒ main()', '[[Prototype]]': 'Object',
    });
  });

  it('Map and Set: size as a getter, [[Entries]] paged by index, [[Prototype]] by name', T, async () => {
    const map = await children('map');
    assert.deepEqual(map.map((v) => v.name), ['size', '[[Entries]]', '[[Prototype]]']);
    assert.equal(child(map, '[[Prototype]]').value, 'Map');
    const entries = child(map, '[[Entries]]');
    assert.equal(entries.indexedVariables, 2);
    const pairs = await vars(s, entries.variablesReference, { filter: 'indexed', start: 1, count: 1 });
    assert.deepEqual(pairs.map((v) => [v.name, v.value]), [['1', "{'b' => 2}"]]);
    assert.deepEqual(valueMap(await vars(s, pairs[0].variablesReference)), { key: "'b'", value: '2' });
    const setEntries = child(await children('set'), '[[Entries]]');
    assert.deepEqual(valueMap(await vars(s, setEntries.variablesReference)), { 0: '1', 1: '2', 2: '3' });
  });

  it('typed arrays page their elements; ArrayBuffer shows views of its bytes', T, async () => {
    const page = await children('big', { filter: 'indexed', start: 998, count: 5 });
    assert.deepEqual(page.map((v) => [v.name, v.value]), [['998', '499'], ['999', '499.5']], 'a page past the end is cut, not an error');
    assert.equal(locals.get('big')?.indexedVariables, 1000);
    const named = await children('bytes', { filter: 'named' });
    assert.ok(named.every((v) => !/^\d+$/.test(v.name)), 'the named filter leaves out the elements');
    assert.equal(child(named, '[[Prototype]]').value, 'Uint8Array');
    assert.equal(locals.get('bytes')?.namedVariables, named.length, 'namedVariables counts exactly the named children');
    const buffer = valueMap(await children('buffer'));
    assert.equal(buffer['[[Uint8Array]]'], 'Uint8Array(8) [0, 0, 0, 0, 0, 0, 0, 0]');
    assert.equal(buffer['[[Int32Array]]'], 'Int32Array(2) [0, 0]');
    assert.equal(buffer['[[ArrayBufferByteLength]]'], '8');
  });

  it('an error shows its message and a stack in original positions; symbol keys are named Symbol(…)', T, async () => {
    const err = valueMap(await children('err'));
    assert.equal(err.message, "'out of range'");
    assert.match(err.stack, /at show \(.*values\.js:17:\d+\)/, `stack mapped to the original source: ${err.stack}`);
    assert.equal(err['[[Prototype]]'], 'RangeError');
    const keyed = await children('keyed');
    assert.equal(child(keyed, 'Symbol(tag)').value, "'tagged'");
    const set = await s.dc.setVariableRequest({ variablesReference: locals.get('keyed')!.variablesReference, name: 'Symbol(tag)', value: "'changed'" });
    assert.equal(set.body.value, "'changed'", 'setVariable finds the symbol-keyed property');
  });

  it('getters are lazy: listing does not run them, expanding does, a throwing one reports its error', T, async () => {
    const calls = async () => (await s.dc.evaluateRequest({ expression: 'getterCalls', context: 'watch', frameId: (await stack(s))[0].id })).body.result;
    assert.equal(await calls(), '0');
    const point = await children('point');
    assert.deepEqual(point.map((v) => v.name), ['x', 'y', 'norm', '[[Prototype]]'], 'the class getter is listed on the instance');
    const norm = child(point, 'norm');
    assert.equal(norm.value, '(...)');
    assert.deepEqual(norm.presentationHint, { lazy: true });
    assert.ok(norm.variablesReference > 0);
    assert.equal(await calls(), '0', 'listing the properties ran no getter');
    assert.deepEqual((await vars(s, norm.variablesReference)).map((v) => [v.name, v.value]), [['', '5']], 'expanding runs it on the instance');
    assert.equal(await calls(), '1');

    const tricky = await children('tricky');
    assert.equal(child(tricky, 'ok').presentationHint, undefined);
    assert.equal(child(tricky, 'writeOnly').value, 'write-only');
    const broken = child(tricky, 'broken');
    assert.deepEqual(broken.presentationHint, { lazy: true });
    const thrown = await vars(s, broken.variablesReference);
    assert.deepEqual(thrown.map((v) => [v.name, v.value, v.variablesReference]), [['', '<TypeError: getter failed>', 0]]);
    assert.deepEqual((await vars(s, child(tricky, 'fine').variablesReference)).map((v) => v.value), ["'computed'"]);
    // The session survives and the program still runs to its end.
    assert.equal((await s.dc.evaluateRequest({ expression: 'point.x + 1', context: 'repl', frameId: (await stack(s))[0].id })).body.result, '4');
    assert.equal(await step(s, 'continue'), undefined);
    assert.match(s.events.text('stdout'), /^getter calls: 1$/m);
  });
});
