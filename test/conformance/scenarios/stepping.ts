// Conformance checks: stepping (measured in frame depth), unwinding, coroutines, pause.
// Each is named after the SPEC rule it checks.
import { check, equal, lineOf, tempProgram } from '../driver.js';
import { type Scenario, sample, session, breakAt, runToBreakpoint, stop } from './common.js';

export const STEPPING_SCENARIOS: Scenario[] = [
  {
    rule: '§6.4', title: 'step into enters the callee (depth + 1)', fast: true, needs: ['line-breakpoints', 'stepping'],
    async run(p) {
      const file = sample(p, 'fib');
      await session(p, file, async (s, script) => {
        const { line, frames: before } = await runToBreakpoint(s, script, file, 'small = printFib(5)');
        s.resume({ tag: 'step', val: 'into' });
        const after = await stop(s, 'step', lineOf(file, 'value = fib(n)'));
        equal(after.length, before.length + 1, 'depth after step into');
        equal(after[0].name, 'printFib', 'callee frame name');
      });
    },
  },
  {
    rule: '§6.4', title: 'step over lands at depth <= current, on the next line', fast: true, needs: ['line-breakpoints', 'stepping'],
    async run(p) {
      const file = sample(p, 'fib');
      await session(p, file, async (s, script) => {
        const { line, frames: before } = await runToBreakpoint(s, script, file, 'value = fib(n)');
        s.resume({ tag: 'step', val: 'over' });
        const after = await stop(s, 'step', line + 1);
        equal(after.length, before.length, 'depth after step over');
        check(s.output() === '', 'no output before the print line ran');
        s.resume({ tag: 'step', val: 'over' });
        await stop(s, 'step', line + 2);
        equal(s.output(), 'fib(5) = 5\n', 'output after stepping over the print');
      });
    },
  },
  {
    rule: '§6.4', title: 'step out lands at depth < current, in the caller', fast: true, needs: ['line-breakpoints', 'stepping'],
    async run(p) {
      const file = sample(p, 'fib');
      await session(p, file, async (s, script) => {
        const { line, frames: before } = await runToBreakpoint(s, script, file, 'n < 2');
        await s.call('setBreakpoints', script.id, []);
        s.resume({ tag: 'step', val: 'out' });
        const after = await stop(s, 'step');
        check(after.length < before.length, `depth after step out: ${after.length}, before ${before.length}`);
        equal(after[0].name, 'printFib', 'frame after step out');
      });
    },
  },
  {
    rule: '§6.5', title: 'step over a statement that raises stops in the frame that catches', fast: false, samples: ['trycatch'], needs: ['line-breakpoints', 'stepping'],
    async run(p) {
      const file = sample(p, 'trycatch');
      await session(p, file, async (s, script) => {
        const { line, frames: before } = await runToBreakpoint(s, script, file, p.lang.raise);
        s.resume({ tag: 'step', val: 'over' });
        const after = await stop(s, 'step');
        check(after.length < before.length, `depth after the raise: ${after.length}, before ${before.length}`);
        equal(after[0].name, 'processAll', 'catching frame');
      });
    },
  },
  {
    rule: '§6.6', title: 'a resumed coroutine/generator is one deeper than its resumer', fast: false, samples: ['generators'], needs: ['line-breakpoints'],
    async run(p) {
      const file = sample(p, 'generators');
      await session(p, file, async (s, script) => {
        const yieldLine = p.lang.ext === '.lua' ? 'coroutine.yield(i)' : 'yield i;';
        const [line] = await breakAt(s, script, file, yieldLine);
        s.resume();
        for (let i = 0; i < 2; i++) {
          const frames = await stop(s, 'breakpoint', line);
          equal(frames.length, 2, 'depth inside the generator (main + generator)');
          s.resume();
        }
      });
    },
  },
  {
    rule: '§8', title: 'pause stops an infinite loop (poll-pause), inside the loop', fast: true, needs: ['pause'],
    async run(p) {
      const file = tempProgram('loop' + p.lang.ext, p.lang.loop);
      await session(p, file, async (s) => {
        s.resume();
        await new Promise((r) => setTimeout(r, 200));
        s.conn.pause();
        const frames = await stop(s, 'pause');
        check([2, 3, 4].includes(frames[0].position.line), `pause line ${frames[0].position.line} is in the loop`);
        s.resume();
        await new Promise((r) => setTimeout(r, 50));
        s.conn.pause();
        await stop(s, 'pause');
      });
    },
  },
  {
    rule: '§6.1', title: 'a pause requested in script-loaded stops at the first position with reason entry', fast: false, needs: ['pause'],
    async run(p) {
      const file = sample(p, 'fib');
      await session(p, file, async (s) => {
        await s.call('requestPause');
        s.resume();
        const event = await s.stopped();
        equal(event.reason, 'entry', 'reason');
        equal(s.output(), '', 'no output before the entry stop');
      });
    },
  },
];
