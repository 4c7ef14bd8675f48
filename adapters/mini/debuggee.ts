// Entry point of a mini debuggee process: `node --import <agent> debuggee.js [--stop-on-entry] program.mini`.
// Without the agent (a plain `node debuggee.js`), the program just runs.
import { getAgent } from '../../runtime/agent/api.js';
import { parseDebuggeeArgs } from '../common/debuggee-args.js';
import { runMiniProgram } from './program.js';

const { stopOnEntry, program } = parseDebuggeeArgs('mini', process.argv.slice(2));
const agent = getAgent();
process.exitCode = runMiniProgram(program, {
  stopOnEntry,
  connect: (producer) => { if (agent) producer.connect(agent.attach(producer)); },
});
