// The host's own values in mixed mode (issue #4): at a host stop, large arrays page, getters run
// only when expanded (lazy, as js-debug shows them), variables and properties can be set, and the
// REPL completes names and properties in the host frame.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { REPO } from '../dap-client.js';
import { closeSession, launchUntilInitialized, openSession, scopes, stack, valueMap, vars, type Session, lineContaining } from '../helpers.js';

const T = { timeout: 90_000 };
const APP = path.join(REPO, 'test', 'e2e', 'fixtures', 'host-values', 'app.mjs');

const appLine = (text: string) => lineContaining(APP, text);

describe('host values', T, () => {
  it('page, lazy getters, setVariable and completions in a host frame', T, async () => {
    let s: Session | undefined;
    try {
      s = await openSession();
      await launchUntilInitialized(s, { program: APP, mixedStack: true });
      await s.dc.setBreakpointsRequest({ source: { path: APP }, breakpoints: [{ line: appLine('const fromPlugin =') }] });
      await s.dc.configurationDoneRequest();
      await s.events.stopped();
      const top = (await stack(s))[0];
      assert.equal(top.name, 'inspectMe');
      const local = (await scopes(s, top.id))[0];
      assert.equal(local.name, 'Local');
      const locals = await vars(s, local.variablesReference);
      const byName = (list: DebugProtocol.Variable[], name: string) => list.find((v) => v.name === name)!;
      const evaluate = async (expression: string) => (await s!.dc.evaluateRequest({ expression, frameId: top.id, context: 'repl' })).body.result;

      // A large array says how many elements it has; the client pages through them.
      const squares = byName(locals, 'squares');
      assert.equal(squares.indexedVariables, 250);
      const page = await vars(s, squares.variablesReference, { filter: 'indexed', start: 100, count: 3 });
      assert.deepEqual(page.map((v) => [v.name, v.value]), [['100', '10000'], ['101', '10201'], ['102', '10404']]);
      const named = (await vars(s, squares.variablesReference, { filter: 'named' })).map((v) => v.name);
      assert.ok(named.includes('label') && named.includes('length') && !named.some((n) => /^\d+$/.test(n)), named.join(', '));

      // Getters (own, and a class's on the instance) are not run until expanded.
      const balance = byName(await vars(s, byName(locals, 'account').variablesReference), 'balance');
      assert.deepEqual([balance.value, balance.presentationHint?.lazy], ['(...)', true]);
      assert.equal(await evaluate('getterCalls'), '0', 'listing the object ran no getter');
      assert.deepEqual((await vars(s, balance.variablesReference)).map((v) => [v.name, v.value]), [['balance', '42']]);
      assert.equal(await evaluate('getterCalls'), '1');
      const length = byName(await vars(s, byName(locals, 'point').variablesReference), 'length');
      assert.equal(length.presentationHint?.lazy, true);
      assert.equal((await vars(s, length.variablesReference))[0].value, '5', 'run with the instance as this');

      // setVariable: a local, an object's property, an array element; values are expressions.
      const set = async (ref: number, name: string, value: string) => (await s!.dc.setVariableRequest({ variablesReference: ref, name, value })).body;
      assert.equal((await set(local.variablesReference, 'count', 'count + 41')).value, '42');
      assert.equal((await set(byName(locals, 'account').variablesReference, 'owner', "'grace'")).value, "'grace'");
      assert.equal((await set(squares.variablesReference, '7', '-1')).value, '-1');
      await assert.rejects(set(local.variablesReference, 'nope', '1'), /Cannot set nope/);
      await assert.rejects(set(local.variablesReference, 'count', 'throw new Error("no")'), /Error: no/);
      assert.equal(valueMap(await vars(s, local.variablesReference)).count, '42');

      // Completions: names in the frame's scopes, properties of a member chain (own and inherited).
      const complete = async (text: string) => (await s!.dc.completionsRequest({ frameId: top.id, text, column: text.length + 1 })).body.targets.map((t) => t.label);
      assert.deepEqual(await complete('acc'), ['account']);
      assert.deepEqual(await complete('account.ow'), ['owner']);
      assert.ok((await complete('squares.la')).includes('label'));
      assert.deepEqual(await complete('point.le'), ['length']);
      assert.ok((await complete('Ma')).includes('Math'), 'globals too');

      await s.dc.continueRequest({ threadId: 1 });
      await s.events.next('terminated');
      assert.match(s.events.text('stdout'), /values count=42 owner=grace squares\[7\]=-1 x=3 plugin=42 getterCalls=2/);
    } finally {
      await closeSession(s);
    }
  });
});
