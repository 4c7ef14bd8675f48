// Several QuickJS contexts of one embedding app, debugged as one producer: the agent takes one
// producer per process (SPEC: one debuggee, one producer), so this one routes each ABI call to the
// context that owns the script, or to the frames of the stop. Each context has its own
// QuickJsProducer (its own guest runtime and scripts); script ids and handles come from counters
// they share, so they never collide. Breakpoint settings that apply everywhere reach contexts
// created later too. Contexts of one runtime share its stack: a stop in one shows the frames of
// the others under it (joint-stack.ts), and steps go on across them (continueSteps).
import type { QuickJSContext, QuickJSRuntime } from 'quickjs-emscripten-core';
import {
  AbiError, type BreakpointRequest, type BreakpointResult, type Capability, type ChildrenFilter, type EvalContext, type ExceptionDetails,
  type ExceptionFilter, type FunctionBreakpointRequest, type FunctionBreakpointResult, type FrameInfo, type NestedHost, type Position,
  type Producer, type ScopeInfo, type ValueInfo, type VariableInfo,
} from '../../../abi/index.js';
import { QuickJsProducer, type ProducerSession } from '../debug/producer.js';
import { counter } from '../debug/scripts.js';
import { InspectionDeadline } from '../debug/deadline.js';
import { JointStack } from './joint-stack.js';
import { runtimeRank } from './cross-runtime.js';
import { SeenExceptions } from '../debug/seen-exceptions.js';
import { NestedRuntimes } from './nested-runtimes.js';

export class ContextProducers implements Producer {
  private readonly byContext = new Map<QuickJSContext, QuickJsProducer>();
  /** Inspection deadlines by runtime: a runtime's interrupt handler serves all its contexts. */
  private readonly deadlines = new Map<QuickJSRuntime, InspectionDeadline>();
  /** The exception last looked at, by runtime: one thrown in a context is not new in another. */
  private readonly seenExceptions = new Map<QuickJSRuntime, SeenExceptions>();
  private readonly scriptIds = counter();
  private readonly handleIds = counter();
  /** The stops under way, innermost last: inspection calls go to the last. */
  private readonly stops: NestedRuntimes[] = [];
  /** The stack inspected inside a host call (enterHostCall), if any. */
  private inHostCall: NestedRuntimes | undefined;
  /** How many evaluations each runtime's contexts run (topLevel): steps end when none does. */
  private readonly running = new Map<QuickJSRuntime, number>();
  /** Runtimes running an evaluation, in the order they started: a host function of one may evaluate code in another. */
  private readonly entered: QuickJSRuntime[] = [];
  private host: NestedHost | undefined;
  private functionBreakpoints: FunctionBreakpointRequest[] = [];
  private readonly scriptsWithBreakpoints = new Set<number>();
  private exceptionFilters: ExceptionFilter[] = [];
  private hostStops = false;

  constructor(private readonly options: { sourceMaps: boolean }) {}

  connect(host: NestedHost): void {
    this.host = host;
  }

  /** The producer of a context, created (and its guest half installed) on first use. */
  producerFor(session: ProducerSession): QuickJsProducer {
    const known = this.byContext.get(session.context);
    if (known) return known;
    const runtime = session.runtime;
    let deadline = this.deadlines.get(runtime);
    if (!deadline) this.deadlines.set(runtime, (deadline = new InspectionDeadline()));
    let seenExceptions = this.seenExceptions.get(runtime);
    if (!seenExceptions) this.seenExceptions.set(runtime, (seenExceptions = new SeenExceptions()));
    const producer = new QuickJsProducer(session, {
      sourceMaps: this.options.sourceMaps, scriptIds: this.scriptIds, handleIds: this.handleIds, deadline, seenExceptions,
      // An exception's frames in another context are read with that context's scripts.
      scriptsOfRealm: (realm) => [...this.byContext.values()].find((p) => p.realms.realm === realm)?.scripts,
    });
    producer.install();
    producer.connect(this.innerHost(producer));
    if (this.functionBreakpoints.length) producer.setFunctionBreakpoints(this.functionBreakpoints);
    if (this.exceptionFilters.length) producer.setExceptionBreakpoints(this.exceptionFilters);
    if (this.hostStops) producer.setHostStops(true);
    this.byContext.set(session.context, producer);
    this.instrumentCallers();
    return producer;
  }

  /** A context goes away: its producer's handles go first, or QuickJS refuses to free it. */
  forget(context: QuickJSContext): void {
    const producer = this.byContext.get(context);
    if (!producer) return;
    this.byContext.delete(context);
    producer.dispose();
    // The runtime's interrupt handler was this producer's: hand it to a context still alive.
    for (const [ctx, other] of this.byContext) {
      if (ctx.runtime === context.runtime) {
        other.installInterruptHandler();
        break;
      }
    }
    this.instrumentCallers();
  }

  /**
   * Around a context's outermost evaluation; when the last of its runtime returns, steps end in all
   * its contexts, and when no runtime runs any more, everywhere.
   */
  topLevel(producer: QuickJsProducer, running: boolean): void {
    const runtime = producer.runtime;
    const depth = (this.running.get(runtime) ?? 0) + (running ? 1 : -1);
    this.running.set(runtime, depth);
    if (running && depth === 1) this.entered.push(runtime);
    if (!running && depth === 0) this.entered.splice(this.entered.lastIndexOf(runtime), 1);
    producer.topLevel(running);
    if (!running && depth === 0) for (const other of this.entered.length ? this.sharing(producer) : this.others(producer)) other.cancelStep();
  }

  /** The other contexts of a producer's runtime: they share its stack. */
  private sharing(producer: QuickJsProducer): QuickJsProducer[] {
    return [...this.byContext.values()].filter((p) => p !== producer && p.runtime === producer.runtime);
  }

  /**
   * Every other context: those of the producer's runtime, then those of the runtimes whose host
   * functions may have evaluated code in it (cross-runtime.ts).
   */
  private others(producer: QuickJsProducer): QuickJsProducer[] {
    const rank = runtimeRank(producer, this.entered);
    return [...this.byContext.values()].filter((p) => p !== producer).sort((a, b) => rank(a) - rank(b));
  }

  /**
   * While any breakpoint is set, contexts run their functions' instrumented copies when another
   * context exists, so a step out of the other context (or runtime) lands on their next statement.
   */
  private instrumentCallers(): void {
    const armed = this.scriptsWithBreakpoints.size > 0 || this.functionBreakpoints.length > 0;
    for (const p of this.byContext.values()) p.instrumentCallers(armed && this.byContext.size > 1);
  }

  /** What a context's producer calls: the agent's host, with stops tracked and pauses shared. */
  private innerHost(producer: QuickJsProducer): NestedHost {
    const host = (): NestedHost => {
      if (!this.host) throw new Error('nestdbg: the contexts are not connected to the debugger');
      return this.host;
    };
    return {
      scriptLoaded: (info) => host().scriptLoaded(info),
      output: (event) => host().output(event),
      stopped: (event) => {
        // A pause asked of every context is taken by this one, and a step elsewhere ends here.
        for (const other of this.byContext.values()) {
          if (other === producer) continue;
          other.cancelPause();
          other.cancelStep();
        }
        // Every other context inside a host call, ordered by runtime (cross-runtime.ts); in mixed
        // mode V8's dispatchers may add runtimes entered through callFunction only (addOuter).
        const under = this.others(producer).filter((p) => p.enterHostCall());
        const stop = new NestedRuntimes(new JointStack(producer, under, runtimeRank(producer, this.entered)));
        this.stops.push(stop);
        let action;
        try {
          action = host().stopped(event);
        } finally {
          this.stops.pop();
          for (const p of [...under, ...stop.outerProducers]) p.leaveHostCall();
        }
        if (action.tag === 'step') this.continueSteps(producer, action.val);
        return action;
      },
      pollPause: () => {
        if (host().pollPause()) this.requestPause();
        return false;
      },
    };
  }

  /**
   * A step from a stop in `from` goes on in the other contexts, of its runtime and of the others,
   * as one V8 stack steps across vm contexts: a step in stops at the next statement anywhere (the
   * call may enter another context); a step over or out also stops where `from`'s frames return to
   * another context (its innermost frame under them), unless `from` stops first.
   */
  private continueSteps(from: QuickJsProducer, kind: string): void {
    for (const p of this.others(from)) p.continueStep(kind === 'into' ? 'into' : 'return');
  }

  // ---- inside a host call (HostCallInspection): the context whose guest made the innermost call,
  // with the frames of the other contexts of its runtime under it --------------------------------

  /** `dispatchers`: the contexts whose host calls V8 is in, innermost first; unknown (empty): any context in a call. */
  enterHostCall(dispatchers: readonly object[]): boolean {
    const known = dispatchers.map((d) => this.byContext.get(d as QuickJSContext)).filter((p) => p !== undefined);
    for (const p of known.length ? known : this.byContext.values()) {
      if (!p.enterHostCall()) continue;
      const stack = new NestedRuntimes(new JointStack(p, this.sharing(p).filter((other) => other.enterHostCall())));
      stack.addOuter(known, (q) => this.sharing(q));
      this.inHostCall = stack;
      this.stops.push(stack);
      return true;
    }
    return false;
  }

  /**
   * HostCallsUnderStop (runtime/agent/api.ts), mixed mode: at a stop, the contexts whose host calls
   * V8's stack holds under it, innermost first; other runtimes' contexts among them show their
   * frames below the stop's (nested-runtimes.ts).
   */
  hostCallsUnderStop(dispatchers: readonly object[]): void {
    const stop = this.stops[this.stops.length - 1];
    const known = dispatchers.map((d) => this.byContext.get(d as QuickJSContext)).filter((p) => p !== undefined);
    if (stop && stop !== this.inHostCall) stop.addOuter(known, (q) => this.sharing(q));
  }

  leaveHostCall(): void {
    const stack = this.inHostCall;
    if (!stack) return;
    this.inHostCall = undefined;
    this.stops.splice(this.stops.lastIndexOf(stack), 1);
    for (const p of stack.producers) p.leaveHostCall();
  }

  private owner(scriptId: number): QuickJsProducer {
    for (const p of this.byContext.values()) if (p.scripts.abiScript(scriptId)) return p;
    throw new AbiError({ message: `Unknown script ${scriptId}` });
  }

  private current(): NestedRuntimes {
    const stack = this.stops[this.stops.length - 1];
    if (!stack) throw new AbiError({ message: 'the guest is not stopped' });
    return stack;
  }

  // ---- the ABI: routed --------------------------------------------------------------------------

  capabilities(): Capability[] {
    const first = this.byContext.values().next().value;
    return first ? first.capabilities() : [];
  }

  setBreakpoints(scriptId: number, requests: BreakpointRequest[]): BreakpointResult[] {
    const results = this.owner(scriptId).setBreakpoints(scriptId, requests);
    if (requests.length) this.scriptsWithBreakpoints.add(scriptId);
    else this.scriptsWithBreakpoints.delete(scriptId);
    this.instrumentCallers();
    return results;
  }

  breakpointLocations(scriptId: number, startLine: number, endLine: number): Position[] {
    return this.owner(scriptId).breakpointLocations(scriptId, startLine, endLine);
  }

  /** Each name binds in every context; a breakpoint is verified where any context has it. */
  setFunctionBreakpoints(requests: FunctionBreakpointRequest[]): FunctionBreakpointResult[] {
    this.functionBreakpoints = requests;
    const all = [...this.byContext.values()].map((p) => p.setFunctionBreakpoints(requests));
    this.instrumentCallers();
    return requests.map((r, i) => {
      const results = all.map((list) => list[i]);
      const locations = results.flatMap((x) => x.locations);
      const failed = results.find((x) => !x.verified && x.message?.startsWith('Cannot use'));
      if (failed) return failed;
      return locations.length ? { verified: true, locations } : { verified: false, locations, message: `No function named ${r.name} in the loaded scripts (yet)` };
    });
  }

  setExceptionBreakpoints(filters: ExceptionFilter[]): void {
    this.exceptionFilters = filters;
    for (const p of this.byContext.values()) p.setExceptionBreakpoints(filters);
  }

  /** HostStops (runtime/agent/api.ts): every context, and those created later. */
  setHostStops(on: boolean): void {
    this.hostStops = on;
    for (const p of this.byContext.values()) p.setHostStops(on);
  }

  requestPause(): void {
    for (const p of this.byContext.values()) p.requestPause();
  }

  exceptionInfo(): ExceptionDetails {
    return this.current().top.exceptionInfo();
  }

  frames(): FrameInfo[] {
    return this.current().frames();
  }

  scopes(frameId: number): ScopeInfo[] {
    const { producer, id } = this.current().frame(frameId);
    return producer.scopes(id);
  }

  variables(container: number, filter: ChildrenFilter, start: number, count: number): VariableInfo[] {
    return this.current().owner(container).variables(container, filter, start, count);
  }

  /** In a frame's own context; without a frame, in the context that stopped. */
  evaluate(frameId: number | undefined, expression: string, context: EvalContext): ValueInfo {
    const stack = this.current();
    if (frameId === undefined) return stack.top.evaluate(undefined, expression, context);
    const { producer, id } = stack.frame(frameId);
    return producer.evaluate(id, expression, context);
  }

  setVariable(container: number, name: string, expression: string): ValueInfo {
    return this.current().owner(container).setVariable(container, name, expression);
  }
}
