// Runs a JavaScript file in QuickJS-in-Wasm: plain, instrumented with nothing armed, or under a debugger.
import type { EngineName } from './engine.js';
import { GuestSession, type GuestError, type OutputLevel } from './guest-session.js';
import { InstrumentError } from './instrument/instrument.js';
import { QuickJsProducer } from './debug/producer.js';
import { installModuleLoader, isModuleFile } from './modules.js';
import { readProgram } from '../common/program-file.js';

/** `checking`: instrumented, every check on but nothing to stop for (tests the instrumented copies). */
export type RunMode = 'plain' | 'instrumented' | 'checking' | 'debug';

export interface RunOptions {
  engine: EngineName;
  mode: RunMode;
  args?: string[];
  stopOnEntry?: boolean;
  /** Apply scripts' own source maps (`//# sourceMappingURL`); default true. */
  sourceMaps?: boolean;
  /** Debug mode: connects the producer to its host before the program runs. */
  connect?: (producer: QuickJsProducer) => void;
}

/** Runs the program to completion; resolves with its exit code. */
export async function runProgram(file: string, options: RunOptions): Promise<number> {
  const program = readProgram(file);
  if (!program) return 1;
  const { url, source } = program;
  let producer: QuickJsProducer | undefined;
  const write = (level: OutputLevel, text: string, stack: string | undefined) => {
    if (producer) producer.write(level, text, stack);
    else (level === 'log' ? process.stdout : process.stderr).write(text + '\n');
  };
  const session = await GuestSession.create({ engine: options.engine, write, wantStack: options.mode === 'debug' });
  const report = (e: GuestError) => write('error', uncaughtText(producer ? producer.mapError(e) : e), undefined);
  try {
    setScriptArgs(session, [url, ...(options.args ?? [])]);
    let error: GuestError | undefined;
    // A .mjs program is an ES module; what it imports is loaded (and, debugged, instrumented) on demand.
    const module = isModuleFile(url);
    if (options.mode === 'plain') {
      if (module) installModuleLoader(session.runtime, (_url, code) => code);
      error = session.evalScript(source, url, module ? 'module' : 'global');
    } else {
      producer = new QuickJsProducer(session, { sourceMaps: options.sourceMaps });
      producer.install();
      if (options.mode === 'checking') producer.checkEverywhere();
      options.connect?.(producer);
      const p = producer;
      if (module) installModuleLoader(session.runtime, (moduleUrl, code) => p.prepareScript(moduleUrl, code, { module: true }).instrumented.code);
      try {
        error = producer.runScript(url, source, { stopOnEntry: options.stopOnEntry, module });
      } catch (e) {
        if (!(e instanceof InstrumentError)) throw e;
        write('error', `SyntaxError: ${e.message.replace(/ \(\d+:\d+\)$/, '')}\n    at ${url}:${e.line}:${e.column}`, undefined);
        return 1;
      }
    }
    if (error) {
      report(error);
      return 1;
    }
    await session.idle();
    if (session.uncaught) {
      report(session.uncaught);
      return 1;
    }
    return 0;
  } finally {
    producer?.dispose();
    session.dispose();
  }
}

function uncaughtText(e: GuestError): string {
  const head = e.name ? `Uncaught ${e.name}: ${e.message}` : `Uncaught ${e.message}`;
  const stack = e.stack.replace(/\s+$/, '');
  return stack ? `${head}\n${stack}` : head;
}

// Like qjs, the program sees its path and arguments as `scriptArgs`.
function setScriptArgs(session: GuestSession, args: string[]) {
  const ctx = session.context;
  const array = ctx.newArray();
  args.forEach((a, i) => {
    const s = ctx.newString(a);
    ctx.setProp(array, i, s);
    s.dispose();
  });
  ctx.defineProp(ctx.global, 'scriptArgs', { value: array, configurable: true, enumerable: false });
  array.dispose();
}
