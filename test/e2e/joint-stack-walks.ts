// The step walks through test/e2e/fixtures/joint-stack that cross-context.test.ts asserts stop by
// stop and cross-context-v8.test.ts compares with V8's own debugger (two vm contexts).
import type { StepKind } from './helpers.js';
import { fixture } from './helpers.js';

export const JOINT_STACK = {
  app: fixture('joint-stack/app.mjs'),
  v8App: fixture('joint-stack/v8-app.cjs'),
  caller: fixture('joint-stack/caller.js'),
  callee: fixture('joint-stack/callee.js'),
  shared: fixture('joint-stack/shared.js'),
  main: fixture('joint-stack/main.js'),
};

export interface Walk {
  name: string;
  /** Breakpoints on the lines holding each text, by file. */
  breakpoints: Array<[string, string[]]>;
  steps: Array<Exclude<StepKind, 'continue'>>;
}

export const WALKS: Walk[] = [
  {
    name: 'step in enters the other context (host function and shared value); step over and out return into the caller',
    breakpoints: [[JOINT_STACK.caller, ['const viaHost']]],
    steps: ['stepIn', 'next', 'next', 'stepIn', 'stepOut', 'stepIn', 'stepIn', 'stepIn', 'stepIn', 'stepOut', 'stepOut', 'stepOut', 'next', 'next'],
  },
  {
    name: 'step over a call into the other context stops there only at a breakpoint',
    breakpoints: [[JOINT_STACK.caller, ['const viaHost']], [JOINT_STACK.callee, ['return back']]],
    steps: ['next', 'next', 'next', 'next', 'next'],
  },
  {
    name: 'with breakpoints only in the callee, steps out of it land in the caller',
    breakpoints: [[JOINT_STACK.callee, ['return tripled']]],
    steps: ['next', 'next', 'stepOut', 'stepOut'],
  },
];
