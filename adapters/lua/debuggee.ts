// Entry point of a Lua debuggee process: `node --import <agent> debuggee.js [--stop-on-entry] program.lua [args]`.
// Without the agent (a plain `node debuggee.js`), the program runs with the producer installed, no host.
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
  // The agent interrupts the producer when it queues a pause or a call, so idle Lua runs hook-free.
  connect: (producer) => {
    if (agent) producer.connect(nestedHost(agent.attach(producer, { interrupt: () => producer.interrupt() }), producer), { interrupts: true });
  },
});
