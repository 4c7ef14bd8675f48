// trycatch.js — exceptions crossing several frames, try/catch/finally.

class ValidationError extends Error {
  constructor(field) {
    super("invalid " + field);
    this.field = field;
  }
}

function check(value) {
  if (value < 0) {
    // Breakpoint here: the throw unwinds through validate and processAll.
    throw new ValidationError("value");
  }
  return value;
}

function validate(values) {
  let total = 0;
  for (const v of values) {
    total = total + check(v);
  }
  return total;
}

function processAll(values) {
  let status = "started";
  try {
    const total = validate(values);
    status = "ok";
    return total;
  } finally {
    // Breakpoint here: runs on both the normal and the exceptional path.
    console.log("finally, status = " + status);
  }
}

function run(values) {
  try {
    return "result " + processAll(values);
  } catch (e) {
    // Breakpoint here: caught two frames above the throw.
    return "caught " + e.message + " (" + e.field + ")";
  }
}

console.log(run([1, 2, 3]));
console.log(run([1, -2, 3]));

try {
  null.property;
} catch (e) {
  console.log("builtin error: " + e.constructor.name);
}
