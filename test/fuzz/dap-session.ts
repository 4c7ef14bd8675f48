// One DAP robustness session against the real adapter process: runs a list of actions (drawn at
// random by dap-fuzz.ts, or replayed from a saved case) and checks the invariants: every request
// gets a response (success or error) while the adapter is meant to be alive, the adapter never
// crashes or hangs, it exits once the client is gone, and no debuggee process outlives it.
import { processesMentioning, RawClient, type Msg } from './dap-raw-client.js';

export type Ending = 'disconnect' | 'disconnect-now' | 'terminate' | 'close-stdin' | 'kill-adapter';

/** One step of a session, with every argument concrete (so a session can be replayed). */
export type DapAction =
  | { t: 'init'; stopOnEntry: boolean; breakpoints: number[]; configurationDone: boolean }
  | { t: 'raw'; frame: string }
  | { t: 'burst'; reqs: Array<{ cmd: string; args?: unknown }> }
  | { t: 'sleep'; ms: number }
  | { t: 'malformed'; extra: Record<string, unknown> }
  | { t: 'request'; cmd: string; args?: unknown; wait: boolean }
  /**
   * How the session ends: a disconnect request (after everything was answered, or right after a
   * burst still in flight), terminate then disconnect, the client vanishing (stdin closed), or
   * the adapter being killed (its debuggee must not outlive it either).
   */
  | { t: 'end'; ending: Ending; burst?: Array<{ cmd: string; args?: unknown }>; disconnectArgs?: unknown };

/** What the action source may look at: the ids the adapter handed out so far. */
export interface SessionState {
  knownFrames: number[];
  knownRefs: number[];
  exited: boolean;
}

export interface DapSessionResult {
  faults: string[];
  requests: number;
  /** The actions taken, as run (the last is the ending). */
  actions: DapAction[];
  /** A readable trace of them. */
  log: string[];
}

/**
 * Runs a session on `program` (a file path): `next` gives each action in turn, and must give an
 * `end` action last (it is asked for one once the adapter has exited).
 */
export async function runDapSession(program: string, next: (s: SessionState) => DapAction): Promise<DapSessionResult> {
  const log: string[] = [];
  const faults: string[] = [];
  const actions: DapAction[] = [];
  const c = new RawClient();
  const st: SessionState = { knownFrames: [], knownRefs: [], exited: false };
  const observe = (m: Msg | undefined) => {
    if (!m?.success || !m.body) return;
    for (const f of m.body.stackFrames ?? []) if (typeof f.id === 'number') st.knownFrames.push(f.id);
    for (const s of m.body.scopes ?? []) if (s.variablesReference) st.knownRefs.push(s.variablesReference);
    for (const v of m.body.variables ?? []) if (v.variablesReference) st.knownRefs.push(v.variablesReference);
    if (m.body.variablesReference) st.knownRefs.push(m.body.variablesReference);
  };

  let end: Extract<DapAction, { t: 'end' }> | undefined;
  try {
    while (!end) {
      st.exited = !!c.exited;
      const a = next(st);
      actions.push(a);
      switch (a.t) {
        case 'init':
          log.push('init+launch');
          observe(await c.request('initialize', { adapterID: 'nestdbg', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' }));
          await c.request('launch', { program, stopOnEntry: a.stopOnEntry });
          await c.request('setBreakpoints', { source: { path: program }, breakpoints: a.breakpoints.map((line) => ({ line })) });
          if (a.configurationDone) await c.request('configurationDone', {});
          break;
        case 'raw':
          log.push(`raw ${a.frame}`);
          c.writeRaw(a.frame);
          break;
        case 'burst': {
          log.push(`burst ${a.reqs.map((q) => q.cmd).join(',')}`);
          const seqs = a.reqs.map((q) => c.send(q.cmd, q.args));
          await c.until(() => seqs.every((s) => c.responses.has(s)) || !!c.exited, 10_000);
          for (const s of seqs) observe(c.responses.get(s));
          break;
        }
        case 'sleep':
          log.push(`sleep ${a.ms}`);
          await new Promise((res) => setTimeout(res, a.ms));
          break;
        case 'malformed': {
          log.push(`malformed ${JSON.stringify(a.extra)}`);
          const seq = c.send('threads', {}, a.extra);
          // A request without a usable seq or type cannot be answered in a way we can match.
          if ('seq' in a.extra || 'type' in a.extra) c.pending.delete(seq);
          break;
        }
        case 'request':
          log.push(`${a.cmd} ${JSON.stringify(a.args) ?? ''}`.slice(0, 200));
          if (a.wait) observe(await c.request(a.cmd, a.args));
          else c.send(a.cmd, a.args);
          break;
        case 'end':
          end = a;
          break;
      }
    }
    let ending = end.ending;
    if (ending === 'disconnect-now') {
      // Disconnect while requests are still in flight: the adapter answers the disconnect and goes.
      log.push(`burst then disconnect ${(end.burst ?? []).map((q) => q.cmd).join(',')}`);
      for (const q of end.burst ?? []) { c.send(q.cmd, q.args); c.pending.clear(); }
    }
    if (ending === 'kill-adapter') {
      // Requests still unanswered 5 s after they were sent were already a fault before the kill.
      const late = [...c.pending.entries()].filter(([seq]) => seq > 0 && Date.now() - c.sentAt.get(seq)! > 5_000);
      if (late.length) faults.push(`no response before the kill to: ${late.map(([seq, cmd]) => `#${seq} ${cmd || '<empty>'}`).join(', ')}`);
      log.push('SIGKILL adapter');
      c.proc.kill('SIGKILL');
      await c.until(() => !!c.exited, 5_000);
      c.pending.clear(); // a killed adapter answers nothing more: only the debuggee's fate is checked
    }
    // Everything sent so far must be answered (malformed frames had their seq dropped above).
    await c.until(() => [...c.pending.keys()].every((s) => s <= 0) || !!c.exited, 10_000);
    if (c.exited && ending !== 'kill-adapter') faults.push(`adapter exited during the session (code ${c.exited.code}, signal ${c.exited.signal})`);
    const unanswered = [...c.pending.entries()].filter(([s]) => s > 0);
    if (unanswered.length) faults.push(`no response to: ${unanswered.map(([s, cmd]) => `#${s} ${cmd || '<empty>'}`).join(', ')}`);
    log.push(`end: ${ending}`);
    if (ending === 'terminate') {
      await c.request('terminate', {}, 5_000);
      ending = 'disconnect';
    }
    if (ending === 'disconnect' || ending === 'disconnect-now') {
      const seq = c.send('disconnect', end.disconnectArgs);
      const ok = await c.until(() => c.responses.has(seq) || !!c.exited, 10_000);
      if (!ok) faults.push('no response to disconnect');
    }
    c.proc.stdin!.end();
    const exited = await c.until(() => !!c.exited, 10_000);
    if (!exited) faults.push('adapter still running 10 s after disconnect and end of input');
    else if (ending !== 'kill-adapter' && c.exited!.code !== 0 && c.exited!.code !== null && !(c.exited!.signal)) faults.push(`adapter exit code ${c.exited!.code}`);
    if (/TypeError|ReferenceError|RangeError|Unhandled|at .*\.js:\d+/.test(c.stderr)) faults.push(`adapter stderr: ${c.stderr.slice(0, 600)}`);
  } finally {
    if (!c.exited) c.proc.kill('SIGKILL');
  }
  // The debuggee must go away with the session.
  const gone = await waitFor(() => processesMentioning(program).length === 0, 5_000);
  if (!gone) {
    const left = processesMentioning(program);
    faults.push(`orphan debuggee process(es): ${left.join(' | ').slice(0, 300)}`);
    for (const l of left) {
      const pid = Number(l.trim().split(/\s+/)[0]);
      try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
    }
  }
  return { faults, requests: c.responses.size + c.pending.size, actions, log };
}

/** Replays recorded actions; an ending is added when the list has none. */
export function replayDapSession(program: string, actions: readonly DapAction[]): Promise<DapSessionResult> {
  let i = 0;
  return runDapSession(program, (st) => {
    const a = st.exited ? actions.find((x) => x.t === 'end') : actions[i++];
    return a ?? { t: 'end', ending: 'disconnect' };
  });
}

async function waitFor(pred: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (pred()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((res) => setTimeout(res, 200));
  }
}
