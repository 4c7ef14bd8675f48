#!/usr/bin/env node
// nestdbg command line: `run` a script in QuickJS-in-Wasm, or serve the debug adapter (`dap`).
import { isEngineName, type EngineName } from '../quickjs/engine.js';
import { runProgram, type RunMode } from '../quickjs/program.js';

const USAGE = `usage:
  nestdbg run [--engine quickjs|quickjs-ng] [--instrumented | --check-all] <file.js> [args...]
      Runs a script in QuickJS-in-Wasm without a debugger. Exit code 1 on an uncaught error.
      --instrumented runs it instrumented and idle; --check-all instrumented with every check on.
      A .lua file runs in Lua 5.4 (wasmoon) instead; --instrumented installs the idle hooks.
      A .mini file runs in the C interpreter of interpreters/mini (the build without hooks);
      --instrumented runs the debuggable build with its hooks idle.
  nestdbg conformance [--producer quickjs|quickjs-ng|lua|mini]... [--fast]
      Runs the debug-hook ABI conformance suite against producers; prints a pass/fail table.
  nestdbg dap [--port N] [--guest-only]
      Serves the Debug Adapter Protocol on stdio, or on 127.0.0.1:N. --guest-only: every session
      shows the guest scripts only (no host frames, values, paths, memory or mixed stacks).`;

async function main(argv: string[]): Promise<number> {
  const command = argv.shift();
  if (command === 'run') {
    let engine: EngineName = 'quickjs';
    let mode: RunMode = 'plain';
    while (argv[0]?.startsWith('--')) {
      const flag = argv.shift()!;
      if (flag === '--engine' && isEngineName(argv[0] ?? '')) engine = argv.shift() as EngineName;
      else if (flag === '--instrumented') mode = 'instrumented';
      else if (flag === '--check-all') mode = 'checking';
      else return usage(`unknown option ${flag}`);
    }
    const [file, ...args] = argv;
    if (!file) return usage('no file given');
    if (file.toLowerCase().endsWith('.lua')) {
      if (mode === 'checking') return usage('--check-all is for JavaScript: Lua has no instrumented copies');
      const { runLuaProgram } = await import('../lua/program.js');
      return runLuaProgram(file, { mode: mode === 'instrumented' ? 'hooked' : 'plain', args });
    }
    if (file.toLowerCase().endsWith('.mini')) {
      if (mode === 'checking') return usage('--check-all is for JavaScript: mini has no instrumented copies');
      if (args.length) return usage('a .mini program takes no arguments');
      const { runMiniProgram } = await import('../mini/program.js');
      return runMiniProgram(file, { mode: mode === 'instrumented' ? 'hooked' : 'plain' });
    }
    return runProgram(file, { engine, mode, args });
  }
  if (command === 'dap') {
    const portIndex = argv.indexOf('--port');
    const guestOnly = argv.includes('--guest-only');
    const { serveDap } = await import('../dap/serve.js');
    if (portIndex >= 0) {
      const port = Number(argv[portIndex + 1]);
      if (!Number.isInteger(port) || port < 0 || port > 65535) return usage('--port needs a port number');
      await serveDap({ port, guestOnly });
    } else {
      await serveDap({ guestOnly });
    }
    return -1; // keeps serving
  }
  if (command === 'conformance') {
    const { conformanceMain } = await import('../../test/conformance/main.js');
    return conformanceMain(argv);
  }
  if (command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  return usage(command ? `unknown command ${command}` : 'no command given');
}

function usage(problem: string): number {
  process.stderr.write(`nestdbg: ${problem}\n${USAGE}\n`);
  return 2;
}

const code = await main(process.argv.slice(2));
if (code >= 0) process.exitCode = code;
