// Probe (run after `npx tsc -p .`): node bench/probes/lua-modes-cpu.mjs [runs]
// The Lua rows of `npm run bench` (plain / idle / armed, bench/other-producers.ts) in CPU time
// (process.cpuUsage, min of N interleaved runs), without the rest of the benchmark. Beside the
// bench's programs (armed: a breakpoint in a never-called function), two cases where the
// breakpoint is in a function that is running (on a line it never reaches):
// - `below`: fib's calls run below that function (it waits for them);
// - `inloop`: loop's loop runs inside that function.
// `armed-js` is armed with the producer's JavaScript hook alone, without the Wasm filter in front
// of it (adapters/lua/hook-filter.ts): what the filter saves, measured in the same conditions.
const { listOtherPrograms, runOtherOnce } = await import(new URL('../../dist/bench/other-producers.js', import.meta.url).href);
const { loadLua } = await import(new URL('../../dist/adapters/lua/engine.js', import.meta.url).href);
const RUNS = Number(process.argv[2] ?? 7);
const modes = ['plain', 'idle', 'armed', 'armed-js'];
const lua = await loadLua();
const memory = lua.memory;
async function runOnce(program, mode) {
  lua.memory = mode === 'armed-js' ? undefined : memory; // HookFilter falls back to the JavaScript hook without it
  try {
    return await runOtherOnce('lua', program, mode === 'armed-js' ? 'armed' : mode);
  } finally {
    lua.memory = memory;
  }
}

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
  const best = Object.fromEntries(modes.map((m) => [m, Infinity]));
  for (let r = 0; r < RUNS; r++) {
    for (const mode of modes) best[mode] = Math.min(best[mode], (await runOnce(program, mode)).cpuMs);
  }
  const ratio = (mode) => `${mode} ${best[mode].toFixed(0)} ms ${(best[mode] / best.plain).toFixed(2)}x`;
  console.log(`${program.name.padEnd(6)} plain ${best.plain.toFixed(0)} ms | ${modes.slice(1).map(ratio).join(' | ')}`);
}
