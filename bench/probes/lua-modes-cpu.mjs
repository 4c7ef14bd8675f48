// Probe (run after `npx tsc -p .`): node bench/probes/lua-modes-cpu.mjs [runs]
// The Lua rows of `npm run bench` (plain / idle / armed, bench/other-producers.ts) in CPU time
// (process.cpuUsage, min of N interleaved runs), without the rest of the benchmark. Beside the
// bench's programs (armed: a breakpoint in a never-called function), two cases where the
// breakpoint is in a function that is running (on a line it never reaches):
// - `below`: fib's calls run below that function (it waits for them);
// - `inloop`: loop's loop runs inside that function.
const { listOtherPrograms, runOtherOnce } = await import(new URL('../../dist/bench/other-producers.js', import.meta.url).href);
const RUNS = Number(process.argv[2] ?? 7);
const modes = ['plain', 'idle', 'armed'];

/** A program whose breakpoint (on the line `-- break` ends) is in the function `holder`, which runs `body`. */
function holderCase(name, before, body) {
  const lines = [
    ...before,
    'local function holder()',
    ...body,
    '  if total < 0 then',
    '    print("never") -- break',
    '  end',
    '  return total',
    'end',
    'print(name, holder())',
  ];
  const source = lines.join('\n').replace('name,', `"${name}",`) + '\n';
  return { name, file: `/probe/${name}.lua`, source, breakpointLine: lines.findIndex((l) => l.endsWith('-- break')) + 1 };
}

const cases = [
  ...listOtherPrograms('lua'),
  holderCase('below', [
    'local function fib(n)',
    '  if n < 2 then return n end',
    '  return fib(n - 1) + fib(n - 2)',
    'end',
  ], [
    '  local total = 0',
    '  for i = 1, 3 do',
    '    total = total + fib(27)',
    '  end',
  ]),
  holderCase('inloop', [], [
    '  local xs = {}',
    '  local total = 0',
    '  for i = 1, 4000000 do',
    '    local v = (i * 7) % 1000',
    '    xs[(i % 100) + 1] = v',
    '    total = total + v',
    '  end',
  ]),
];
const only = process.env.CASES?.split(',');
for (const program of cases) {
  if (only && !only.includes(program.name)) continue;
  const best = { plain: Infinity, idle: Infinity, armed: Infinity };
  for (let r = 0; r < RUNS; r++) {
    for (const mode of modes) best[mode] = Math.min(best[mode], (await runOtherOnce('lua', program, mode)).cpuMs);
  }
  console.log(`${program.name.padEnd(6)} plain ${best.plain.toFixed(0)} ms | idle ${best.idle.toFixed(0)} ms ${(best.idle / best.plain).toFixed(2)}x | armed ${best.armed.toFixed(0)} ms ${(best.armed / best.plain).toFixed(2)}x`);
}
