// async.js — async/await over resolved promises, and a caught rejection.

async function double(x) {
  const value = await Promise.resolve(x);
  return value * 2;
}

async function failLater(message) {
  await null;
  throw new Error(message);
}

async function main() {
  // Breakpoint here, then step over the awaits.
  const a = await double(3);
  console.log("a = " + a);
  const b = await double(a);
  console.log("b = " + b);
  try {
    await failLater("boom");
    console.log("not reached");
  } catch (e) {
    // Breakpoint here: the rejection arrives as an exception.
    console.log("caught " + e.message);
  }
  const all = await Promise.all([double(1), double(2)]);
  console.log("all = " + all.join(","));
  return a + b;
}

main().then(function (result) {
  console.log("main returned " + result);
});
console.log("main started");
