// A DAP source breakpoint as an ABI breakpoint request: condition, hit condition and log message
// are passed on only if the producer declared them; otherwise the breakpoint is refused with a
// reason (never silently turned into an unconditional one).
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { BreakpointRequest, Capability } from '../../../abi/index.js';
import { parseHitCondition } from './hit-condition.js';
import { parseLogMessage } from './log-message.js';

export function abiBreakpointRequest(
  b: DebugProtocol.SourceBreakpoint, declared: readonly Capability[],
): { request: BreakpointRequest } | { error: string } {
  const request: BreakpointRequest = { line: b.line, column: b.column };
  if (b.condition !== undefined && b.condition.trim() !== '') {
    if (!declared.includes('conditional-breakpoints')) return { error: 'Conditional breakpoints are not supported for this program' };
    request.condition = b.condition;
  }
  if (b.hitCondition !== undefined && b.hitCondition.trim() !== '') {
    if (!declared.includes('hit-conditional-breakpoints')) return { error: 'Hit counts are not supported for this program' };
    const hit = parseHitCondition(b.hitCondition);
    if ('error' in hit) return hit;
    request.hitCondition = hit;
  }
  if (b.logMessage !== undefined && b.logMessage !== '') {
    if (!declared.includes('log-points')) return { error: 'Logpoints are not supported for this program' };
    request.logMessage = parseLogMessage(b.logMessage);
  }
  return { request };
}
