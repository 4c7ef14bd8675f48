// Conformance checks: inspection while stopped: frames, scopes, paging, evaluate, set-variable, handle lifetimes.
// Each is named after the SPEC rule it checks.
import { check, equal, lineOf } from '../driver.js';
import { type Scenario, sample, session, runToBreakpoint, stop } from './common.js';

export const INSPECTION_SCENARIOS: Scenario[] = [
  {
    rule: '§10.1', title: 'frames: top first, ids are indexes, outer positions are the calls in progress', fast: true, needs: ['line-breakpoints'],
    async run(p) {
      const file = sample(p, 'fib');
      await session(p, file, async (s, script) => {
        await runToBreakpoint(s, script, file, 'n < 2');
        s.resume();
        const frames = await stop(s, 'breakpoint');
        equal(frames.map((f) => f.id), frames.map((_, i) => i), 'frame ids');
        equal(frames.map((f) => f.name).slice(0, 3), ['fib', 'fib', 'printFib'], 'frame names');
        equal(frames.map((f) => f.position.line).slice(1, 3), [lineOf(file, 'fib(n - 1)'), lineOf(file, 'value = fib(n)')], 'outer frame lines');
        check(frames.every((f) => f.name.length > 0), 'every frame has a name');
        equal(frames.length, 4, 'depth (main, printFib, fib, fib)');
      });
    },
  },
  {
    rule: '§10.2', title: 'scopes: local first, closure next, global last; counts match variables', fast: true, samples: ['closures'], needs: ['line-breakpoints'],
    async run(p) {
      const file = sample(p, 'closures');
      await session(p, file, async (s, script) => {
        await runToBreakpoint(s, script, file, 'count = count + step');
        const scopes = await s.call('scopes', 0);
        const kinds = scopes.map((x) => x.kind);
        equal(kinds[0], 'local', 'first scope kind');
        equal(kinds.at(-1), 'global', 'last scope kind');
        const local = await s.call('variables', scopes[0].handle, 'all', 0, 0);
        equal(local.map((v) => [v.name, v.value.display]), [['step', '1']], 'locals');
        if (scopes[0].namedCount !== undefined) equal(scopes[0].namedCount, local.length, 'local named-count');
        const closures = scopes.filter((x) => x.kind === 'closure' && x.handle !== 0);
        const captured = (await Promise.all(closures.map((x) => s.call('variables', x.handle, 'all', 0, 0)))).flat();
        check(captured.some((v) => v.name === 'count' && v.value.display === '10'), `closure scope has count = 10: ${JSON.stringify(captured.map((v) => [v.name, v.value.display]))}`);
      });
    },
  },
  {
    rule: '§10.3', title: 'paging: indexed pages concatenate to the whole; past the end is empty', fast: true, needs: ['line-breakpoints', 'evaluate', 'paging'],
    async run(p) {
      const file = sample(p, 'fib');
      await session(p, file, async (s, script) => {
        await runToBreakpoint(s, script, file, 'n < 2');
        const list = await s.call('evaluate', 0, p.lang.list10, 'repl');
        check(list.handle !== 0, 'a list has children');
        equal(list.indexedCount, 10, 'indexed-count');
        const pages = [];
        for (let start = 0; start < 12; start += 4) pages.push(...(await s.call('variables', list.handle, 'indexed', start, 4)));
        equal(pages.map((v) => v.value.display), ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10'], 'paged values');
        equal(pages.map((v) => v.name), Array.from({ length: 10 }, (_, i) => String(i + p.lang.firstIndex)), 'indexed names');
        equal(await s.call('variables', list.handle, 'indexed', 50, 5), [], 'page past the end');
      });
    },
  },
  {
    rule: '§10.6', title: 'evaluate sees the frame\'s locals; errors come back as errors', fast: true, needs: ['line-breakpoints', 'evaluate'],
    async run(p) {
      const file = sample(p, 'fib');
      await session(p, file, async (s, script) => {
        await runToBreakpoint(s, script, file, 'n < 2');
        equal((await s.call('evaluate', 0, 'n * 10', 'repl')).display, '50', 'n * 10 in fib(5)');
        await s.fails('a syntax error', 'evaluate', 0, p.lang.invalid, 'repl');
        await s.fails('a raising expression', 'evaluate', 0, p.lang.throwing, 'watch');
        // The producer stays usable after errors (§11.2).
        equal((await s.call('evaluate', 0, 'n', 'hover')).display, '5', 'n after errors');
      });
    },
  },
  {
    rule: '§9.1', title: 'inspection runs guest code with hooks off: a call through a breakpoint does not stop', fast: true, needs: ['line-breakpoints', 'evaluate'],
    async run(p) {
      const file = sample(p, 'fib');
      await session(p, file, async (s, script) => {
        const { line, frames: before } = await runToBreakpoint(s, script, file, 'n < 2');
        equal((await s.call('evaluate', 0, 'fib(10)', 'repl')).display, '55', 'fib(10) evaluated through a breakpoint');
        // Depth and the stop are unchanged (§9.2).
        equal((await s.frames()).length, before.length, 'depth after inspection');
        s.resume();
        await stop(s, 'breakpoint', line);
      });
    },
  },
  {
    rule: '§10.7', title: 'set-variable is visible after resume', fast: true, needs: ['line-breakpoints', 'set-variable'],
    async run(p) {
      const file = sample(p, 'fib');
      await session(p, file, async (s, script) => {
        await runToBreakpoint(s, script, file, 'return prev');
        const [local] = await s.call('scopes', 0);
        const value = await s.call('setVariable', local.handle, 'prev', '99');
        equal(value.display, '99', 'set-variable result');
        const after = await s.call('variables', local.handle, 'all', 0, 0);
        check(after.some((v) => v.name === 'prev' && v.value.display === '99'), 'prev reads back as 99');
        await s.fails('an unknown name', 'setVariable', local.handle, 'noSuchVariable', '1');
        await s.call('setBreakpoints', script.id, []);
        s.resume();
        await s.exited();
        check(s.output().includes('fibLoop(10) = 99'), `output after set-variable: ${JSON.stringify(s.output())}`);
      });
    },
  },
  {
    rule: '§7', title: 'handles and frame ids from an earlier stop are errors, not crashes', fast: false, needs: ['line-breakpoints'],
    async run(p) {
      const file = sample(p, 'fib');
      await session(p, file, async (s, script) => {
        await runToBreakpoint(s, script, file, 'n < 2');
        const [local] = await s.call('scopes', 0);
        s.resume();
        await stop(s, 'breakpoint');
        await s.fails('a stale handle', 'variables', local.handle, 'all', 0, 0);
        await s.fails('handle 0', 'variables', 0, 'all', 0, 0);
        await s.fails('an unknown frame', 'scopes', 4_000_000_000);
      });
    },
  },
  {
    rule: '§2.4', title: 'inspection outside a stop is an error', fast: true, needs: [],
    async run(p) {
      const file = sample(p, 'fib');
      await session(p, file, async (s) => {
        // In script-loaded: nothing is stopped yet.
        await s.fails('frames() in script-loaded', 'frames');
        await s.fails('evaluate in script-loaded', 'evaluate', 0, '1', 'repl');
        s.resume();
        equal(await s.exited(), 0, 'exit code');
      });
    },
  },
];
