// Entry point of a Lua debuggee process: `node --import <agent> debuggee.js [--stop-on-entry] program.lua [args]`.
// Without the agent (a plain `node debuggee.js`), the program runs hooked with nothing armed.
import { nestedHost } from '../../abi/index.js';
import { getAgent } from '../../runtime/agent/api.js';
import { parseDebuggeeArgs } from '../common/debuggee-args.js';
import { runLuaProgram } from './program.js';

const { stopOnEntry, program, args } = parseDebuggeeArgs('lua', process.argv.slice(2));
const agent = getAgent();
process.exitCode = await runLuaProgram(program, {
  mode: agent ? 'debug' : 'hooked',
  args,
  stopOnEntry,
  connect: (producer) => { if (agent) producer.connect(nestedHost(agent.attach(producer), producer)); },
});
