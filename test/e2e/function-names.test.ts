// End-to-end: function breakpoints by the name a user sees. A function that takes its name from a
// binding or property (`const double = (n) => …`, `api.greet = …`, an object method, a class
// method as `Point.norm` or `norm`, a class as its constructor) binds by that name, as V8 names it.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { describeEachEngine, fixture, launchUntilInitialized, stack, step, withSession } from './helpers.js';

const program = fixture('function-names.js');
const T = { timeout: 60_000 };

describeEachEngine('function breakpoints by binding name', T, (engine) => {
  it('binds const/let functions, object and class methods, assigned properties and classes', T, async () => {
    await withSession(engine, async (s) => {
      await launchUntilInitialized(s, { program });
      const names = ['double', 'triple', 'shapes.area', 'Point', 'Point.prototype.norm', 'greet', 'nosuch'];
      const set = await s.dc.setFunctionBreakpointsRequest({ breakpoints: names.map((name) => ({ name })) });
      const bound = set.body.breakpoints;
      await s.dc.configurationDoneRequest();
      // Bindings made once the script has loaded arrive as `breakpoint` events; if it loaded before
      // the request was handled (the debuggee starts at launch), they are in the response already.
      const lines = new Map<number, number | undefined>();
      for (const b of bound) lines.set(b.id!, b.verified ? b.line : undefined);
      const boundCount = () => [...lines.values()].filter((l) => l !== undefined).length;
      while (boundCount() < names.length - 1) {
        const e = await s.events.next<DebugProtocol.BreakpointEvent>('breakpoint', (e) => e.body.breakpoint.verified && !lines.get(e.body.breakpoint.id!));
        lines.set(e.body.breakpoint.id!, e.body.breakpoint.line);
      }
      assert.deepEqual(bound.map((b) => lines.get(b.id!)), [2, 4, 8, 13, 17, 21, undefined]);
      // Each stop is in the function the name designates, in the order the program calls them.
      const stops: string[] = [];
      for (let e: DebugProtocol.StoppedEvent | undefined = await s.events.stopped(); e; e = await step(s, 'continue')) {
        assert.equal(e.body.reason, 'function breakpoint');
        const [top] = await stack(s);
        stops.push(`${top.line}`);
      }
      assert.deepEqual(stops, ['13', '2', '4', '8', '17', '21']);
      assert.match(s.events.text('stdout'), /^2 6 6 7 hi x$/m);
    });
  });
});
