// The process a launch configuration runs. The producer is chosen by the program's language (or
// "engine"); a Node app that embeds QuickJS runs under node with the embed hook, which debugs
// every script it evaluates in QuickJS.
import type { LaunchOptions } from '../../runtime/launcher.js';
import { LUA_DEBUGGEE } from '../lua/index.js';
import { MINI_DEBUGGEE } from '../mini/index.js';
import { QUICKJS_DEBUGGEE } from '../quickjs/index.js';
import { EMBED_HOOK, isEmbeddingApp } from '../quickjs/embed/index.js';
import type { ValidLaunch } from './launch-arguments.js';
import { INSPECTION_TIMEOUT_ENV } from '../common/inspection-timeout.js';

/** `hostHidden`: guest-only mode; the debuggee is told too, and its agent then refuses the Wasm/V8-level API. */
export function debuggeeProcess(launch: ValidLaunch, hostHidden: boolean): LaunchOptions {
  const quickjs = launch.producer === 'quickjs';
  const embed = quickjs && isEmbeddingApp(launch.program);
  const entry = launch.producer === 'lua' ? LUA_DEBUGGEE : launch.producer === 'mini' ? MINI_DEBUGGEE : embed ? launch.program : QUICKJS_DEBUGGEE;
  const flags = embed ? [] : [
    ...(quickjs ? ['--engine', launch.engine] : []), ...(launch.stopOnEntry ? ['--stop-on-entry'] : []),
    ...(quickjs && !launch.sourceMaps ? ['--no-source-maps'] : []),
  ];
  return {
    entry, args: [...flags, ...(embed ? [] : [launch.program]), ...launch.args], cwd: launch.cwd,
    env: { ...launch.env, ...(embed && !launch.sourceMaps ? { NESTDBG_SOURCE_MAPS: '0' } : {}), ...(hostHidden ? { NESTDBG_EXPOSE_HOST: '0' } : {}),
      [INSPECTION_TIMEOUT_ENV]: String(launch.inspectionTimeoutMs) },
    nodeArgs: embed ? ['--import', EMBED_HOOK] : undefined,
    // Mixed stacks from the start: the program waits until host breakpoints are bound in V8.
    hold: launch.mixedStack && !hostHidden,
  };
}
