// Evaluated in every sandbox: the helpers its rule uses.
function round(amount) {
  const cents = Math.round(amount * 100);
  return cents / 100;
}
