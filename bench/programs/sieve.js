// Tight numeric loops: sieve of Eratosthenes over a plain array, repeated.
function sieve(limit) {
  const composite = new Array(limit + 1).fill(false);
  let count = 0;
  for (let i = 2; i <= limit; i++) {
    if (composite[i]) continue;
    count++;
    for (let j = i * i; j <= limit; j += i) {
      composite[j] = true;
    }
  }
  return count;
}

let primes = 0;
for (let round = 0; round < 4; round++) {
  primes += sieve(200000);
}
console.log('sieve', primes);
