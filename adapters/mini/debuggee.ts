// Entry point of a mini debuggee process: `node --import <agent> debuggee.js [--stop-on-entry] program.mini`.
// Without the agent (a plain `node debuggee.js`), the program just runs.
import { getAgent } from '../../runtime/agent/api.js';
import { runMiniProgram } from './program.js';

const argv = process.argv.slice(2);
let stopOnEntry = false;
while (argv[0]?.startsWith('--')) {
  const flag = argv.shift()!;
  if (flag === '--stop-on-entry') stopOnEntry = true;
  else {
    process.stderr.write(`nestdbg mini debuggee: unknown option ${flag}\n`);
    process.exit(2);
  }
}
const [program] = argv;
if (!program) {
  process.stderr.write('nestdbg mini debuggee: no program given\n');
  process.exit(2);
}
const agent = getAgent();
process.exitCode = runMiniProgram(program, {
  stopOnEntry,
  connect: (producer) => { if (agent) producer.connect(agent.attach(producer)); },
});
