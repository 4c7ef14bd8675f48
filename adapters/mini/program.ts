// Runs a .mini file in the C interpreter (interpreters/mini/mini.wasm), with or without a debugger.
import { readProgram } from '../common/program-file.js';
import { MiniProducer } from './producer.js';

export interface MiniRunOptions {
  stopOnEntry?: boolean;
  /** Without a debugger: the build with the hook compiled out (plain), or with it idle (hooked). */
  mode?: 'plain' | 'hooked';
  /** Debug mode: connects the producer to its host before the program runs. */
  connect?: (producer: MiniProducer) => void;
}

/** Runs the program to completion; returns its exit code (1 on a syntax or runtime error). */
export function runMiniProgram(file: string, options: MiniRunOptions = {}): number {
  const program = readProgram(file);
  if (!program) return 1;
  let producer: MiniProducer;
  try {
    producer = new MiniProducer({ plain: options.mode === 'plain' && !options.connect });
  } catch (e) {
    // A build that cannot be used (another ABI version, not Wasm): say why and end, as for a bad program.
    process.stderr.write(`mini: ${(e as Error).message}\n`);
    return 1;
  }
  options.connect?.(producer);
  return producer.run(program.url, program.source, options.stopOnEntry === true);
}
