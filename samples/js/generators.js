// generators.js — generators, for..of, manual next(), early return().

function* range(from, to) {
  // Breakpoint here: each resume of the generator stops again.
  for (let i = from; i < to; i++) {
    yield i;
  }
  return "done";
}

function* withCleanup() {
  try {
    yield "first";
    yield "second";
    yield "third";
  } finally {
    // Breakpoint here: runs when return() closes the generator early.
    console.log("cleanup ran");
  }
}

let sum = 0;
for (const n of range(1, 5)) {
  sum = sum + n;
}
console.log("sum = " + sum);

const it = range(0, 2);
const r1 = it.next();
const r2 = it.next();
const r3 = it.next();
console.log(r1.value + " " + r2.value + " " + r3.value + " " + r3.done);

const g = withCleanup();
const first = g.next();
console.log("got " + first.value);
const closed = g.return("early");
console.log("return() gave " + closed.value + ", done = " + closed.done);
