// Imports math.mjs too: a module is loaded once.
import { add } from './math.mjs';

export function mean(values) {
  let total = 0;
  for (const v of values) total = add(total, v);
  return total / values.length;
}
