// Shared shapes of the benchmark suite (`npm run bench`), including the plug-in point for the
// DAP latency benchmark: when bench/latency.ts exists, main.ts calls its `measureLatency()` and
// its numbers fill the latency fields of the report (anything it prints on stdout goes to stderr).
import type { EngineName } from '../adapters/quickjs/engine.js';

/** Throughput modes. `mixed` is reserved (filled by the latency plug-in when it has it). */
export type Mode = 'plain' | 'idle' | 'armed';
export const MODES: readonly Mode[] = ['plain', 'idle', 'armed'];

export interface BenchProgram {
  name: string;
  /** Absolute path of the guest script (used as its URL). */
  file: string;
  /** The script as run in every mode: the file plus an appended never-called function. */
  source: string;
  /** Line of the statement inside the never-called function: where `armed` sets its breakpoint. */
  breakpointLine: number;
}

export interface RunResult {
  /** Guest execution: evalCode (QuickJS compile + run) and pending jobs. Excludes context setup and instrumentation. */
  guestMs: number;
  /** CPU time (process.cpuUsage, user + system) over the same span as guestMs, where measured. */
  cpuMs?: number;
  /** Instrumentation in the host (acorn parse + codegen + source map); instrumented modes only. */
  instrumentMs?: number;
  instrumentedBytes?: number;
  /** Everything the program printed, one entry per console call. */
  output: string[];
}

export interface BenchmarkEntry {
  name: string;
  plainMs: number;
  idleMs: number;
  armedMs: number;
  mixedMs: number | null;
  idleRatio: number;
  armedRatio: number;
  mixedRatio: number | null;
  /** Instrumented code bytes / original bytes. */
  sizeRatio: number;
  originalBytes: number;
  instrumentedBytes: number;
  /** Median host-side instrumentation time (parse + codegen + source map), not part of idleMs/armedMs. */
  instrumentMs: number;
  /** QuickJS compile-only time (evalCode with compileOnly) of the original and the instrumented code. */
  compilePlainMs: number | null;
  compileInstrumentedMs: number | null;
  /** Memory of one plain and one idle run, each in a fresh process (see memory-probe.ts). */
  memory: { plain: MemoryFigures; idle: MemoryFigures } | null;
  /** Every timed run, in ms. */
  runs: Record<Mode, number[]>;
  [extra: string]: unknown;
}

export interface MemoryFigures {
  /** Peak QuickJS heap (`memory_used_size`), sampled at most every few ms from the interrupt handler and at the end. */
  heapPeakBytes: number;
  /** Bytecode of the functions alive at the end (`js_func_code_size`). */
  bytecodeBytes: number;
  /** Wasm linear memory after the run: its high-water mark (it never shrinks); includes compiling. */
  wasmPeakBytes: number;
  /** Wasm linear memory before the run. */
  wasmBaseBytes: number;
}

/** One row of another producer (lua, mini): ratios to its interpreter without hooks. */
export interface ProducerBenchmark {
  name: string;
  plainMs: number;
  idleMs: number;
  armedMs: number;
  idleRatio: number;
  armedRatio: number;
  runs: Record<Mode, number[]>;
}

export interface ProducerReport {
  /** Geomeans of the ratios; null when no program ran. */
  idle: number | null;
  armed: number | null;
  benchmarks: ProducerBenchmark[];
}

export interface BenchReport {
  /** QuickJS geomeans (null only when `--producer`/`--only` left no QuickJS program). */
  idle: number | null;
  armed: number | null;
  mixed: number | null;
  stopMs: number | null;
  stepMs: number | null;
  firstStopMs: number | null;
  variablesPageMs: number | null;
  engine: EngineName;
  runs: number;
  benchmarks: BenchmarkEntry[];
  /** The other producers' rows (`lua`, `mini`), in the modes above. */
  producers: Partial<Record<'lua' | 'mini', ProducerReport>>;
  [extra: string]: unknown;
}

export interface LatencyResult {
  mixed?: number | null;
  stopMs?: number | null;
  stepMs?: number | null;
  firstStopMs?: number | null;
  variablesPageMs?: number | null;
  /** Extra fields merged into the benchmark entry of the same name (e.g. `mixedMs`). */
  benchmarks?: Record<string, Record<string, unknown>>;
}

/** What bench/latency.ts exports; main.ts calls it with no arguments (its defaults apply). */
export interface LatencyModule {
  measureLatency(): Promise<LatencyResult>;
}
