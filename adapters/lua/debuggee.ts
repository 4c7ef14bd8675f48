// Entry point of a Lua debuggee process: `node --import <agent> debuggee.js [--stop-on-entry] program.lua [args]`.
// Without the agent (a plain `node debuggee.js`), the program runs hooked with nothing armed.
import { getAgent } from '../../runtime/agent/api.js';
import { runLuaProgram } from './program.js';

const argv = process.argv.slice(2);
let stopOnEntry = false;
while (argv[0]?.startsWith('--')) {
  const flag = argv.shift()!;
  if (flag === '--stop-on-entry') stopOnEntry = true;
  else {
    process.stderr.write(`nestdbg lua debuggee: unknown option ${flag}\n`);
    process.exit(2);
  }
}
const [program, ...args] = argv;
if (!program) {
  process.stderr.write('nestdbg lua debuggee: no program given\n');
  process.exit(2);
}
const agent = getAgent();
process.exitCode = await runLuaProgram(program, {
  mode: agent ? 'debug' : 'hooked',
  args,
  stopOnEntry,
  connect: (producer) => { if (agent) producer.connect(agent.attach(producer)); },
});
