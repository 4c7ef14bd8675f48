// String building: concatenation, templates, split/join, replace, char codes, a tiny CSV round trip.
function makeLine(i) {
  let s = '';
  for (let k = 0; k < 8; k++) s += String.fromCharCode(97 + ((i * 7 + k * 3) % 26));
  return `${i},${s},${(i * 37) % 1000},${s.toUpperCase()}`;
}

function checksum(text) {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) | 0;
  return h;
}

function roundTrip(lines) {
  const csv = lines.join('\n');
  const rows = csv.split('\n').map((line) => line.split(','));
  let out = '';
  for (const row of rows) {
    out += row[3].toLowerCase().replace(/[aeiou]/g, '_') + ':' + row[2].padStart(4, '0') + ';';
  }
  return out;
}

let h = 0;
for (let round = 0; round < 5; round++) {
  const lines = [];
  for (let i = 0; i < 4000; i++) lines.push(makeLine(i + round));
  const text = roundTrip(lines);
  h = (h + checksum(text)) | 0;
  const words = text.split(';').filter((w) => w.indexOf('_') < 0).length;
  h = (h + words) | 0;
}
console.log('strings', h);
