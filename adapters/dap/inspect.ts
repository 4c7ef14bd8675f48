// What a stop shows over DAP: the stack, scopes, variables, evaluate, setVariable, REPL completions
// and the exception, translated to the producer's calls. Mixed stacks and Wasm scopes are answered
// by MixedMode; everything else by the producer, through the frame ids of the current stop.
import { Scope } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { EvalContext, ValueInfo } from '../../abi/index.js';
import type { DebuggeeConnection } from '../../runtime/launcher.js';
import { dapExceptionInfo } from './breakpoints/exceptions.js';
import { completions } from './completions.js';
import type { Coordinates } from './coordinates.js';
import type { MixedMode } from './mixed/mixed-mode.js';
import { dapStackFrames, type FrameIds } from './stack.js';

export interface InspectedRun {
  /** The debuggee, or an error when none is running. */
  running(): DebuggeeConnection;
  mixed(): MixedMode | undefined;
  readonly frames: FrameIds;
  /** The DAP source of a loaded script. */
  sourceOf(script: number): DebugProtocol.Source | undefined;
  readonly at: Coordinates;
  /** Host text as guest-only mode lets it through. */
  redact(text: string): string;
}

export class Inspector {
  constructor(private readonly run: InspectedRun) {}

  async stackTrace(args: DebugProtocol.StackTraceArguments): Promise<DebugProtocol.StackTraceResponse['body']> {
    const mixed = this.run.mixed();
    if (mixed?.ownsStack()) {
      const scriptFrames = mixed.hasScriptFrames() ? await this.run.running().call('frames') : [];
      const all = await mixed.stackTrace(scriptFrames);
      const first = args.startFrame ?? 0;
      return { stackFrames: all.slice(first, args.levels ? first + args.levels : undefined), totalFrames: all.length };
    }
    const frames = await this.run.running().call('frames');
    const start = args.startFrame ?? 0;
    const end = args.levels ? start + args.levels : frames.length;
    return { stackFrames: dapStackFrames(frames.slice(start, end), this.run.frames, this.run.sourceOf, this.run.at), totalFrames: frames.length };
  }

  async scopes(args: DebugProtocol.ScopesArguments): Promise<DebugProtocol.ScopesResponse['body']> {
    const wasmScopes = await this.run.mixed()?.scopes(args.frameId);
    if (wasmScopes) return { scopes: wasmScopes };
    const scopes = await this.run.running().call('scopes', this.run.frames.producerFrame(args.frameId));
    return {
      scopes: scopes.map((s) => {
        const scope = new Scope(s.name, s.handle, s.expensive) as DebugProtocol.Scope;
        if (s.kind === 'local') scope.presentationHint = 'locals';
        if (s.namedCount !== undefined) scope.namedVariables = s.namedCount;
        return scope;
      }),
    };
  }

  async variables(args: DebugProtocol.VariablesArguments): Promise<DebugProtocol.VariablesResponse['body']> {
    const wasmVars = await this.run.mixed()?.variables(args.variablesReference, args);
    if (wasmVars) return { variables: wasmVars };
    const vars = await this.run.running().call('variables', args.variablesReference, args.filter ?? 'all', args.start ?? 0, args.count ?? 0);
    return { variables: vars.map((v) => ({ name: v.name, ...dapValue(v.value) })) };
  }

  async evaluate(args: DebugProtocol.EvaluateArguments): Promise<DebugProtocol.EvaluateResponse['body']> {
    const mixed = this.run.mixed();
    if (args.frameId !== undefined && mixed?.ownsFrame(args.frameId)) return mixed.evaluate(args.frameId, args.expression);
    const frame = this.producerFrame(args.frameId);
    const context: EvalContext = args.context === 'watch' || args.context === 'hover' ? args.context : 'repl';
    const v = await this.run.running().call('evaluate', frame, args.expression, context);
    const { value, ...rest } = dapValue(v);
    return { result: value, ...rest };
  }

  async setVariable(args: DebugProtocol.SetVariableArguments): Promise<DebugProtocol.SetVariableResponse['body']> {
    const host = await this.run.mixed()?.setVariable(args.variablesReference, args.name, args.value);
    if (host) return host;
    return dapValue(await this.run.running().call('setVariable', args.variablesReference, args.name, args.value));
  }

  async completions(args: DebugProtocol.CompletionsArguments): Promise<DebugProtocol.CompletionsResponse['body']> {
    const mixed = this.run.mixed();
    if (args.frameId !== undefined && mixed?.ownsFrame(args.frameId)) return { targets: await mixed.completions(args.frameId, args.text, args.column) };
    const frame = this.producerFrame(args.frameId);
    return { targets: await completions(this.run.running(), frame, args.text, args.column) };
  }

  async exceptionInfo(): Promise<DebugProtocol.ExceptionInfoResponse['body']> {
    const info = dapExceptionInfo(await this.run.running().call('exceptionInfo'));
    const redact = this.run.redact;
    if (info.description) info.description = redact(info.description);
    if (info.details?.message) info.details.message = redact(info.details.message);
    if (info.details?.stackTrace) info.details.stackTrace = redact(info.details.stackTrace);
    return info;
  }

  /** No frame id: evaluate globally. */
  private producerFrame(dapFrameId: number | undefined): number | undefined {
    return dapFrameId === undefined ? undefined : this.run.frames.producerFrame(dapFrameId);
  }
}

/** A producer value as the value fields of a DAP variable (or evaluate / setVariable answer). */
function dapValue(v: ValueInfo) {
  return {
    value: v.display,
    type: v.typeName,
    variablesReference: v.handle,
    namedVariables: v.namedCount,
    indexedVariables: v.indexedCount,
    // A getter not yet run: the client expands it on demand (js-debug's GetterVariable).
    presentationHint: v.lazy ? { lazy: true } : undefined,
  };
}
