// Entry point of a debuggee process: `node --import <agent> debuggee.js [--engine E] [--stop-on-entry] program [args]`.
// The agent preloaded by the launcher connects the producer to the debug adapter.
import { nestedHost } from '../../abi/index.js';
import { getAgent } from '../../runtime/agent/api.js';
import { isEngineName, type EngineName } from './engine.js';
import { runProgram } from './program.js';

const argv = process.argv.slice(2);
let engine: EngineName = 'quickjs';
let stopOnEntry = false;
let sourceMaps = true;
while (argv[0]?.startsWith('--')) {
  const flag = argv.shift()!;
  if (flag === '--engine' && isEngineName(argv[0] ?? '')) engine = argv.shift() as EngineName;
  else if (flag === '--stop-on-entry') stopOnEntry = true;
  else if (flag === '--no-source-maps') sourceMaps = false;
  else {
    process.stderr.write(`nestdbg debuggee: unknown option ${flag}\n`);
    process.exit(2);
  }
}
const [program, ...args] = argv;
if (!program) {
  process.stderr.write('nestdbg debuggee: no program given\n');
  process.exit(2);
}
const agent = getAgent();
process.exitCode = await runProgram(program, {
  engine,
  mode: agent ? 'debug' : 'instrumented',
  args,
  stopOnEntry,
  sourceMaps,
  connect: (producer) => { if (agent) producer.connect(nestedHost(agent.attach(producer), producer)); },
});
