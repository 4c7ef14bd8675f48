// Where the debuggee stopped, as DAP sees it: the `stopped` event of a script or Wasm stop, the
// script stack as DAP frames, and the DAP frame ids that stand for the producer's frames.
import { Source, StackFrame, StoppedEvent } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { FrameInfo, StopEvent } from '../../abi/index.js';
import type { WasmStopEvent } from '../../runtime/agent/wasm-protocol.js';
import type { Coordinates } from './coordinates.js';

/** The debuggee has one thread: the guest's. */
export const THREAD_ID = 1;

const STOP_REASONS: Record<StopEvent['reason'], string> = {
  entry: 'entry', breakpoint: 'breakpoint', step: 'step', pause: 'pause', exception: 'exception', 'debugger-statement': 'breakpoint',
  'function-breakpoint': 'function breakpoint',
};

/** DAP frame id -> producer frame id, for the current stop only; ids are never reused. */
export class FrameIds {
  private byDapId = new Map<number, number>();
  private nextId = 1;

  /** A fresh DAP frame id; with a producer frame, one that later requests can name it by. */
  add(producerFrame?: number): number {
    const id = this.nextId++;
    if (producerFrame !== undefined) this.byDapId.set(id, producerFrame);
    return id;
  }

  producerFrame(dapFrameId: number): number {
    const id = this.byDapId.get(dapFrameId);
    if (id === undefined) throw new Error(`Unknown or stale frame ${dapFrameId}`);
    return id;
  }

  /** The debuggee resumed (or stopped anew): every frame id so far is stale. */
  clear(): void {
    this.byDapId = new Map();
  }
}

/** The `stopped` event of a script stop; `hostText` is what guest-only mode lets through. */
export function scriptStoppedEvent(event: StopEvent, hitBreakpointIds: number[] | undefined, hostText: (text: string) => string): DebugProtocol.StoppedEvent {
  const stopped = new StoppedEvent(STOP_REASONS[event.reason] ?? 'pause', THREAD_ID) as DebugProtocol.StoppedEvent;
  if (event.description) stopped.body.description = hostText(event.description);
  if (hitBreakpointIds) stopped.body.hitBreakpointIds = hitBreakpointIds;
  if (event.reason === 'debugger-statement' && !event.description) stopped.body.description = 'Paused on debugger statement';
  if (event.reason === 'exception' && event.description) stopped.body.text = hostText(event.description);
  return stopped;
}

/** The `stopped` event of a stop in Wasm or, at a host breakpoint, in the host's own JS. */
export function wasmStoppedEvent(event: WasmStopEvent, hostBreakpointIds: (ids: string[]) => number[] | undefined): DebugProtocol.StoppedEvent {
  if (event.reason === 'host-breakpoint') {
    // A line breakpoint in the host's own JS: V8 is paused in the host.
    const stopped = new StoppedEvent('breakpoint', THREAD_ID) as DebugProtocol.StoppedEvent;
    stopped.body.hitBreakpointIds = hostBreakpointIds(event.hostBreakpoints ?? []);
    return stopped;
  }
  const reason = event.reason === 'breakpoint' ? 'instruction breakpoint' : event.reason === 'step' ? 'step' : 'pause';
  return new StoppedEvent(reason, THREAD_ID) as DebugProtocol.StoppedEvent;
}

/** The producer's frames as DAP frames, each at its own source (with source maps, the original file). */
export function dapStackFrames(
  frames: FrameInfo[], ids: FrameIds, sourceOf: (script: number) => DebugProtocol.Source | undefined, at: Coordinates,
): DebugProtocol.StackFrame[] {
  return frames.map((f) => {
    const frame: DebugProtocol.StackFrame = new StackFrame(ids.add(f.id), f.name, sourceOf(f.position.script) as Source | undefined, at.clientLine(f.position.line), at.clientColumn(f.position.column));
    if (!f.inspectable) frame.presentationHint = 'subtle';
    return frame;
  });
}
