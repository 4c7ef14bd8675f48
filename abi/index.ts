// The debug-hook ABI as TypeScript. Every type here comes from the jco-generated declarations
// in ./generated (source of truth: ./wit/debug-hook.wit); this file only names them.
import type * as ProducerInterface from './generated/interfaces/nestdbg-debug-hook-producer.js';
import type * as HostInterface from './generated/interfaces/nestdbg-debug-hook-host.js';
import type { ErrorInfo } from './generated/interfaces/nestdbg-debug-hook-types.js';

export type * from './generated/interfaces/nestdbg-debug-hook-types.js';
export { ABI_PACKAGE, ABI_VERSION } from './generated/version.js';
export { acceptedRange, compatible as compatibleVersions, refusal as versionRefusal } from './version-compat.js';

/** What a producer exports: called by the host. */
export type Producer = typeof ProducerInterface;
/** What a producer imports: implemented by the debug host. */
export type Host = typeof HostInterface;
export type ProducerMethod = keyof Producer;

/** The producer methods, in WIT order: the set a remote host may call. */
export const PRODUCER_METHODS: readonly ProducerMethod[] = [
  'capabilities', 'setBreakpoints', 'requestPause', 'setFunctionBreakpoints', 'setExceptionBreakpoints',
  'breakpointLocations', 'exceptionInfo', 'frames', 'scopes', 'variables', 'evaluate', 'setVariable',
];

/** A WIT `result<_, error-info>` error, thrown by a producer method (jco's convention for results). */
export class AbiError extends Error {
  constructor(readonly payload: ErrorInfo) {
    super(payload.message);
  }
}

/**
 * Honest answers for the optional breakpoint-kind calls, for a producer that does not declare
 * `function-breakpoints`, `exception-breakpoints` or `breakpoint-locations` (SPEC §12.3).
 */
export function unsupportedBreakpointKinds(): Pick<Producer, 'setFunctionBreakpoints' | 'setExceptionBreakpoints' | 'breakpointLocations' | 'exceptionInfo'> {
  const no = (what: string) => (): never => { throw new AbiError({ message: `${what} is not supported by this producer` }); };
  return {
    setFunctionBreakpoints: no('function breakpoints'),
    setExceptionBreakpoints: no('exception breakpoints'),
    breakpointLocations: no('breakpoint locations'),
    exceptionInfo: no('exception info'),
  };
}

export { callOf, dispatch, nestedHost, replyResult, RESUME_RUN, type NestedHost } from './commands.js';
