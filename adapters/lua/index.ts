// What a debug adapter needs to know about the Lua producer before launching it.
import { fileURLToPath } from 'node:url';
import type { Capability } from '../../abi/index.js';

/** The debuggee entry point the launcher runs with the agent preloaded. */
export const LUA_DEBUGGEE = fileURLToPath(new URL('./debuggee.js', import.meta.url));

/** File extensions this producer runs. */
export const LUA_EXTENSIONS: readonly string[] = ['.lua'];

/** Declared up front so the adapter can answer `initialize` before the debuggee exists. */
export const LUA_CAPABILITIES: readonly Capability[] = [
  'line-breakpoints', 'stepping', 'pause', 'evaluate', 'set-variable', 'paging', 'breakpoints-before-load', 'exception-breakpoints',
];
