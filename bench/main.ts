// `npm run bench`: throughput of QuickJS-in-Wasm programs plain vs instrumented (idle, armed),
// plus instrumentation cost, code size and memory. `-- --json` prints one JSON object on stdout
// (and the table on stderr). npm itself prints its `> nestdbg@… bench` banner on stdout before the
// script starts; `npm run -s bench -- --json` leaves the JSON alone (it is always one, last line).
// Options: --json, --out FILE (also write the JSON there), --runs N (default 5),
//          --engine quickjs|quickjs-ng, --only a,b (program names), --producer quickjs,lua,mini
//          (default all three; lua and mini rows are in `producers` of the JSON), --no-memory (skip
//          the memory probes), --no-compile (skip the compile-only probes), --no-latency (skip bench/latency).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import inspector from 'node:inspector';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { isEngineName, type EngineName } from '../adapters/quickjs/engine.js';
import { BENCH_DIR, listPrograms } from './programs.js';
import { formatReport } from './report.js';
import { compileProbe, geomean, median, runOnce } from './runner.js';
import { listOtherPrograms, OTHER_PRODUCERS, runOtherOnce, type OtherProducer } from './other-producers.js';
import {
  MODES, type BenchmarkEntry, type BenchProgram, type BenchReport, type LatencyModule, type LatencyResult, type MemoryFigures, type Mode,
  type ProducerReport, type RunResult,
} from './types.js';

interface Options {
  json: boolean;
  out: string | undefined;
  runs: number;
  engine: EngineName;
  only: string[];
  producers: Array<'quickjs' | OtherProducer>;
  memory: boolean;
  compile: boolean;
  latency: boolean;
}

function parseArgs(argv: string[]): Options {
  const o: Options = {
    json: false, out: undefined, runs: 5, engine: 'quickjs', only: [], producers: ['quickjs', ...OTHER_PRODUCERS], memory: true, compile: true, latency: true,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--json') o.json = true;
    else if (a === '--out') o.out = value();
    else if (a === '--runs') o.runs = Math.max(1, Number.parseInt(value(), 10) || 5);
    else if (a === '--engine') {
      const e = value();
      if (!isEngineName(e)) throw new Error(`unknown engine ${e}`);
      o.engine = e;
    } else if (a === '--only') o.only = value().split(',').filter(Boolean);
    else if (a === '--producer') {
      const names = value().split(',').filter(Boolean);
      const unknown = names.filter((n) => n !== 'quickjs' && !OTHER_PRODUCERS.includes(n as OtherProducer));
      if (unknown.length || !names.length) throw new Error(`--producer takes quickjs, lua, mini (comma-separated), not ${unknown.join(', ') || 'nothing'}`);
      o.producers = names as Options['producers'];
    }
    else if (a === '--no-memory') o.memory = false;
    else if (a === '--no-compile') o.compile = false;
    else if (a === '--no-latency') o.latency = false;
    else throw new Error(`unknown option ${a}`);
  }
  return o;
}

const log = (message: string) => { process.stderr.write(message + '\n'); };

async function buildGenerated() {
  const url = new URL('build-library.mjs', `file://${BENCH_DIR}`).href;
  const { buildLibrary } = (await import(url)) as { buildLibrary(): Promise<string[]> };
  await buildLibrary();
}

/** bench/latency.ts, when the lead has added it; undefined otherwise. */
async function loadLatency(): Promise<LatencyModule | undefined> {
  const url = new URL('./latency.js', import.meta.url);
  try {
    return (await import(url.href)) as LatencyModule;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ERR_MODULE_NOT_FOUND' && err.message.includes(fileURLToPath(url))) return undefined;
    throw e;
  }
}

const execFileAsync = promisify(execFile);

async function memoryProbe(program: BenchProgram, mode: Mode, engine: EngineName): Promise<MemoryFigures | null> {
  const script = fileURLToPath(new URL('./memory-probe.js', import.meta.url));
  try {
    const { stdout } = await execFileAsync(process.execPath, [script, engine, mode, program.file], { maxBuffer: 1 << 20 });
    return JSON.parse(stdout) as MemoryFigures;
  } catch (e) {
    log(`  memory probe ${program.name}/${mode} failed: ${(e as Error).message.split('\n')[0]}`);
    return null;
  }
}

/** Runs one program in every mode, interleaved, and checks every run printed the same. */
async function measureModes(program: BenchProgram, options: Options, run: (mode: Mode) => Promise<RunResult>) {
  const runs: Record<Mode, number[]> = { plain: [], idle: [], armed: [] };
  const instrumentMs: number[] = [];
  let expected: string | undefined;
  let instrumentedBytes = 0;
  const once = async (mode: Mode, record: boolean) => {
    const r = await run(mode);
    const text = r.output.join('\n');
    if (expected === undefined) expected = text;
    else if (text !== expected) throw new Error(`${program.name}: ${mode} printed\n${text}\nbut an earlier run printed\n${expected}`);
    if (r.instrumentedBytes) instrumentedBytes = r.instrumentedBytes;
    if (!record) return;
    runs[mode].push(r.guestMs);
    if (r.instrumentMs !== undefined) instrumentMs.push(r.instrumentMs);
  };
  for (const mode of MODES) await once(mode, false);
  // Round-robin, rotating which mode goes first, so drift hits every mode alike.
  for (let i = 0; i < options.runs; i++) {
    for (let k = 0; k < MODES.length; k++) await once(MODES[(i + k) % MODES.length], true);
  }
  return { runs, instrumentMs, instrumentedBytes, plainMs: median(runs.plain), idleMs: median(runs.idle), armedMs: median(runs.armed) };
}

async function benchProgram(program: BenchProgram, options: Options): Promise<BenchmarkEntry> {
  const started = performance.now();
  const { runs, instrumentMs, instrumentedBytes, plainMs, idleMs, armedMs } = await measureModes(program, options, (mode) => runOnce(program, mode, options.engine));
  const compile = options.compile ? await compileProbe(program, options.engine) : undefined;
  const originalBytes = Buffer.byteLength(program.source, 'utf8');
  const entry: BenchmarkEntry = {
    name: program.name,
    plainMs, idleMs, armedMs, mixedMs: null,
    idleRatio: idleMs / plainMs, armedRatio: armedMs / plainMs, mixedRatio: null,
    sizeRatio: instrumentedBytes / originalBytes,
    originalBytes, instrumentedBytes,
    instrumentMs: median(instrumentMs),
    compilePlainMs: compile?.plainMs ?? null,
    compileInstrumentedMs: compile?.instrumentedMs ?? null,
    memory: null,
    runs,
  };
  log(`  ${program.name}: plain ${plainMs.toFixed(1)} ms, idle ${entry.idleRatio.toFixed(2)}×, armed ${entry.armedRatio.toFixed(2)}× (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  return entry;
}

/** The lua and mini rows: the same modes, ratios to the interpreter without hooks. */
async function benchOther(producer: OtherProducer, options: Options): Promise<ProducerReport> {
  const all = listOtherPrograms(producer);
  const programs = options.only.length ? all.filter((p) => options.only.includes(p.name)) : all;
  log(`${producer}: ${programs.length} programs × ${MODES.join('/')}, ${options.runs} runs each after a warm-up`);
  const benchmarks = [];
  for (const program of programs) {
    const started = performance.now();
    const { runs, plainMs, idleMs, armedMs } = await measureModes(program, options, (mode) => runOtherOnce(producer, program, mode));
    benchmarks.push({ name: program.name, plainMs, idleMs, armedMs, idleRatio: idleMs / plainMs, armedRatio: armedMs / plainMs, runs });
    log(`  ${producer}/${program.name}: plain ${plainMs.toFixed(1)} ms, idle ${(idleMs / plainMs).toFixed(2)}×, armed ${(armedMs / plainMs).toFixed(2)}× (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  }
  return {
    idle: benchmarks.length ? geomean(benchmarks.map((b) => b.idleRatio)) : null,
    armed: benchmarks.length ? geomean(benchmarks.map((b) => b.armedRatio)) : null,
    benchmarks,
  };
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  // In --json mode stdout carries only the report: anything else written there goes to stderr.
  const stdoutWrite = process.stdout.write.bind(process.stdout);
  if (options.json) process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
  const started = performance.now();

  const quickjs = options.producers.includes('quickjs');
  const others = OTHER_PRODUCERS.filter((p) => options.producers.includes(p));
  if (quickjs) await buildGenerated();
  const all = quickjs ? listPrograms() : [];
  const known = new Set([...all, ...others.flatMap((p) => listOtherPrograms(p))].map((p) => p.name));
  const unknown = options.only.filter((n) => !known.has(n));
  if (unknown.length) throw new Error(`unknown program(s): ${unknown.join(', ')}; have ${[...known].join(', ')}`);
  const programs = options.only.length ? all.filter((p) => options.only.includes(p.name)) : all;
  log(`nestdbg bench: ${programs.length} programs × ${MODES.join('/')} on ${options.engine}, ${options.runs} runs each after a warm-up`);

  const benchmarks: BenchmarkEntry[] = [];
  for (const program of programs) benchmarks.push(await benchProgram(program, options));

  // Mixed mode's throughput cost is V8's Debugger domain being on (Liftoff debug code for the
  // interpreter's Wasm). Measured after the other modes, in this process: switching the domain
  // per round would not be fair, since speed comes back slowly after disabling it.
  log('mixed (idle instrumentation with the V8 Debugger domain enabled)…');
  await withDebuggerDomain(async () => {
    for (const b of benchmarks) {
      const program = programs.find((p) => p.name === b.name)!;
      await runOnce(program, 'idle', options.engine);
      const times: number[] = [];
      for (let i = 0; i < options.runs; i++) times.push((await runOnce(program, 'idle', options.engine)).guestMs);
      b.mixedMs = median(times);
      b.mixedRatio = b.mixedMs / b.plainMs;
    }
  });

  if (options.memory) {
    log('memory probes (one fresh process per program and mode)…');
    for (const b of benchmarks) {
      const program = programs.find((p) => p.name === b.name)!;
      const plain = await memoryProbe(program, 'plain', options.engine);
      const idle = await memoryProbe(program, 'idle', options.engine);
      if (plain && idle) b.memory = { plain, idle };
    }
  }

  let latency: LatencyResult = {};
  const latencyModule = options.latency && programs.length ? await loadLatency() : undefined;
  if (latencyModule) {
    log('latency (bench/latency)…');
    latency = await latencyModule.measureLatency();
    for (const b of benchmarks) {
      const extra = latency.benchmarks?.[b.name];
      if (!extra) continue;
      Object.assign(b, extra);
      if (typeof b.mixedMs === 'number') b.mixedRatio = b.mixedMs / b.plainMs;
    }
  }

  const producers: Partial<Record<OtherProducer, ProducerReport>> = {};
  for (const p of others) producers[p] = await benchOther(p, options);

  const any = benchmarks.length > 0;
  const report: BenchReport = {
    idle: any ? geomean(benchmarks.map((b) => b.idleRatio)) : null,
    armed: any ? geomean(benchmarks.map((b) => b.armedRatio)) : null,
    mixed: any && benchmarks.every((b) => b.mixedRatio) ? geomean(benchmarks.map((b) => b.mixedRatio!)) : latency.mixed ?? null,
    stopMs: latency.stopMs ?? null,
    stepMs: latency.stepMs ?? null,
    firstStopMs: latency.firstStopMs ?? null,
    variablesPageMs: latency.variablesPageMs ?? null,
    engine: options.engine,
    runs: options.runs,
    benchmarks,
    producers,
  };
  log(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  if (options.out) fs.writeFileSync(options.out, JSON.stringify(report, null, 2) + '\n');
  if (options.json) {
    log(formatReport(report));
    stdoutWrite(JSON.stringify(report) + '\n');
  } else {
    stdoutWrite(formatReport(report) + '\n');
  }
}

main().then(
  () => { process.exitCode ??= 0; },
  (e: unknown) => {
    process.stderr.write(`nestdbg bench: ${(e as Error).stack ?? e}\n`);
    process.exitCode = 1;
  },
);

async function withDebuggerDomain(body: () => Promise<void>): Promise<void> {
  const session = new inspector.Session();
  session.connect();
  const post = (method: string) => new Promise<void>((resolve, reject) => session.post(method, (e) => (e ? reject(e) : resolve())));
  await post('Debugger.enable');
  try {
    await body();
  } finally {
    await post('Debugger.disable');
    session.disconnect();
  }
}
