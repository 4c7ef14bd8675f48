// Which lua_sethook hooks the running threads have: none unless something needs them, because any
// mask makes Lua 5.4 trace every instruction. The line hook while a breakpoint, step or pause is
// armed; the count hook to poll for pause: one instruction after the host's interrupt (SPEC §8.6),
// or every POLL_COUNT instructions with a host that cannot interrupt.
import { LUA, type LuaApi, type LuaState } from './engine.js';

/** Instructions between two pause polls, for a host that cannot interrupt. */
const POLL_COUNT = 10_000;

export class HookMask {
  private mask = -1;
  private count = -1;
  /** The host's interrupt asked for a poll; the count hook fires at the next instruction. */
  private pollRequested = false;
  /** The host interrupts to make the producer poll (SPEC §8.6): no periodic poll. */
  interrupts = false;

  /** `chain`: the threads running or waiting in resume. `needs`: what the producer needs now. */
  constructor(
    private readonly lua: LuaApi,
    private readonly hook: number,
    private readonly chain: readonly LuaState[],
    private readonly needs: () => { host: boolean; armed: boolean },
  ) {}

  /**
   * The host's interrupt: may run at any instant, even inside the interpreter's Wasm, so it only
   * sets hooks (lua_sethook is safe to call asynchronously, as from a signal handler).
   */
  interrupt(): void {
    this.pollRequested = true;
    this.update();
  }

  /** The count hook fired: one poll per interrupt (one that comes during the poll arms the next). */
  polling(): void {
    if (!this.pollRequested) return;
    this.pollRequested = false;
    this.update();
  }

  /** A thread about to run (a resumed coroutine) gets the current hooks. */
  give(T: LuaState): void {
    this.lua.sethook(T, this.mask > 0 ? this.hook : 0, Math.max(this.mask, 0), Math.max(this.count, 0));
  }

  /** Sets every running thread's hooks to what is needed now. */
  update(): void {
    // interrupt() may run in the middle of this and have its hooks overwritten with older ones:
    // apply again, to every thread, until the request held still.
    for (let again = false; ; again = true) {
      const requested = this.pollRequested;
      const { host, armed } = this.needs();
      const poll = host && (requested || !this.interrupts);
      const mask = (armed ? LUA.MASKLINE : 0) | (poll ? LUA.MASKCOUNT : 0);
      const count = poll ? (requested ? 1 : POLL_COUNT) : 0;
      if (again || mask !== this.mask || count !== this.count) {
        this.mask = mask;
        this.count = count;
        for (const T of this.chain) this.give(T);
      }
      if (this.pollRequested === requested) return;
    }
  }
}
