// Which lua_sethook hooks the running threads have: none unless something needs them, because any
// mask makes Lua 5.4 trace instructions. What is armed decides:
// - `lines` (a pause, a step into): the line hook everywhere;
// - `frames` (breakpoints, a step over or out): the call hook everywhere, and the line and return
//   hooks only where LineGate says a frame needs them;
// - `none`: no hook.
// On top, the count hook polls for pause: one instruction after the host's interrupt (SPEC §8.6),
// or every POLL_COUNT instructions with a host that cannot interrupt. And the events the guest's
// own debug.sethook asked for on that thread (guest-hooks.ts). The hook itself is HookFilter's,
// which it keeps told what the line gate decided.
import { LUA, type LuaApi, type LuaState } from './engine.js';
import type { GuestHooks } from './guest-hooks.js';
import type { HookFilter } from './hook-filter.js';
import { needsReturns, type LineGate } from './line-gate.js';

/** Instructions between two pause polls, for a host that cannot interrupt. */
const POLL_COUNT = 10_000;
/**
 * lua_sethook restarts the count, so frequent line-gate changes could postpone the count hook
 * forever: a host that cannot interrupt is polled every this many changes too (each less than
 * POLL_COUNT instructions after the previous, or the count hook would have fired).
 */
const CHANGES_PER_POLL = 64;

export type Arming = 'none' | 'frames' | 'lines';

/** What the producer needs now (see HookMask.update). */
export interface Needs {
  /** A host is connected. */
  host: boolean;
  arming: Arming;
  /** Only breakpoints are armed (no step, no pause): the line gate alone decides, and the filter may answer for it. */
  breakpointsOnly: boolean;
  /** The lines that hold a breakpoint, in any script. */
  lines: ReadonlySet<number>;
}

export class HookMask {
  private armed: Arming = 'none';
  /** The host's interrupt asked for a poll; the count hook fires at the next instruction. */
  private pollRequested = false;
  /** The host interrupts to make the producer poll (SPEC §8.6): no periodic poll. */
  interrupts = false;
  private host = false;
  private breakpointsOnly = false;
  private lines: ReadonlySet<number> | undefined;
  private changes = 0;

  /** `chain`: the threads running or waiting in resume. `needs`: what the producer needs now. */
  constructor(
    private readonly lua: LuaApi,
    private readonly filter: HookFilter,
    private readonly chain: readonly LuaState[],
    private readonly gate: LineGate,
    private readonly guest: GuestHooks,
    private readonly needs: () => Needs,
  ) {}

  /**
   * The host's interrupt: may run at any instant, even inside the interpreter's Wasm, so it only
   * sets hooks (lua_sethook is safe to call asynchronously, as from a signal handler).
   */
  interrupt(): void {
    this.pollRequested = true;
    // Not `follow`: the filter may be halfway through reading what it follows.
    for (const T of this.chain) this.apply(T, false);
  }

  /** What is armed now. */
  get arming(): Arming {
    return this.armed;
  }

  /**
   * The count hook fired on L: returns whether the producer should poll. One poll per interrupt
   * (one that comes during the poll arms the next); every time with a host that cannot interrupt.
   */
  polling(L: LuaState): boolean {
    if (!this.pollRequested) return this.host && !this.interrupts;
    this.pollRequested = false;
    for (const T of this.chain) this.apply(T);
    if (!this.chain.includes(L)) this.apply(L);
    return true;
  }

  /** A thread about to run (a resumed coroutine): its frames' needs, then its hooks. */
  give(T: LuaState): void {
    this.guest.refresh(T, T);
    if (this.armed === 'frames') this.gate.rebuild(T);
    this.apply(T);
  }

  /**
   * What is armed changed (breakpoints, a step, a pause, a script): derives every running thread's
   * hooks again. `path`: the CallInfos a step over or out may stop in.
   */
  update(path?: ReadonlySet<number>): void {
    const { host, arming, breakpointsOnly, lines } = this.needs();
    this.host = host;
    this.armed = arming;
    this.breakpointsOnly = breakpointsOnly;
    if (lines !== this.lines) this.filter.setLines((this.lines = lines));
    this.gate.rearm(arming === 'frames' ? path : undefined);
    for (const T of this.chain) this.give(T);
  }

  /** The guest changed its own hook on T (guest-hooks.ts). */
  guestChanged(T: LuaState): void {
    this.apply(T);
  }

  /** LineGate changed L's state in a call or return hook. Returns whether a poll is due (see CHANGES_PER_POLL). */
  changed(L: LuaState): boolean {
    this.apply(L);
    if (!this.host || this.interrupts || ++this.changes < CHANGES_PER_POLL) return false;
    this.changes = 0;
    return true;
  }

  /** The producer's hook ran on L: the filter describes L from now on (or no thread, when it cannot). */
  follow(L: LuaState): void {
    if (this.armed !== 'frames' || !this.breakpointsOnly) this.filter.forwardAll();
    else this.filter.follow(L, this.gate.state(L).line, !this.guest.get(L));
  }

  /** Sets T's hooks (and tells the filter, unless `follow` is false). interrupt() may run in the middle and be overwritten: apply until the request held still. */
  private apply(T: LuaState, follow = true): void {
    if (follow) this.follow(T);
    for (;;) {
      const requested = this.pollRequested;
      const poll = this.host && (requested || !this.interrupts);
      let mask = poll ? LUA.MASKCOUNT : 0;
      if (this.armed === 'lines') mask |= LUA.MASKLINE;
      else if (this.armed === 'frames') {
        const s = this.gate.state(T);
        mask |= LUA.MASKCALL | (s.line ? LUA.MASKLINE : 0) | (needsReturns(s) ? LUA.MASKRET : 0);
      }
      let count = poll ? (requested ? 1 : POLL_COUNT) : 0;
      const guest = this.guest.get(T);
      if (guest) {
        mask |= guest.mask;
        if (guest.count) count = count ? Math.min(count, guest.count) : guest.count;
        // Not from the interrupt: it may have come in the middle of this bookkeeping.
        if (follow) this.guest.beforeSet(T);
      }
      this.lua.sethook(T, mask ? this.filter.hook : 0, mask, count);
      if (guest && follow) this.guest.afterSet(T, count);
      if (this.pollRequested === requested) return;
    }
  }
}
