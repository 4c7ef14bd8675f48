// DAP capabilities from what the producer declares: advertise nothing it cannot do.
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { Capability } from '../../abi/index.js';

export function dapCapabilities(declared: readonly Capability[]): DebugProtocol.Capabilities {
  const has = (c: Capability) => declared.includes(c);
  return {
    supportsConfigurationDoneRequest: true,
    supportsTerminateRequest: true,
    supportsEvaluateForHovers: has('evaluate'),
    supportsSetVariable: has('set-variable'),
    supportsSteppingGranularity: false,
    supportsDelayedStackTraceLoading: true,
    supportsValueFormattingOptions: false,
    supportsLoadedSourcesRequest: false,
    supportsExceptionInfoRequest: false,
    supportsConditionalBreakpoints: false,
    supportsHitConditionalBreakpoints: false,
    supportsLogPoints: false,
    supportsFunctionBreakpoints: false,
    exceptionBreakpointFilters: [],
  };
}
