// Recursion: naive Fibonacci. Almost all time is calls and returns.
function fib(n) {
  if (n < 2) return n;
  return fib(n - 1) + fib(n - 2);
}

let total = 0;
for (let i = 0; i < 3; i++) {
  total += fib(27);
}
console.log('fib', total);
