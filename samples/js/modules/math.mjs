// Arithmetic helpers, imported by main.mjs.
export function add(a, b) {
  const sum = a + b;
  return sum;
}

export function square(x) {
  return x * x;
}

export const answer = add(40, 2);
