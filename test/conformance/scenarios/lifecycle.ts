// Conformance checks: script loading, breakpoints, output order and capabilities.
// Each is named after the SPEC rule it checks.
import { check, equal, lineOf } from '../driver.js';
import { type Scenario, sample, session, breakAt, runToBreakpoint, stop } from './common.js';

export const LIFECYCLE_SCENARIOS: Scenario[] = [
  {
    rule: '§5.1', title: 'script-loaded comes first, once, with the source; the program then runs to its end', fast: true, needs: [],
    async run(p) {
      const file = sample(p, 'fib');
      await session(p, file, async (s, script) => {
        equal(script.url, file, 'script url');
        check(script.source?.includes('fibLoop'), 'script source is the original text');
        s.resume();
        equal(await s.exited(), 0, 'exit code');
        equal(s.scripts.length, 1, 'scripts announced');
        check(s.output().includes('total = 75140'), `program output: ${JSON.stringify(s.output())}`);
      });
    },
  },
  {
    rule: '§4.2', title: 'a breakpoint binds to the next line with code; past the end it is unverified', fast: true, needs: ['line-breakpoints'],
    async run(p) {
      const file = sample(p, 'fib');
      await session(p, file, async (s, script) => {
        const comment = lineOf(file, 'Breakpoint here: watch');
        const [bound, beyond] = await s.call('setBreakpoints', script.id, [{ line: comment }, { line: 100_000 }]);
        equal(bound.verified, true, 'comment-line breakpoint verified');
        equal(bound.line, lineOf(file, 'n < 2'), 'comment-line breakpoint bound line');
        equal(beyond.verified, false, 'breakpoint past the end verified');
        check(beyond.line === undefined && !!beyond.message, 'unverified breakpoint has a message and no line');
        s.resume();
        await stop(s, 'breakpoint', lineOf(file, 'n < 2'));
        s.resume();
        await stop(s, 'breakpoint', lineOf(file, 'n < 2'));
      });
    },
  },
  {
    rule: '§4.3', title: 'set-breakpoints replaces the set; an empty list clears it', fast: false, needs: ['line-breakpoints'],
    async run(p) {
      const file = sample(p, 'fib');
      await session(p, file, async (s, script) => {
        await breakAt(s, script, file, 'n < 2');
        await runToBreakpoint(s, script, file, 'fib(25) = ');
        equal(await s.call('setBreakpoints', script.id, []), [], 'clearing result');
        s.resume();
        equal(await s.exited(), 0, 'exit code');
      });
    },
  },
  {
    rule: '§4.4', title: 'a breakpoint fires on every arrival, in any frame (recursion)', fast: true, needs: ['line-breakpoints'],
    async run(p) {
      const file = sample(p, 'fib');
      await session(p, file, async (s, script) => {
        const [line] = await breakAt(s, script, file, 'n < 2');
        s.resume();
        const depths: number[] = [];
        for (let i = 0; i < 4; i++) {
          depths.push((await stop(s, 'breakpoint', line)).length);
          s.resume();
        }
        // printFib(5): fib(5) → fib(4) → fib(3) → fib(2): one deeper each time.
        equal(depths.map((d) => d - depths[0]), [0, 1, 2, 3], 'depths of successive hits');
      });
    },
  },
  {
    rule: '§5.3', title: 'output arrives in order, before the stop, with the writing line', fast: true, needs: ['line-breakpoints'],
    async run(p) {
      const file = sample(p, 'fib');
      await session(p, file, async (s, script) => {
        await runToBreakpoint(s, script, file, 'medium = printFib(10)');
        equal(s.outputs.map((o) => o.text), ['fib(5) = 5\n'], 'output before the stop');
        const [out] = s.outputs;
        equal(out.category, 'stdout', 'category');
        equal(out.position?.line, lineOf(file, '"fib(" '), 'output position line');
        equal(out.position?.script, script.id, 'output position script');
      });
    },
  },
  {
    rule: '§12', title: 'capabilities: no duplicates, the same at load and at a stop, the mandatory calls work', fast: true, needs: [],
    async run(p) {
      const file = sample(p, 'fib');
      await session(p, file, async (s, script) => {
        const atLoad = await s.capabilities();
        equal(new Set(atLoad).size, atLoad.length, 'duplicates');
        if (!atLoad.includes('line-breakpoints')) {
          const [r] = await s.call('setBreakpoints', script.id, [{ line: 1 }]);
          equal(r.verified, false, 'breakpoint without line-breakpoints');
          return;
        }
        await runToBreakpoint(s, script, file, 'n < 2');
        equal(await s.capabilities(), atLoad, 'capabilities at a stop');
        const scopes = await s.call('scopes', 0);
        for (const scope of scopes.filter((x) => x.handle !== 0)) await s.call('variables', scope.handle, 'all', 0, 0);
        const unknown = await s.call('setBreakpoints', 9999, [{ line: 1 }]);
        equal(unknown.map((r) => r.verified), [false], 'breakpoints in an unknown script');
      });
    },
  },
];
