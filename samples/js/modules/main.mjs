// An ES module program: imports resolve relative to this file through QuickJS's module loader,
// and each module is its own debuggable source.
import { add, square } from './math.mjs';
import * as stats from './stats.mjs';

const values = [3, 4, 5];
const squares = values.map((v) => square(v));
console.log(`squares ${squares.join(' ')}`);
const total = add(squares[0], squares[1]);
console.log(`3² + 4² = ${total}`);
console.log(`mean ${stats.mean(values)}`);
export const done = true;
