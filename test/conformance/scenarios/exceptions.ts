// Conformance checks for exception stops (SPEC §6.2, §6.7), on the trycatch sample and a program
// whose error nobody catches. Each is named after the SPEC rule it checks.
import { check, equal, lineOf, tempProgram } from '../driver.js';
import { type Scenario, sample, session, stop } from './common.js';

export const EXCEPTION_SCENARIOS: Scenario[] = [
  {
    rule: '§6.2', title: 'with no exception filters set, errors never stop', fast: true, samples: ['trycatch'], needs: ['exception-breakpoints'],
    async run(p) {
      await session(p, tempProgram('uncaught' + p.lang.ext, p.lang.uncaught), async (s) => {
        s.resume();
        // exited() fails if the program stops instead.
        check((await s.exited()) !== 0, 'a program that ends with an uncaught error exits non-zero');
      });
      await session(p, sample(p, 'trycatch'), async (s) => {
        s.resume();
        equal(await s.exited(), 0, 'exit code of trycatch');
      });
    },
  },
  {
    rule: '§6.7', title: 'caught filter: stops at the raise, in the raising frame, before it unwinds; exception-info says caught', fast: true,
    samples: ['trycatch'], needs: ['exception-breakpoints'],
    async run(p) {
      const file = sample(p, 'trycatch');
      await session(p, file, async (s) => {
        await s.call('setExceptionBreakpoints', [{ kind: 'caught' }]);
        s.resume();
        const frames = await stop(s, 'exception', lineOf(file, p.lang.raise));
        equal(frames[0].name, 'check', 'raising frame');
        check(frames.some((f) => f.name === 'processAll') && frames.some((f) => f.name === 'run'), `callers still on the stack: ${frames.map((f) => f.name)}`);
        const info = await s.call('exceptionInfo');
        equal(info.kind, 'caught', 'exception-info kind');
        check(info.id.length > 0 && info.description.length > 0, `exception-info id and description: ${JSON.stringify(info)}`);
        await s.call('setExceptionBreakpoints', []);
        s.resume();
        equal(await s.exited(), 0, 'exit code after clearing the filters');
      });
    },
  },
  {
    rule: '§6.7', title: 'a filter condition sees the exception as `error`; one that fails at run time counts as false', fast: true,
    needs: ['exception-breakpoints'],
    async run(p) {
      const file = tempProgram('conditions' + p.lang.ext, p.lang.raiseEach);
      await session(p, file, async (s) => {
        await s.call('setExceptionBreakpoints', [{ kind: 'caught', condition: 'error > 25' }]);
        s.resume();
        const seen: string[] = [];
        for (const _ of [30, 40]) {
          const frames = await stop(s, 'exception', 2);
          equal(frames[0].name, 'fail', 'raising frame');
          seen.push((await s.call('evaluate', 0, 'x', 'repl')).display);
          s.resume();
        }
        equal(seen, ['30', '40'], 'x at the stops whose condition held');
        equal(await s.exited(), 0, 'exit code');
      });
      await session(p, file, async (s) => {
        await s.call('setExceptionBreakpoints', [{ kind: 'caught', condition: p.lang.failingCondition }]);
        s.resume();
        equal(await s.exited(), 0, 'a failing condition never stops and leaves the program alone');
      });
    },
  },
  {
    rule: '§6.7', title: 'uncaught filter: an error a handler catches does not stop', fast: true, samples: ['trycatch'], needs: ['exception-breakpoints'],
    async run(p) {
      await session(p, sample(p, 'trycatch'), async (s) => {
        await s.call('setExceptionBreakpoints', [{ kind: 'uncaught' }]);
        s.resume();
        equal(await s.exited(), 0, 'exit code of trycatch, with no stop');
      });
    },
  },
  {
    rule: '§6.7', title: 'uncaught filter: stops before the program ends, the raising frame readable; exception-info says uncaught', fast: true,
    needs: ['exception-breakpoints'],
    async run(p) {
      await session(p, tempProgram('uncaught' + p.lang.ext, p.lang.uncaught), async (s) => {
        await s.call('setExceptionBreakpoints', [{ kind: 'uncaught' }]);
        s.resume();
        const frames = await stop(s, 'exception', 2);
        equal(frames.map((f) => f.position.line), [2, 4], 'frame lines (f, then the top level)');
        equal(frames[0].name, 'f', 'raising frame');
        const [local] = await s.call('scopes', 0);
        const names = (await s.call('variables', local.handle, 'all', 0, 0)).map((v) => v.name);
        check(names.includes('x'), `f's locals at the stop: ${names}`);
        equal((await s.call('exceptionInfo')).kind, 'uncaught', 'exception-info kind');
        s.resume();
        check((await s.exited()) !== 0, 'the program still ends with its error, with no second stop');
      });
    },
  },
];
