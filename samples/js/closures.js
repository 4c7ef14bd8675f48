// closures.js — nested functions, captured variables, and a TDZ binding.

function makeCounter(start) {
  let count = start;
  function increment(step) {
    // Breakpoint here: `count` is a closure variable, `step` a local.
    count = count + step;
    return count;
  }
  return increment;
}

function outer(x) {
  const base = x * 2;
  function inner(y) {
    const sum = base + y;
    return sum;
  }
  return inner(1) + inner(2);
}

function lateLet() {
  // Breakpoint here: `later` exists but is in its temporal dead zone.
  const early = 1;
  console.log("early = " + early);
  let later = early + 41;
  return later;
}

const counter = makeCounter(10);
counter(1);
counter(2);
const c = counter(3);
console.log("counter = " + c);

const o = outer(5);
console.log("outer = " + o);

const l = lateLet();
console.log("lateLet = " + l);

// Step in on this line: a(1) is entered first, then b(2).
function a(v) {
  return v + 1;
}
function b(v) {
  return v * 2;
}
const mixed = a(1) + b(2);
console.log("mixed = " + mixed);
