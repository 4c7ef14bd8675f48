// The human-readable table.
import type { BenchmarkEntry, BenchReport, MemoryFigures } from './types.js';

const ms = (v: number | null | undefined) => v == null ? '—' : v >= 100 ? v.toFixed(0) : v.toFixed(1);
const ratio = (v: number | null | undefined) => v == null ? '—' : `${v.toFixed(2)}×`;
const mb = (v: number | null | undefined) => v == null ? '—' : `${(v / (1024 * 1024)).toFixed(2)}`;

function table(head: string[], rows: string[][], alignLeft = 1): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => i < alignLeft ? c.padEnd(widths[i]) : c.padStart(widths[i])).join('  ').trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** The lua and mini rows: the same modes, each producer against its own interpreter without hooks. */
function otherProducers(r: BenchReport): string[] {
  const entries = Object.entries(r.producers ?? {}).filter(([, p]) => p && p.benchmarks.length);
  if (!entries.length) return [];
  const rows: string[][] = [];
  for (const [name, p] of entries) {
    for (const b of p!.benchmarks) rows.push([name, b.name, ms(b.plainMs), ms(b.idleMs), ratio(b.idleRatio), ms(b.armedMs), ratio(b.armedRatio)]);
    rows.push([name, 'geomean', '', '', ratio(p!.idle), '', ratio(p!.armed)]);
  }
  return [
    'Other debug-hook ABI producers: plain = the interpreter without hooks (Lua with no lua_sethook, mini-plain.wasm);',
    'idle = producer installed and a host connected, nothing armed; armed = a breakpoint in a never-called function.',
    '',
    table(['producer', 'program', 'plain ms', 'idle ms', 'idle ×', 'armed ms', 'armed ×'], rows, 2),
    '',
  ];
}

export function formatReport(r: BenchReport): string {
  const out: string[] = [];
  if (!r.benchmarks.length) return otherProducers(r).join('\n').trimEnd();
  out.push(`QuickJS-in-Wasm throughput, engine ${r.engine}: median of ${r.runs} runs after a warm-up, modes interleaved.`);
  out.push('Guest time only (evalCode = QuickJS compile + run, then pending jobs); ratio to plain.');
  out.push('');
  const rows = r.benchmarks.map((b) => [
    b.name, ms(b.plainMs),
    ms(b.idleMs), ratio(b.idleRatio),
    ms(b.armedMs), ratio(b.armedRatio),
    ms(b.mixedMs), ratio(b.mixedRatio),
  ]);
  rows.push(['geomean', '', '', ratio(r.idle), '', ratio(r.armed), '', ratio(r.mixed)]);
  out.push(table(['program', 'plain ms', 'idle ms', 'idle ×', 'armed ms', 'armed ×', 'mixed ms', 'mixed ×'], rows));
  out.push('');
  out.push('Instrumentation: host-side time (acorn parse + codegen + source map, not in the times above),');
  out.push('code size and QuickJS compile-only time (both are in the guest times above).');
  out.push('');
  out.push(table(
    ['program', 'instr ms', 'orig KB', 'instr KB', 'size ×', 'compile plain ms', 'compile instr ms'],
    r.benchmarks.map((b) => [
      b.name, ms(b.instrumentMs), (b.originalBytes / 1024).toFixed(1), (b.instrumentedBytes / 1024).toFixed(1), ratio(b.sizeRatio),
      ms(b.compilePlainMs), ms(b.compileInstrumentedMs),
    ]),
  ));
  out.push('');
  out.push('Memory, plain vs idle, one run each in a fresh process: peak QuickJS heap (sampled), bytecode alive at');
  out.push('the end, and the Wasm linear memory high-water mark (starts at the base; includes compiling).');
  out.push('');
  const kb = (v: number) => (v / 1024).toFixed(1);
  const m = (b: BenchmarkEntry, f: (x: MemoryFigures) => number, unit: (v: number) => string = mb) => b.memory ? `${unit(f(b.memory.plain))} / ${unit(f(b.memory.idle))}` : '—';
  out.push(table(
    ['program', 'heap peak MB', 'bytecode KB', 'wasm peak MB', 'wasm base MB'],
    r.benchmarks.map((b) => [
      b.name, m(b, (x) => x.heapPeakBytes), m(b, (x) => x.bytecodeBytes, kb), m(b, (x) => x.wasmPeakBytes), b.memory ? mb(b.memory.plain.wasmBaseBytes) : '—',
    ]),
  ));
  out.push('');
  out.push(...otherProducers(r));
  out.push(`Latency (DAP): stop ${ms(r.stopMs)} ms, step ${ms(r.stepMs)} ms, first stop ${ms(r.firstStopMs)} ms, variables page ${ms(r.variablesPageMs)} ms`);
  return out.join('\n');
}
