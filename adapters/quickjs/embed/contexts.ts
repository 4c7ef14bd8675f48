// Several QuickJS contexts of one embedding app, debugged as one producer: the agent takes one
// producer per process (SPEC: one debuggee, one producer), so this one routes each ABI call to the
// context that owns the script, or to the context that is stopped. Each context has its own
// QuickJsProducer (its own guest runtime and scripts); script ids come from one counter, so they
// never collide. Breakpoint settings that apply everywhere reach contexts created later too.
import type { QuickJSContext, QuickJSRuntime } from 'quickjs-emscripten-core';
import {
  AbiError, type BreakpointRequest, type BreakpointResult, type Capability, type ChildrenFilter, type EvalContext, type ExceptionDetails,
  type ExceptionFilter, type FunctionBreakpointRequest, type FunctionBreakpointResult, type FrameInfo, type NestedHost, type Position,
  type Producer, type ScopeInfo, type ValueInfo, type VariableInfo,
} from '../../../abi/index.js';
import { QuickJsProducer, type ProducerSession } from '../debug/producer.js';
import { counter } from '../debug/scripts.js';
import { InspectionDeadline } from '../debug/deadline.js';

export class ContextProducers implements Producer {
  private readonly byContext = new Map<QuickJSContext, QuickJsProducer>();
  /** Inspection deadlines by runtime: a runtime's interrupt handler serves all its contexts. */
  private readonly deadlines = new Map<QuickJSRuntime, InspectionDeadline>();
  private readonly scriptIds = counter();
  /** The producers stopped right now, innermost last: inspection calls go to the last. */
  private readonly stopped: QuickJsProducer[] = [];
  /** The context inspected inside a host call (enterHostCall), if any. */
  private inHostCall: QuickJsProducer | undefined;
  private host: NestedHost | undefined;
  private functionBreakpoints: FunctionBreakpointRequest[] = [];
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
    const producer = new QuickJsProducer(session, { sourceMaps: this.options.sourceMaps, scriptIds: this.scriptIds, deadline });
    producer.install();
    producer.connect(this.innerHost(producer));
    if (this.functionBreakpoints.length) producer.setFunctionBreakpoints(this.functionBreakpoints);
    if (this.exceptionFilters.length) producer.setExceptionBreakpoints(this.exceptionFilters);
    if (this.hostStops) producer.setHostStops(true);
    this.byContext.set(session.context, producer);
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
        // A pause asked of every context is taken by this one: the others drop theirs.
        for (const other of this.byContext.values()) if (other !== producer) other.cancelPause();
        this.stopped.push(producer);
        try {
          return host().stopped(event);
        } finally {
          this.stopped.pop();
        }
      },
      pollPause: () => {
        if (host().pollPause()) this.requestPause();
        return false;
      },
    };
  }

  // ---- inside a host call (HostCallInspection): the context whose guest made the innermost call --

  /** `dispatchers`: the contexts whose host calls V8 is in, innermost first; unknown (empty): any context in a call. */
  enterHostCall(dispatchers: readonly object[]): boolean {
    const known = dispatchers.map((d) => this.byContext.get(d as QuickJSContext)).filter((p) => p !== undefined);
    for (const p of known.length ? known : this.byContext.values()) {
      if (!p.enterHostCall()) continue;
      this.inHostCall = p;
      this.stopped.push(p);
      return true;
    }
    return false;
  }

  leaveHostCall(): void {
    const p = this.inHostCall;
    if (!p) return;
    this.inHostCall = undefined;
    this.stopped.splice(this.stopped.lastIndexOf(p), 1);
    p.leaveHostCall();
  }

  private owner(scriptId: number): QuickJsProducer {
    for (const p of this.byContext.values()) if (p.scripts.abiScript(scriptId)) return p;
    throw new AbiError({ message: `Unknown script ${scriptId}` });
  }

  private current(): QuickJsProducer {
    const p = this.stopped[this.stopped.length - 1];
    if (!p) throw new AbiError({ message: 'the guest is not stopped' });
    return p;
  }

  // ---- the ABI: routed --------------------------------------------------------------------------

  capabilities(): Capability[] {
    const first = this.byContext.values().next().value;
    return first ? first.capabilities() : [];
  }

  setBreakpoints(scriptId: number, requests: BreakpointRequest[]): BreakpointResult[] {
    return this.owner(scriptId).setBreakpoints(scriptId, requests);
  }

  breakpointLocations(scriptId: number, startLine: number, endLine: number): Position[] {
    return this.owner(scriptId).breakpointLocations(scriptId, startLine, endLine);
  }

  /** Each name binds in every context; a breakpoint is verified where any context has it. */
  setFunctionBreakpoints(requests: FunctionBreakpointRequest[]): FunctionBreakpointResult[] {
    this.functionBreakpoints = requests;
    const all = [...this.byContext.values()].map((p) => p.setFunctionBreakpoints(requests));
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
    return this.current().exceptionInfo();
  }

  frames(): FrameInfo[] {
    return this.current().frames();
  }

  scopes(frameId: number): ScopeInfo[] {
    return this.current().scopes(frameId);
  }

  variables(container: number, filter: ChildrenFilter, start: number, count: number): VariableInfo[] {
    return this.current().variables(container, filter, start, count);
  }

  evaluate(frameId: number | undefined, expression: string, context: EvalContext): ValueInfo {
    return this.current().evaluate(frameId, expression, context);
  }

  setVariable(container: number, name: string, expression: string): ValueInfo {
    return this.current().setVariable(container, name, expression);
  }
}
