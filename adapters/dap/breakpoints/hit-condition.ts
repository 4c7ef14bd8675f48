// DAP hit conditions, as VS Code's JavaScript debugger reads them: `>= 3`, `> 3`, `== 5`, `= 5`,
// `< 3`, `<= 3`, `% 2` (every 2nd hit), or a bare number meaning `>=`. Parsed here, counted by
// the producer (ABI `hit-condition`).
import type { HitCondition, HitOperator } from '../../../abi/index.js';

const OPERATORS: Record<string, HitOperator> = {
  '==': 'equal', '===': 'equal', '=': 'equal', '>': 'greater', '>=': 'greater-or-equal', '<': 'less', '<=': 'less-or-equal', '%': 'multiple-of',
};

export function parseHitCondition(text: string): HitCondition | { error: string } {
  const m = /^\s*(===|==|=|>=|<=|>|<|%)?\s*(\d+)\s*$/.exec(text);
  const count = m ? Number(m[2]) : NaN;
  if (!m || !Number.isSafeInteger(count) || count > 0xffffffff) {
    return { error: `Invalid hit condition "${text}": expected a number, optionally after ==, >, >=, <, <= or %` };
  }
  const operator = m[1] ? OPERATORS[m[1]] : 'greater-or-equal';
  if (operator === 'multiple-of' && count === 0) return { error: `Invalid hit condition "${text}": % 0` };
  return { operator, count };
}
