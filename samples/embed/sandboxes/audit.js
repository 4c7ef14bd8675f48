// The audit sandbox's rule: a record of what was checked.
function rule(amount) {
  const entry = { sandbox: sandboxName, amount, ok: amount > 0 };
  return entry;
}
