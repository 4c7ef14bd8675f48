// Probe (run after `npx tsc -p .`): node bench/probes/lua-modes-cpu.mjs [runs]
// The Lua rows of `npm run bench` (plain / idle / armed, bench/other-producers.ts) in CPU time
// (process.cpuUsage, min of N interleaved runs), without the rest of the benchmark.
const { listOtherPrograms, runOtherOnce } = await import(new URL('../../dist/bench/other-producers.js', import.meta.url).href);
const RUNS = Number(process.argv[2] ?? 7);
const modes = ['plain', 'idle', 'armed'];
for (const program of listOtherPrograms('lua')) {
  const best = { plain: Infinity, idle: Infinity, armed: Infinity };
  for (let r = 0; r < RUNS; r++) {
    for (const mode of modes) best[mode] = Math.min(best[mode], (await runOtherOnce('lua', program, mode)).cpuMs);
  }
  console.log(`${program.name.padEnd(6)} plain ${best.plain.toFixed(0)} ms | idle ${best.idle.toFixed(0)} ms ${(best.idle / best.plain).toFixed(2)}x | armed ${best.armed.toFixed(0)} ms ${(best.armed / best.plain).toFixed(2)}x`);
}
