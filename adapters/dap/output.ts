// The debuggee's console output (through the producer) as a DAP `output` event, at the guest
// source position it came from when the producer knows it.
import { OutputEvent } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { OutputEvent as AbiOutput } from '../../abi/index.js';
import type { Coordinates } from './coordinates.js';

/** `redact`: the text as guest-only mode lets it through. */
export function dapOutputEvent(
  event: AbiOutput, redact: (text: string) => string, sourceOf: (script: number) => DebugProtocol.Source | undefined, at: Coordinates,
): DebugProtocol.OutputEvent {
  const out = new OutputEvent(redact(event.text), event.category) as DebugProtocol.OutputEvent;
  const source = event.position && sourceOf(event.position.script);
  if (event.position && source) {
    out.body.source = source;
    out.body.line = at.clientLine(event.position.line);
    out.body.column = at.clientColumn(event.position.column);
  }
  return out;
}
