// Object- and array-heavy: build records, sort them, group them in a Map, aggregate.
function makeRecords(count, seed) {
  let state = seed;
  const random = () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
  const cities = ['Oslo', 'Lima', 'Pune', 'Kyiv', 'Nice', 'Bern', 'Cork', 'Graz'];
  const records = [];
  for (let i = 0; i < count; i++) {
    records.push({
      id: i,
      name: 'user' + i,
      age: 18 + Math.floor(random() * 60),
      city: cities[Math.floor(random() * cities.length)],
      score: Math.round(random() * 10000) / 100,
      tags: [random() > 0.5 ? 'a' : 'b', random() > 0.7 ? 'c' : 'd'],
    });
  }
  return records;
}

function summarize(records) {
  const sorted = records.slice().sort((a, b) => a.score - b.score || a.id - b.id);
  const byCity = new Map();
  for (const r of sorted) {
    let group = byCity.get(r.city);
    if (!group) {
      group = { city: r.city, count: 0, totalAge: 0, best: null, tags: {} };
      byCity.set(r.city, group);
    }
    group.count++;
    group.totalAge += r.age;
    if (!group.best || r.score > group.best.score) group.best = r;
    for (const t of r.tags) group.tags[t] = (group.tags[t] || 0) + 1;
  }
  const rows = [];
  for (const [city, g] of byCity) {
    rows.push({ city, count: g.count, meanAge: Math.round(g.totalAge / g.count), best: g.best.name, tags: Object.keys(g.tags).sort().join('') });
  }
  rows.sort((a, b) => (a.city < b.city ? -1 : a.city > b.city ? 1 : 0));
  return { median: sorted[sorted.length >> 1].score, rows };
}

let checksum = 0;
let last;
for (let round = 0; round < 4; round++) {
  last = summarize(makeRecords(6000, round + 1));
  checksum += last.median;
  for (const row of last.rows) checksum += row.count * row.meanAge;
}
console.log('objects', checksum.toFixed(2), JSON.stringify(last.rows[0]));
