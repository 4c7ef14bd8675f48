// Exception breakpoints over DAP: the two filters VS Code's JavaScript debugger offers, what they
// become in the ABI, and the `exceptionInfo` answer from the producer's `exception-info`.
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { ExceptionDetails, ExceptionFilter } from '../../../abi/index.js';

export const EXCEPTION_FILTERS: DebugProtocol.ExceptionBreakpointsFilter[] = [
  { filter: 'caught', label: 'Caught Exceptions', default: false, supportsCondition: true, conditionDescription: 'Stop only when this is true; `error` is the exception' },
  { filter: 'uncaught', label: 'Uncaught Exceptions', default: false, supportsCondition: true, conditionDescription: 'Stop only when this is true; `error` is the exception' },
];

/** The ABI filters for a setExceptionBreakpoints request (filters, filterOptions with conditions). */
export function abiExceptionFilters(args: DebugProtocol.SetExceptionBreakpointsArguments): ExceptionFilter[] {
  const out = new Map<string, ExceptionFilter>();
  const add = (id: string, condition?: string) => {
    if (id !== 'caught' && id !== 'uncaught') return;
    out.set(id, { kind: id, condition: condition && condition.trim() ? condition : undefined });
  };
  for (const id of args.filters ?? []) add(id);
  for (const o of args.filterOptions ?? []) add(o.filterId, o.condition);
  return [...out.values()];
}

export function dapExceptionInfo(d: ExceptionDetails): DebugProtocol.ExceptionInfoResponse['body'] {
  return {
    exceptionId: d.id,
    description: d.description,
    breakMode: d.kind === 'caught' ? 'always' : 'unhandled',
    details: { message: d.description, typeName: d.id, stackTrace: d.stackTrace },
  };
}
