// How long guest code the debugger runs while stopped (getters, evaluate, previews, conditions)
// may run before it is stopped: the `inspectionTimeoutMs` launch argument, which reaches the
// debuggee process (and an embedding app's hook) as an environment variable.

export const INSPECTION_TIMEOUT_ENV = 'NESTDBG_INSPECTION_TIMEOUT_MS';
export const DEFAULT_INSPECTION_TIMEOUT_MS = 2000;
/** Bounds of the launch argument: 1 ms up to 10 minutes. */
export const MAX_INSPECTION_TIMEOUT_MS = 600_000;

/** A launch argument's message when `value` is not a valid timeout, else undefined. */
export function inspectionTimeoutError(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_INSPECTION_TIMEOUT_MS) return undefined;
  return `"inspectionTimeoutMs" must be a whole number of milliseconds from 1 to ${MAX_INSPECTION_TIMEOUT_MS}.`;
}

/** The timeout this debuggee process was launched with, or the default. */
export function inspectionTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[INSPECTION_TIMEOUT_ENV];
  const n = raw === undefined ? NaN : Number(raw);
  return inspectionTimeoutError(n) === undefined ? n : DEFAULT_INSPECTION_TIMEOUT_MS;
}
