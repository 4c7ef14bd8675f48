// How the agent's worker presents a V8 pause to the adapter: each frame labelled with its role
// (hook, interpreter glue, host, Wasm), and V8's pause events as Wasm stop events.
import { isGlueUrl, type Pause, type WasmEvent } from '../wasm/debuggee.js';
import type { FrameRole, V8FrameInfo, WasmStopEvent } from './wasm-protocol.js';
import { isOwnCode } from './own-code.js';

export function lowerBound(sorted: number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}


/**
 * Labels every V8 frame; in a mixed stop, everything above the first Wasm frame is the hook.
 * nestdbg's own frames in the host's stack (the embed hook's evalCode between the app and the
 * interpreter) are the hook too, as the agent's are: hidden, as the debugger's machinery. Not the
 * ones with no app frame below them: that is nestdbg's runner, the only host a plain script has.
 */
export function classify(pause: Pause, mixed: boolean): V8FrameInfo[] {
  const firstWasm = pause.frames.findIndex((f) => f.kind === 'wasm');
  let lastApp = -1;
  for (const f of pause.frames) if (f.kind === 'js' && !isOwnCode(f.url) && !isGlueUrl(f.url) && !f.url.startsWith('node:')) lastApp = f.index;
  return pause.frames.map((f): V8FrameInfo => {
    if (f.kind === 'wasm') {
      return { index: f.index, kind: 'wasm', role: 'wasm', name: f.functionName || f.module.functionName(f.funcIndex), url: f.module.url, module: f.module.id, funcIndex: f.funcIndex, pc: f.pc };
    }
    const role: FrameRole = mixed && firstWasm >= 0 && f.index < firstWasm ? 'hook'
      : isGlueUrl(f.url) ? 'glue'
      : mixed && firstWasm < 0 ? 'hook'
      : isOwnCode(f.url) && f.index < lastApp ? 'hook'
      : 'host';
    return { index: f.index, kind: 'js', role, name: f.functionName, url: f.url, line: f.line + 1, column: f.column + 1 };
  });
}

export function stopEvent(event: WasmEvent): WasmStopEvent {
  switch (event.tag) {
    case 'breakpoint':
      return { reason: 'breakpoint', breakpoints: event.breakpoints.map((b) => ({ module: b.module.id, pc: b.pc })) };
    case 'js-breakpoint':
      return { reason: 'host-breakpoint', hostBreakpoints: event.ids };
    case 'step':
    case 'interrupted':
    case 'debugger-statement':
      return { reason: event.tag };
    case 'caught-exception-thrown':
    case 'uncaught-exception-thrown':
      return { reason: 'exception', description: event.description };
    case 'other':
      return { reason: 'other', description: event.reason };
  }
}
