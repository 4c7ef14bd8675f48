// async/await over resolved promises only: chains of awaits, Promise.all fan-out, thenables.
async function leaf(x) {
  return x * 2;
}

async function middle(x) {
  const a = await leaf(x);
  const b = await leaf(a + 1);
  return a + b;
}

async function fanOut(base) {
  const parts = [];
  for (let i = 0; i < 20; i++) parts.push(middle(base + i));
  const values = await Promise.all(parts);
  return values.reduce((s, v) => s + v, 0);
}

async function chain(n) {
  let p = Promise.resolve(0);
  for (let i = 0; i < n; i++) p = p.then((v) => v + i);
  return p;
}

async function main() {
  let total = 0;
  for (let round = 0; round < 700; round++) {
    total += await fanOut(round);
    total += await chain(10);
  }
  console.log('async', total);
}

main();
