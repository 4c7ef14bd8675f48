// `node run-plain.js [--hooked] file.lua [args]`: runs a Lua file without a debugger (what
// `nestdbg run file.lua` does). `--hooked` installs the producer's idle hooks, for comparison.
import { runLuaProgram } from './program.js';

const argv = process.argv.slice(2);
const hooked = argv[0] === '--hooked' ? !!argv.shift() : false;
const [file, ...args] = argv;
if (!file) {
  process.stderr.write('usage: run-plain.js [--hooked] file.lua [args...]\n');
  process.exit(2);
}
process.exitCode = await runLuaProgram(file, { mode: hooked ? 'hooked' : 'plain', args });
