// Another plugin: the squares up to n.
function squares(n) {
  const out = [];
  for (let i = 1; i <= n; i++) {
    const sq = i * i;
    out.push(sq);
  }
  return out;
}

plugins.push({
  name: 'squares',
  run(n) {
    const list = squares(n);
    log(`squares ${list.join(',')}`);
    return list;
  },
});
