// The command line of a debuggee process (`debuggee.js [--stop-on-entry] program [args]`), shared
// by the producers whose debuggee takes no other options. Exits with status 2 on a bad one.
export interface DebuggeeArgs {
  stopOnEntry: boolean;
  program: string;
  args: string[];
}

export function parseDebuggeeArgs(producer: string, argv: string[]): DebuggeeArgs {
  const rest = [...argv];
  let stopOnEntry = false;
  while (rest[0]?.startsWith('--')) {
    const flag = rest.shift()!;
    if (flag === '--stop-on-entry') stopOnEntry = true;
    else fail(`nestdbg ${producer} debuggee: unknown option ${flag}`);
  }
  const [program, ...args] = rest;
  if (!program) fail(`nestdbg ${producer} debuggee: no program given`);
  return { stopOnEntry, program, args };
}

function fail(message: string): never {
  process.stderr.write(message + '\n');
  process.exit(2);
}
