// Closures and callbacks: map/filter/reduce pipelines, composed functions, counters.
function compose(...fns) {
  return (x) => fns.reduceRight((acc, f) => f(acc), x);
}

function makeCounter() {
  let n = 0;
  return { inc: () => ++n, get: () => n };
}

const counter = makeCounter();
const square = (x) => x * x;
const half = (x) => x / 2;
const plusOne = (x) => x + 1;
const pipeline = compose(plusOne, half, square);

function run(size) {
  const data = Array.from({ length: size }, (_, i) => i);
  return data
    .map((x) => pipeline(x))
    .filter((x) => { counter.inc(); return x % 3 !== 0; })
    .map((x) => Math.floor(x) % 1000)
    .reduce((acc, x) => acc + x, 0);
}

let total = 0;
for (let round = 0; round < 9; round++) {
  total += run(12000);
  const adders = [];
  for (let i = 0; i < 500; i++) adders.push((y) => y + i);
  total += adders.reduce((acc, add) => add(acc), 0) % 1000;
}
console.log('closures', total, counter.get());
