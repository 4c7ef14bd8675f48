// End-to-end: promises show their state and result, boxed primitives their value, as V8 and
// vscode-js-debug show them: `Promise {<fulfilled>: 1}` with [[PromiseState]] / [[PromiseResult]]
// children, `Number {5}` with [[PrimitiveValue]].
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { closeSession, describeEachEngine, fixture, launch, openSession, scopes, stack, step, type Session, valueMap, vars } from './helpers.js';

const T = { timeout: 60_000 };

describeEachEngine('internal slots: promises and boxed primitives', T, (engine) => {
  let s: Session;
  let locals: Map<string, DebugProtocol.Variable>;
  const children = async (name: string) => valueMap(await vars(s, locals.get(name)!.variablesReference));

  before(async () => {
    s = await openSession(engine);
    await launch(s, { program: fixture('internals.js'), breakpoints: [13] });
    await s.events.stopped();
    const [top] = await stack(s);
    locals = new Map((await vars(s, (await scopes(s, top.id))[0].variablesReference)).map((v) => [v.name, v]));
  });
  after(async () => { await closeSession(s); });

  it('previews', T, () => {
    assert.deepEqual(Object.fromEntries([...locals].map(([n, v]) => [n, v.value])), {
      done: 'Promise {<fulfilled>: 1}',
      waiting: 'Promise {<pending>}',
      failed: 'Promise {<rejected>: Error: boom}',
      nested: '{p: Promise}',
      num: 'Number {5}',
      str: "String {'ab'}",
      bool: 'Boolean {true}',
      sym: 'Symbol {Symbol(s)}',
      big: 'BigInt {10n}',
    });
    assert.equal(locals.get('done')?.type, 'Promise');
  });

  it('children: [[PromiseState]], [[PromiseResult]], [[PrimitiveValue]]', T, async () => {
    assert.deepEqual(await children('done'), { '[[PromiseState]]': "'fulfilled'", '[[PromiseResult]]': '1', '[[Prototype]]': 'Promise' });
    assert.deepEqual(await children('waiting'), { '[[PromiseState]]': "'pending'", '[[PromiseResult]]': 'undefined', '[[Prototype]]': 'Promise' });
    const failed = await children('failed');
    assert.equal(failed['[[PromiseState]]'], "'rejected'");
    assert.equal(failed['[[PromiseResult]]'], 'Error: boom');
    assert.deepEqual(await children('num'), { '[[PrimitiveValue]]': '5', '[[Prototype]]': 'Number' });
    const str = await children('str');
    assert.equal(str['[[PrimitiveValue]]'], "'ab'");
    assert.equal(str.length, '2');
    assert.equal((await children('big'))['[[PrimitiveValue]]'], '10n');
  });

  it('evaluate shows a promise the same way, and the program runs on', T, async () => {
    const frameId = (await stack(s))[0].id;
    assert.equal((await s.dc.evaluateRequest({ expression: 'done.then((x) => x + 1)', context: 'repl', frameId })).body.result, 'Promise {<pending>}');
    assert.equal(await step(s, 'continue'), undefined);
  });
});
