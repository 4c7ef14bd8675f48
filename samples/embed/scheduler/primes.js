// The primes job (scheduler.js): each tick finds the next prime; `hang` keeps it busy until set false.
let last = 1;
function tick(round, hang) {
  let spins = 0;
  while (hang) {
    spins = spins + 1;
  }
  let n = last + 1;
  while (!isPrime(n)) n = n + 1;
  last = n;
  return n;
}
function isPrime(n) {
  for (let d = 2; d * d <= n; d++) if (n % d === 0) return false;
  return n > 1;
}
