// Runs a Lua file in wasmoon's Lua 5.4: plain, hooked with nothing armed, or under a debugger.
import { LuaProducer } from './producer.js';
import { LuaSession } from './session.js';
import { readProgram } from '../common/program-file.js';

export type LuaRunMode = 'plain' | 'hooked' | 'debug';

export interface LuaRunOptions {
  mode: LuaRunMode;
  args?: string[];
  stopOnEntry?: boolean;
  /** Debug mode: connects the producer to its host before the program runs. */
  connect?: (producer: LuaProducer) => void;
}

/** Runs the program to completion; resolves with its exit code (1 on a syntax or uncaught error). */
export async function runLuaProgram(file: string, options: LuaRunOptions): Promise<number> {
  const program = readProgram(file);
  if (!program) return 1;
  const { url, source } = program;
  let producer: LuaProducer | undefined;
  const session = await LuaSession.create((category, text, where) => {
    if (producer) producer.write(category, text, where);
    else (category === 'stdout' ? process.stdout : process.stderr).write(text);
  });
  // Like the standalone interpreter: the chunk is named after the path as given.
  const chunkname = '@' + file;
  session.setArgs(file, options.args ?? []);
  let result: { syntaxError?: string; error?: string };
  if (options.mode === 'plain') {
    const syntaxError = session.compile(source, chunkname);
    result = syntaxError ? { syntaxError } : { error: session.run() };
  } else {
    producer = new LuaProducer(session);
    producer.install();
    options.connect?.(producer);
    result = producer.runScript(url, source, chunkname, { stopOnEntry: options.stopOnEntry });
  }
  const failure = result.syntaxError ?? result.error;
  if (failure === undefined) return 0;
  const text = `lua: ${failure}\n`;
  if (producer) producer.write('stderr', text, undefined);
  else process.stderr.write(text);
  return 1;
}
