// DAP capabilities from what the producer declares: advertise nothing it cannot do.
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { Capability } from '../../abi/index.js';
import { EXCEPTION_FILTERS } from './breakpoints/exceptions.js';

export function dapCapabilities(declared: readonly Capability[]): DebugProtocol.Capabilities {
  const has = (c: Capability) => declared.includes(c);
  return {
    supportsConfigurationDoneRequest: true,
    supportsTerminateRequest: true,
    supportsEvaluateForHovers: has('evaluate'),
    // Built from scopes/variables/evaluate (adapters/dap/completions.ts).
    supportsCompletionsRequest: has('evaluate'),
    supportsSetVariable: has('set-variable'),
    supportsSteppingGranularity: false,
    // Built from function breakpoints and step over (adapters/dap/step-in-targets.ts).
    supportsStepInTargetsRequest: has('stepping') && has('function-breakpoints'),
    supportsDelayedStackTraceLoading: true,
    supportsValueFormattingOptions: false,
    supportsLoadedSourcesRequest: true,
    supportsRestartRequest: true,
    supportsExceptionInfoRequest: has('exception-breakpoints'),
    supportsConditionalBreakpoints: has('conditional-breakpoints'),
    supportsHitConditionalBreakpoints: has('hit-conditional-breakpoints'),
    supportsLogPoints: has('log-points'),
    supportsFunctionBreakpoints: has('function-breakpoints'),
    supportsBreakpointLocationsRequest: has('breakpoint-locations'),
    supportsExceptionFilterOptions: has('exception-breakpoints'),
    exceptionBreakpointFilters: has('exception-breakpoints') ? EXCEPTION_FILTERS : [],
  };
}

/** A `capabilities` event: capabilities changed after `initialize` (launch arguments, the producer's declaration). */
export function capabilitiesEvent(capabilities: DebugProtocol.Capabilities): DebugProtocol.CapabilitiesEvent {
  return { seq: 0, type: 'event', event: 'capabilities', body: { capabilities } };
}
