// The conformance checks. Each is named after the SPEC rule it checks (abi/SPEC.md) and runs the
// same scenario in every language, on the shared samples (samples/js, samples/lua, samples/mini).
import type { Capability } from '../../abi/index.js';
import type { Scenario } from './scenarios/common.js';
import { EXCEPTION_SCENARIOS } from './scenarios/exceptions.js';
import { INSPECTION_SCENARIOS } from './scenarios/inspection.js';
import { LIFECYCLE_SCENARIOS } from './scenarios/lifecycle.js';
import { STEPPING_SCENARIOS } from './scenarios/stepping.js';

export type { Scenario } from './scenarios/common.js';

export const SCENARIOS: Scenario[] = [...LIFECYCLE_SCENARIOS, ...STEPPING_SCENARIOS, ...EXCEPTION_SCENARIOS, ...INSPECTION_SCENARIOS];

/** Which checks back which capability: a declared capability whose checks fail is a false claim. */
export const CAPABILITY_CHECKS: Record<Capability, string[]> = {
  'line-breakpoints': ['§4.2', '§4.4'],
  stepping: ['§6.4', '§6.5'],
  pause: ['§8', '§6.1'],
  evaluate: ['§10.6', '§9.1'],
  'set-variable': ['§10.7'],
  paging: ['§10.3'],
  'breakpoints-before-load': ['§4.2'],
  'exception-breakpoints': ['§6.7', '§6.2'],
  // Checked over DAP in test/e2e/breakpoint-kinds.test.ts, not yet by scenarios here.
  'conditional-breakpoints': [],
  'hit-conditional-breakpoints': [],
  'log-points': [],
  'function-breakpoints': [],
  'breakpoint-locations': [],
};
