// One run of one program in one mode, in a fresh QuickJS runtime and context.
import type { NestedHost } from '../abi/index.js';
import type { EngineName } from '../adapters/quickjs/engine.js';
import { GuestSession, type GuestError, type OutputLevel } from '../adapters/quickjs/guest-session.js';
import { QuickJsProducer } from '../adapters/quickjs/debug/producer.js';
import { instrumentScript } from '../adapters/quickjs/instrument/instrument.js';
import type { BenchProgram, Mode, RunResult } from './types.js';

export class GuestFailure extends Error {}

function fail(program: BenchProgram, mode: Mode, error: GuestError): never {
  throw new GuestFailure(`${program.name} (${mode}): uncaught ${error.name}: ${error.message}\n${error.stack}`);
}

/**
 * plain: evalCode of the source, as `nestdbg run --plain` does.
 * idle:  instrumented through QuickJsProducer.runScript with no host connected (`--instrumented`).
 * armed: as a debug session runs it: a host is connected (console output through the producer,
 *        guest stacks captured for output positions), and it sets a breakpoint in the
 *        never-called function from `scriptLoaded`, i.e. before the script runs (the public
 *        breakpoints-before-load path). The breakpoint must verify and must never be hit.
 * The hooks (memory probes) run right before the script and right after it, untimed.
 */
export interface RunHooks {
  beforeRun?(session: GuestSession): void;
  afterRun?(session: GuestSession): void;
}

export async function runOnce(program: BenchProgram, mode: Mode, engine: EngineName, hooks: RunHooks = {}): Promise<RunResult> {
  const output: string[] = [];
  const capture = (_level: OutputLevel, text: string) => { output.push(text); };
  let producer: QuickJsProducer | undefined;
  const write = mode === 'armed'
    ? (level: OutputLevel, text: string, stack: string | undefined) => { producer!.write(level, text, stack); }
    : capture;
  const session = await GuestSession.create({ engine, write, wantStack: mode === 'armed' });
  try {
    if (mode === 'plain') {
      hooks.beforeRun?.(session);
      const t0 = performance.now();
      const error = session.evalScript(program.source, program.file);
      const guestMs = performance.now() - t0;
      if (error) fail(program, mode, error);
      hooks.afterRun?.(session);
      return { guestMs, output };
    }

    producer = new QuickJsProducer(session);
    producer.install();
    const scripts = producer.scripts;
    const load = scripts.load.bind(scripts);
    let instrumentMs = 0;
    let instrumentedBytes = 0;
    let guestStart = 0;
    // Time the instrumentation inside runScript without changing the producer.
    scripts.load = (url, source, options) => {
      const t = performance.now();
      const script = load(url, source, options);
      guestStart = performance.now();
      instrumentMs = guestStart - t;
      instrumentedBytes = Buffer.byteLength(script.instrumented.code, 'utf8');
      return script;
    };
    let stops = 0;
    if (mode === 'armed') {
      const p = producer;
      const host: NestedHost = {
        scriptLoaded(script) {
          const [bp] = p.setBreakpoints(script.id, [{ line: program.breakpointLine }]);
          if (!bp?.verified || bp.line !== program.breakpointLine) {
            throw new Error(`${program.name}: breakpoint at line ${program.breakpointLine} did not bind there: ${JSON.stringify(bp)}`);
          }
          guestStart = performance.now();
        },
        stopped() { stops++; return { tag: 'run' }; },
        output(event) { output.push(event.text.replace(/\n$/, '')); },
        pollPause: () => false,
      };
      producer.connect(host);
    }
    hooks.beforeRun?.(session);
    const error = producer.runScript(program.file, program.source);
    const guestMs = performance.now() - guestStart;
    if (error) fail(program, mode, error);
    if (stops) throw new Error(`${program.name} (${mode}): stopped ${stops} time(s) at a breakpoint in a never-called function`);
    hooks.afterRun?.(session);
    return { guestMs, instrumentMs, instrumentedBytes, output };
  } finally {
    producer?.dispose();
    session.dispose();
  }
}

/**
 * QuickJS compile time alone (evalCode with compileOnly) of the original and of the instrumented
 * text: tells how much of an instrumented run is spent compiling the larger code.
 */
export async function compileProbe(program: BenchProgram, engine: EngineName, minSamples = 3, budgetMs = 1500): Promise<{ plainMs: number; instrumentedMs: number }> {
  const instrumented = instrumentScript(program.source, { url: program.file, firstSiteId: 0 }).code;
  const measure = async (code: string) => {
    const samples: number[] = [];
    const started = performance.now();
    while (samples.length < minSamples && (samples.length === 0 || performance.now() - started < budgetMs)) {
      const session = await GuestSession.create({ engine, write: () => {}, wantStack: false });
      try {
        const t0 = performance.now();
        const result = session.context.evalCode(code, program.file, { type: 'global', compileOnly: true });
        samples.push(performance.now() - t0);
        if (result.error) fail(program, 'plain', session.takeError(result.error));
        result.value.dispose();
      } finally {
        session.dispose();
      }
    }
    return median(samples);
  };
  return { plainMs: await measure(program.source), instrumentedMs: await measure(instrumented) };
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function geomean(values: readonly number[]): number {
  return Math.exp(values.reduce((acc, v) => acc + Math.log(v), 0) / values.length);
}
