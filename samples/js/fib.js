// fib.js — plain recursion; also a compute-heavy sample (fib(25) once).

function fib(n) {
  // Breakpoint here: watch `n` shrink as the recursion deepens.
  if (n < 2) {
    return n;
  }
  const a = fib(n - 1);
  const b = fib(n - 2);
  return a + b;
}

function fibLoop(n) {
  let prev = 0;
  let cur = 1;
  // Breakpoint on the loop header: it is hit once per iteration.
  for (let i = 0; i < n; i++) {
    const next = prev + cur;
    prev = cur;
    cur = next;
  }
  return prev;
}

function printFib(n) {
  const value = fib(n);
  console.log("fib(" + n + ") = " + value);
  return value;
}

// Breakpoint here and step in to enter printFib, then fib.
const small = printFib(5);
const medium = printFib(10);

// Compute-heavy call: about 250,000 calls to fib.
const big = fib(25);
console.log("fib(25) = " + big);

const looped = fibLoop(10);
console.log("fibLoop(10) = " + looped);

const total = small + medium + big + looped;
console.log("total = " + total);
