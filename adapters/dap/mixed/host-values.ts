// The embedding host's own JavaScript at a mixed or host stop, over DAP: a host frame's scopes
// (Local, Closure, Script, Global...), its values, and evaluation in that frame. The runtime reads
// them from V8 (hostScopes / hostProperties / hostEvaluate); this keeps the variables references
// of the current stop, which stand for V8 object ids.
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { DebuggeeConnection } from '../../../runtime/launcher.js';
import type { JsValue } from '../../../runtime/agent/wasm-protocol.js';

export class HostValues {
  private readonly objects = new Map<number, string>();

  /** `newReference`: a fresh variables reference, outside the producer's range. */
  constructor(private readonly debuggee: DebuggeeConnection, private readonly newReference: () => number) {}

  /** A new stop: every reference so far is stale (V8 dropped the objects). */
  clear(): void {
    this.objects.clear();
  }

  async scopes(frame: number): Promise<DebugProtocol.Scope[]> {
    const scopes = await this.debuggee.wasm('hostScopes', frame);
    return scopes.map((s) => {
      const scope: DebugProtocol.Scope = { name: s.name, variablesReference: this.reference(s.object), expensive: s.expensive };
      if (s.kind === 'local') scope.presentationHint = 'locals';
      return scope;
    });
  }

  /** Variables of a host object; undefined when the reference is not one of ours. */
  async variables(reference: number, args: { start?: number; count?: number }): Promise<DebugProtocol.Variable[] | undefined> {
    const object = this.objects.get(reference);
    if (object === undefined) return undefined;
    let values = await this.debuggee.wasm('hostProperties', object);
    if (args.start || args.count) values = values.slice(args.start ?? 0, args.count ? (args.start ?? 0) + args.count : undefined);
    return values.map((v) => ({ name: v.name, ...this.dapValue(v) }));
  }

  async evaluate(frame: number, expression: string): Promise<DebugProtocol.EvaluateResponse['body']> {
    const { value, ...rest } = this.dapValue(await this.debuggee.wasm('hostEvaluate', frame, expression));
    return { result: value, ...rest };
  }

  private dapValue(v: JsValue) {
    return {
      value: v.display,
      type: v.type,
      // No indexed/named counts: the client then asks for every property at once, unfiltered.
      variablesReference: v.object === undefined ? 0 : this.reference(v.object),
    };
  }

  private reference(object: string): number {
    const id = this.newReference();
    this.objects.set(id, object);
    return id;
  }
}
