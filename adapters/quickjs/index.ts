// What the debug adapter needs to know about the QuickJS producer before launching it.
import { fileURLToPath } from 'node:url';
import type { Capability } from '../../abi/index.js';
export { ENGINES, isEngineName, type EngineName } from './engine.js';

/** The debuggee entry point the launcher runs with the agent preloaded. */
export const QUICKJS_DEBUGGEE = fileURLToPath(new URL('./debuggee.js', import.meta.url));

/** Declared up front so the adapter can answer `initialize` before the debuggee exists. */
export const QUICKJS_CAPABILITIES: readonly Capability[] = [
  'line-breakpoints', 'stepping', 'pause', 'evaluate', 'set-variable', 'paging', 'breakpoints-before-load',
  'conditional-breakpoints', 'hit-conditional-breakpoints', 'log-points', 'function-breakpoints', 'exception-breakpoints',
  'breakpoint-locations',
];
