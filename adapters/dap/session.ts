// The DAP session: translates DAP requests into producer (ABI) calls and runtime calls. It holds no
// debugging logic of its own; the run of the debuggee and its events are session-lifecycle.ts, and
// the translations of each area live beside it (stack.ts, inspect.ts, breakpoints/binding.ts,
// mixed/, guest-only.ts, step-in-targets.ts).
import { InitializedEvent, Thread } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { QUICKJS_CAPABILITIES } from '../quickjs/index.js';
import type { MixedMode } from './mixed/mixed-mode.js';
import { MIXED_CAPABILITIES } from './mixed/translate.js';
import { dapCapabilities } from './capabilities.js';
import { Inspector } from './inspect.js';
import { GUEST_ONLY_CAPABILITIES } from './guest-only.js';
import { SessionLifecycle } from './session-lifecycle.js';
import { THREAD_ID } from './stack.js';

export class NestDebugSession extends SessionLifecycle {
  private readonly inspector = new Inspector(this.view);

  protected initializeRequest(response: DebugProtocol.InitializeResponse): void {
    // Mixed stacks come from the runtime (V8's view of the interpreter's Wasm), not the producer.
    response.body = { ...dapCapabilities(QUICKJS_CAPABILITIES), ...(this.policy.guestOnly ? GUEST_ONLY_CAPABILITIES : MIXED_CAPABILITIES) };
    this.sendResponse(response);
    this.sendEvent(new InitializedEvent());
  }

  // ---- sources and breakpoints (breakpoints/binding.ts) ------------------------------------------

  protected loadedSourcesRequest(response: DebugProtocol.LoadedSourcesResponse): void {
    response.body = { sources: this.sources.all((p) => this.convertDebuggerPathToClient(p)) };
    this.sendResponse(response);
  }

  protected sourceRequest(response: DebugProtocol.SourceResponse, args: DebugProtocol.SourceArguments): void {
    this.handle(response, async () => {
      const id = args.source?.sourceReference || args.sourceReference;
      const content = id ? this.sources.text(id) : undefined;
      if (content === undefined) throw new Error('No source text for this reference.');
      response.body = { content };
    });
  }

  protected setBreakPointsRequest(response: DebugProtocol.SetBreakpointsResponse, args: DebugProtocol.SetBreakpointsArguments): void {
    this.handle(response, async () => { response.body = await this.breakpoints.setBreakpoints(args); });
  }

  protected setFunctionBreakPointsRequest(response: DebugProtocol.SetFunctionBreakpointsResponse, args: DebugProtocol.SetFunctionBreakpointsArguments): void {
    this.handle(response, async () => { response.body = await this.breakpoints.setFunctionBreakpoints(args); });
  }

  protected setExceptionBreakPointsRequest(response: DebugProtocol.SetExceptionBreakpointsResponse, args: DebugProtocol.SetExceptionBreakpointsArguments): void {
    this.handle(response, async () => { response.body = await this.breakpoints.setExceptionBreakpoints(args); });
  }

  protected breakpointLocationsRequest(response: DebugProtocol.BreakpointLocationsResponse, args: DebugProtocol.BreakpointLocationsArguments): void {
    this.handle(response, async () => { response.body = await this.breakpoints.breakpointLocations(args); });
  }

  // ---- a stop: threads, stack, inspection (stack.ts, inspect.ts) ---------------------------------

  protected threadsRequest(response: DebugProtocol.ThreadsResponse): void {
    response.body = { threads: [new Thread(THREAD_ID, 'QuickJS main thread')] };
    this.sendResponse(response);
  }

  protected stackTraceRequest(response: DebugProtocol.StackTraceResponse, args: DebugProtocol.StackTraceArguments): void {
    this.handle(response, async () => { response.body = await this.inspector.stackTrace(args); });
  }

  protected scopesRequest(response: DebugProtocol.ScopesResponse, args: DebugProtocol.ScopesArguments): void {
    this.handle(response, async () => { response.body = await this.inspector.scopes(args); });
  }

  protected variablesRequest(response: DebugProtocol.VariablesResponse, args: DebugProtocol.VariablesArguments): void {
    this.handle(response, async () => { response.body = await this.inspector.variables(args); });
  }

  protected evaluateRequest(response: DebugProtocol.EvaluateResponse, args: DebugProtocol.EvaluateArguments): void {
    this.handle(response, async () => { response.body = await this.inspector.evaluate(args); });
  }

  protected completionsRequest(response: DebugProtocol.CompletionsResponse, args: DebugProtocol.CompletionsArguments): void {
    this.handle(response, async () => { response.body = await this.inspector.completions(args); });
  }

  protected setVariableRequest(response: DebugProtocol.SetVariableResponse, args: DebugProtocol.SetVariableArguments): void {
    this.handle(response, async () => { response.body = await this.inspector.setVariable(args); });
  }

  protected exceptionInfoRequest(response: DebugProtocol.ExceptionInfoResponse): void {
    this.handle(response, async () => { response.body = await this.inspector.exceptionInfo(); });
  }

  // ---- execution control -------------------------------------------------------------------------

  protected continueRequest(response: DebugProtocol.ContinueResponse): void {
    response.body = { allThreadsContinued: true };
    this.resume(response, 'continue');
  }

  protected nextRequest(response: DebugProtocol.NextResponse, args: DebugProtocol.NextArguments): void {
    this.resume(response, 'over', args.granularity);
  }

  protected stepInRequest(response: DebugProtocol.StepInResponse, args: DebugProtocol.StepInArguments): void {
    if (args.targetId === undefined) return this.resume(response, 'into', args.granularity);
    this.handle(response, () => this.stepTargets.stepInto(args.targetId!));
  }

  protected stepInTargetsRequest(response: DebugProtocol.StepInTargetsResponse, args: DebugProtocol.StepInTargetsArguments): void {
    this.handle(response, async () => { response.body = { targets: await this.stepTargets.list(args.frameId) }; });
  }

  protected stepOutRequest(response: DebugProtocol.StepOutResponse, args: DebugProtocol.StepOutArguments): void {
    this.resume(response, 'out', args.granularity);
  }

  protected pauseRequest(response: DebugProtocol.PauseResponse): void {
    this.handle(response, async () => { this.running().pause(); });
  }

  /** Statement steps and continues go to the producer; instruction steps (mixed mode) to the Wasm level. */
  private resume(response: DebugProtocol.Response, kind: 'continue' | 'into' | 'over' | 'out', granularity?: DebugProtocol.SteppingGranularity) {
    this.frames.clear();
    const wasm = this.mixed?.wasmResumption(kind, granularity);
    if (wasm) return this.handle(response, wasm);
    this.debuggee?.resume(kind === 'continue' ? { tag: 'run' } : { tag: 'step', val: kind });
    this.sendResponse(response);
  }

  // ---- mixed mode: Wasm frames, disassembly, memory, instruction breakpoints (mixed/) ------------

  protected disassembleRequest(response: DebugProtocol.DisassembleResponse, args: DebugProtocol.DisassembleArguments): void {
    this.handle(response, async () => { response.body = { instructions: await this.mixedMode().disassemble(args) }; });
  }

  protected readMemoryRequest(response: DebugProtocol.ReadMemoryResponse, args: DebugProtocol.ReadMemoryArguments): void {
    this.handle(response, async () => { response.body = await this.mixedMode().readMemory(args); });
  }

  protected writeMemoryRequest(response: DebugProtocol.WriteMemoryResponse, args: DebugProtocol.WriteMemoryArguments): void {
    this.handle(response, async () => { response.body = await this.mixedMode().writeMemory(args); });
  }

  protected setInstructionBreakpointsRequest(response: DebugProtocol.SetInstructionBreakpointsResponse, args: DebugProtocol.SetInstructionBreakpointsArguments): void {
    this.handle(response, async () => { response.body = { breakpoints: await this.mixedMode().setInstructionBreakpoints(args) }; });
  }

  /** `nestdbg/mixedStack` {enabled}: turns mixed mode on or off at run time. */
  protected customRequest(command: string, response: DebugProtocol.Response, args: { enabled?: unknown }): void {
    if (command !== 'nestdbg/mixedStack') return super.customRequest(command, response, args);
    this.handle(response, async () => {
      this.host.refuseIfHidden();
      if (!this.mixed) throw new Error('No program is running.');
      await this.mixed.setEnabled(args?.enabled !== false);
      await this.breakpoints.mixedToggled();
      response.body = { enabled: this.mixed.enabled };
    });
  }

  private mixedMode(): MixedMode {
    this.host.refuseIfHidden();
    if (!this.mixed?.enabled) throw new Error('Mixed mode is off: launch with "mixedStack": true or send nestdbg/mixedStack.');
    return this.mixed;
  }
}
