// The counter job (scheduler.js): counts its ticks; `hang` keeps it busy until set false.
let count = 0;
function tick(round, hang) {
  let spins = 0;
  while (hang) {
    spins = spins + 1;
  }
  count = count + round;
  return count;
}
