// Throughput of the other debug-hook ABI producers, Lua (wasmoon) and mini (the C interpreter), in
// the same three modes as QuickJS: plain (the interpreter with no hooks: Lua without lua_sethook,
// mini-plain.wasm), idle (the producer installed and a host connected, nothing armed; for Lua a host
// that interrupts to poll, as nestdbg's agent does) and armed (a host connected that sets a breakpoint, before the
// program runs, in a never-called function appended to every program). Programs: bench/programs/<producer>/.
import fs from 'node:fs';
import path from 'node:path';
import type { BreakpointResult, NestedHost } from '../abi/index.js';
import { ask, scriptedHost } from '../abi/scripted-host.js';
import { LuaProducer } from '../adapters/lua/producer.js';
import { LuaSession } from '../adapters/lua/session.js';
import { MiniProducer } from '../adapters/mini/producer.js';
import { PROGRAMS_DIR } from './programs.js';
import type { BenchProgram, Mode, RunResult } from './types.js';

export type OtherProducer = 'lua' | 'mini';
export const OTHER_PRODUCERS: readonly OtherProducer[] = ['lua', 'mini'];

// The never-called function each language gets; `armed` breaks on its return statement.
const DEAD_FUNCTION: Record<OtherProducer, { ext: string; lines: string[]; target: string }> = {
  lua: {
    ext: '.lua',
    lines: ['', '-- Appended by the benchmark: never called. The armed mode sets its breakpoint here.',
      'local function benchNeverCalled()', "  return 'never called'", 'end', ''],
    target: "  return 'never called'",
  },
  mini: {
    ext: '.mini',
    lines: ['', '// Appended by the benchmark: never called. The armed mode sets its breakpoint here.',
      'fn benchNeverCalled() {', '  return "never called";', '}', ''],
    target: '  return "never called";',
  },
};

export function listOtherPrograms(producer: OtherProducer): BenchProgram[] {
  const dir = path.join(PROGRAMS_DIR, producer);
  const dead = DEAD_FUNCTION[producer];
  return fs.readdirSync(dir).filter((f) => f.endsWith(dead.ext)).sort().map((f) => {
    const file = path.join(dir, f);
    const text = fs.readFileSync(file, 'utf8');
    const base = text.endsWith('\n') ? text : text + '\n';
    const breakpointLine = base.split('\n').length - 1 + dead.lines.indexOf(dead.target) + 1;
    return { name: path.basename(f, dead.ext), file, source: base + dead.lines.join('\n'), breakpointLine };
  });
}

/** Throws unless the armed breakpoint bound where the program wants it. */
function checkBound(program: BenchProgram, bp: BreakpointResult | undefined): void {
  if (!bp?.verified || bp.line !== program.breakpointLine) {
    throw new Error(`${program.name}: breakpoint at line ${program.breakpointLine} did not bind there: ${JSON.stringify(bp)}`);
  }
}

async function runLua(program: BenchProgram, mode: Mode): Promise<RunResult> {
  const output: string[] = [];
  let producer: LuaProducer | undefined;
  const session = await LuaSession.create((_category, text, where) => {
    if (producer) producer.write('stdout', text, where);
    else output.push(text);
  });
  const chunkname = '@' + program.file;
  let start = 0, cpu0 = process.cpuUsage(), error: string | undefined;
  if (mode === 'plain') {
    const syntaxError = session.compile(program.source, chunkname);
    if (syntaxError) throw new Error(`${program.name}: ${syntaxError}`);
    start = performance.now();
    cpu0 = process.cpuUsage();
    error = session.run();
  } else {
    producer = new LuaProducer(session);
    producer.install();
    const p = producer;
    let stops = 0;
    // LuaProducer takes the in-process form of a host (NestedHost, abi/commands.ts): plain callbacks.
    const host: NestedHost = {
      scriptLoaded(script) {
        if (mode === 'armed') checkBound(program, p.setBreakpoints(script.id, [{ line: program.breakpointLine }])[0]);
        start = performance.now(); // the clock starts once the script is compiled and announced
        cpu0 = process.cpuUsage();
      },
      stopped() { stops++; return { tag: 'run' }; },
      output(event) { output.push(event.text); },
      pollPause: () => false,
    };
    // As under the agent, which interrupts the producer to poll (SPEC §8.6): this host never
    // pauses, so it never interrupts, and idle runs with no hook at all, as it does under nestdbg.
    producer.connect(host, { interrupts: true });
    const result = producer.runScript(program.file, program.source, chunkname);
    error = result.syntaxError ?? result.error;
    if (stops) throw new Error(`${program.name} (lua ${mode}): stopped at a breakpoint in a never-called function`);
  }
  const guestMs = performance.now() - start;
  const cpu = process.cpuUsage(cpu0);
  if (error) throw new Error(`${program.name} (lua ${mode}): ${error}`);
  return { guestMs, cpuMs: (cpu.user + cpu.system) / 1000, output };
}

function runMini(program: BenchProgram, mode: Mode): RunResult {
  const output: string[] = [];
  const producer = new MiniProducer({ plain: mode === 'plain' });
  let start = 0, stops = 0;
  // mini is a Wasm module: its host answers through the command loop (SPEC §2.6).
  const host = scriptedHost({
    *scriptLoaded(script) {
      if (mode === 'armed') checkBound(program, (yield* ask.setBreakpoints(script.id, [{ line: program.breakpointLine }]))[0]);
      start = performance.now(); // mini-run parses, announces and runs: the clock starts here
    },
    stopped: () => void stops++,
    output: (event) => void output.push(event.text),
  });
  producer.connect(host);
  const code = producer.run(program.file, program.source, false);
  const guestMs = performance.now() - start;
  if (host.failures.length) throw host.failures[0];
  if (code !== 0) throw new Error(`${program.name} (mini ${mode}): exit code ${code}: ${output.join('')}`);
  if (stops) throw new Error(`${program.name} (mini ${mode}): stopped at a breakpoint in a never-called function`);
  return { guestMs, output };
}

export function runOtherOnce(producer: OtherProducer, program: BenchProgram, mode: Mode): Promise<RunResult> {
  return producer === 'lua' ? runLua(program, mode) : Promise.resolve(runMini(program, mode));
}
