// Finding and waiting for debuggee processes, for the no-orphan checks.
import { execFileSync } from 'node:child_process';

/** Pids of processes whose command line mentions `needle` (the adapter itself excluded). */
export function pidsRunning(needle: string): number[] {
  const ps = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return ps.split('\n').filter((l) => l.includes(needle) && !l.includes('adapters/dap'))
    .map((l) => Number.parseInt(l.trim(), 10)).filter((p) => p !== process.pid);
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Whether the process is gone within `ms`. */
export async function gone(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  return !alive(pid);
}
