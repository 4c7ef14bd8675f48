// Runs an oracle script (node -e) in a child process: its configuration goes in an environment
// variable, its result comes back as JSON on fd 3 (stdout and stderr stay free for the program
// under test). The child is killed if it outlives the call.
import { spawn } from 'node:child_process';

export interface OracleChildRun {
  /** The JSON the child wrote to fd 3; empty if it wrote none. */
  result: string;
  stdout: string;
  stderr: string;
  code: number | null;
  signal: NodeJS.Signals | null;
}

export async function runOracleChild(label: string, code: string, env: Record<string, string>, timeoutMs: number): Promise<OracleChildRun> {
  const child = spawn(process.execPath, ['-e', code], {
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    env: { ...process.env, ...env, NODE_OPTIONS: '' },
  });
  let stdout = '';
  let stderr = '';
  let result = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  (child.stdio[3] as NodeJS.ReadableStream).setEncoding('utf8').on('data', (d: string) => (result += d));
  let timer: NodeJS.Timeout | undefined;
  try {
    const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`${label}: timed out after ${timeoutMs} ms\nstdout:\n${stdout}\nstderr:\n${stderr}`)), timeoutMs);
      child.once('error', reject);
      // 'close' fires after all stdio streams are drained.
      child.once('close', (code, signal) => resolve({ code, signal }));
    });
    return { result, stdout, stderr, ...exit };
  } finally {
    if (timer) clearTimeout(timer);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}
