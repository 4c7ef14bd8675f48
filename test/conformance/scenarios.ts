// The conformance checks. Each is named after the SPEC rule it checks (abi/SPEC.md) and runs the
// same scenario in every language, on the shared samples (samples/js, samples/lua).
import path from 'node:path';
import type { Capability, FrameInfo, ScriptInfo } from '../../abi/index.js';
import { check, equal, lineOf, Session, tempProgram } from './driver.js';
import type { ProducerUnderTest } from './producers.js';

export interface Scenario {
  rule: string;
  title: string;
  /** In the fast subset that `npm test` runs. */
  fast: boolean;
  /** Capabilities the check relies on: without them it is skipped (SPEC §12.2). */
  needs: Capability[];
  /** Samples it runs beyond fib: skipped for a language that lacks them (LanguageFacts.lacks). */
  samples?: string[];
  run(p: ProducerUnderTest): Promise<void>;
}

const sample = (p: ProducerUnderTest, name: string) => path.join(p.lang.samples, name + p.lang.ext);

async function session(p: ProducerUnderTest, program: string, body: (s: Session, script: ScriptInfo) => Promise<void>): Promise<void> {
  const s = await Session.start(p, program);
  try {
    const script = await s.loaded();
    await body(s, script);
  } finally {
    s.close();
  }
}

/** Sets breakpoints at the lines containing `texts`; checks each bound where asked. */
async function breakAt(s: Session, script: ScriptInfo, file: string, ...texts: string[]): Promise<number[]> {
  const lines = texts.map((t) => lineOf(file, t));
  const results = await s.call('setBreakpoints', script.id, lines.map((line) => ({ line })));
  equal(results.map((r) => r.verified), lines.map(() => true), 'breakpoints verified');
  equal(results.map((r) => r.line), lines, 'bound lines');
  return lines;
}

/** A stop, checked against SPEC §5.2 (position = top frame) and §10.1 (frames never empty). */
async function stop(s: Session, reason: string, line?: number): Promise<FrameInfo[]> {
  const event = await s.stopped();
  equal(event.reason, reason, 'stop reason');
  if (line !== undefined) equal(event.position.line, line, `${reason} stop line`);
  const frames = await s.frames();
  check(frames.length > 0, 'frames() is empty while stopped');
  equal(frames[0].position, event.position, 'event.position vs frames()[0].position');
  return frames;
}

export const SCENARIOS: Scenario[] = [
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
        await breakAt(s, script, file, 'fib(25) = ');
        s.resume();
        await stop(s, 'breakpoint', lineOf(file, 'fib(25) = '));
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
    rule: '§6.4', title: 'step into enters the callee (depth + 1)', fast: true, needs: ['line-breakpoints', 'stepping'],
    async run(p) {
      const file = sample(p, 'fib');
      await session(p, file, async (s, script) => {
        const [line] = await breakAt(s, script, file, 'small = printFib(5)');
        s.resume();
        const before = await stop(s, 'breakpoint', line);
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
        const [line] = await breakAt(s, script, file, 'value = fib(n)');
        s.resume();
        const before = await stop(s, 'breakpoint', line);
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
        const [line] = await breakAt(s, script, file, 'n < 2');
        s.resume();
        const before = await stop(s, 'breakpoint', line);
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
        const raise = p.lang.ext === '.lua' ? 'error(setmetatable' : 'throw new ValidationError';
        const [line] = await breakAt(s, script, file, raise);
        s.resume();
        const before = await stop(s, 'breakpoint', line);
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
    rule: '§10.1', title: 'frames: top first, ids are indexes, outer positions are the calls in progress', fast: true, needs: ['line-breakpoints'],
    async run(p) {
      const file = sample(p, 'fib');
      await session(p, file, async (s, script) => {
        await breakAt(s, script, file, 'n < 2');
        s.resume();
        await stop(s, 'breakpoint');
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
        await breakAt(s, script, file, 'count = count + step');
        s.resume();
        await stop(s, 'breakpoint');
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
        await breakAt(s, script, file, 'n < 2');
        s.resume();
        await stop(s, 'breakpoint');
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
        await breakAt(s, script, file, 'n < 2');
        s.resume();
        await stop(s, 'breakpoint');
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
        const [line] = await breakAt(s, script, file, 'n < 2');
        s.resume();
        const before = await stop(s, 'breakpoint', line);
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
        await breakAt(s, script, file, 'return prev');
        s.resume();
        await stop(s, 'breakpoint');
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
        await breakAt(s, script, file, 'n < 2');
        s.resume();
        await stop(s, 'breakpoint');
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
  {
    rule: '§5.3', title: 'output arrives in order, before the stop, with the writing line', fast: true, needs: ['line-breakpoints'],
    async run(p) {
      const file = sample(p, 'fib');
      await session(p, file, async (s, script) => {
        const [line] = await breakAt(s, script, file, 'medium = printFib(10)');
        s.resume();
        await stop(s, 'breakpoint', line);
        equal(s.outputs.map((o) => o.text), ['fib(5) = 5\n'], 'output before the stop');
        const [out] = s.outputs;
        equal(out.category, 'stdout', 'category');
        equal(out.position?.line, lineOf(file, '"fib(" '), 'output position line');
        equal(out.position?.script, script.id, 'output position script');
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
        await breakAt(s, script, file, 'n < 2');
        s.resume();
        await stop(s, 'breakpoint');
        equal(await s.capabilities(), atLoad, 'capabilities at a stop');
        const scopes = await s.call('scopes', 0);
        for (const scope of scopes.filter((x) => x.handle !== 0)) await s.call('variables', scope.handle, 'all', 0, 0);
        const unknown = await s.call('setBreakpoints', 9999, [{ line: 1 }]);
        equal(unknown.map((r) => r.verified), [false], 'breakpoints in an unknown script');
      });
    },
  },
];

/** Which checks back which capability: a declared capability whose checks fail is a false claim. */
export const CAPABILITY_CHECKS: Record<Capability, string[]> = {
  'line-breakpoints': ['§4.2', '§4.4'],
  stepping: ['§6.4', '§6.5'],
  pause: ['§8', '§6.1'],
  evaluate: ['§10.6', '§9.1'],
  'set-variable': ['§10.7'],
  paging: ['§10.3'],
  'breakpoints-before-load': ['§4.2'],
  // Checked over DAP in test/e2e/breakpoint-kinds.test.ts, not yet by scenarios here.
  'conditional-breakpoints': [],
  'hit-conditional-breakpoints': [],
  'log-points': [],
  'function-breakpoints': [],
  'exception-breakpoints': [],
  'breakpoint-locations': [],
};
