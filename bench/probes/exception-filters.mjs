// Probe (run after `npx tsc -p . && npm run build:samples`): node bench/probes/exception-filters.mjs [N] [program…]
// What exception filters cost: guest CPU time of each bench program with only the uncaught filter
// set (a DAP session with "Uncaught Exceptions" checked) vs plain evalCode, min of N runs.
import { GuestSession } from '../../dist/adapters/quickjs/guest-session.js';
import { QuickJsProducer } from '../../dist/adapters/quickjs/debug/producer.js';
import { listPrograms } from '../../dist/bench/programs.js';
const N = Number(process.argv[2] ?? 5);
const only = process.argv.slice(3);
const cpu = (f) => { const t = process.cpuUsage(); f(); const u = process.cpuUsage(t); return (u.user + u.system) / 1000; };
const rows = [];
for (const program of listPrograms(only.length ? only : undefined)) {
  const t = { plain: [], filters: [] };
  for (let r = 0; r < N; r++) {
    for (const mode of ['plain', 'filters']) {
      const session = await GuestSession.create({ engine: 'quickjs', write: () => {}, wantStack: mode !== 'plain' });
      let producer;
      try {
        if (mode === 'plain') { t.plain.push(cpu(() => session.evalScript(program.source, program.file))); continue; }
        producer = new QuickJsProducer(session);
        producer.install();
        const p = producer;
        p.connect({ scriptLoaded() {}, stopped() { throw new Error('stopped'); }, output() {}, pollPause: () => false });
        p.setExceptionBreakpoints([{ kind: 'uncaught' }]);
        t.filters.push(cpu(() => { const e = p.runScript(program.file, program.source); if (e) throw new Error(JSON.stringify(e)); }));
      } finally { producer?.dispose(); session.dispose(); }
    }
  }
  const min = (a) => Math.min(...a);
  rows.push([program.name, min(t.filters) / min(t.plain)]);
  console.log(program.name, (min(t.filters) / min(t.plain)).toFixed(2));
}
console.log('geomean', Math.exp(rows.reduce((a, r) => a + Math.log(r[1]), 0) / rows.length).toFixed(3));
