// The embedding host's own JavaScript at a mixed or host stop, over DAP: a host frame's scopes
// (Local, Closure, Script, Global...), its values (large arrays paged, getters run on demand as
// js-debug's lazy variables), setting variables and properties, evaluation and completions in that
// frame. The runtime reads and writes them through V8 (hostScopes, hostProperties, hostGetter,
// hostSetVariable, hostEvaluate, hostCompletionNames); this keeps the variables references of the
// current stop, which stand for V8 object ids.
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { DebuggeeConnection } from '../../../runtime/launcher.js';
import type { JsValue } from '../../../runtime/agent/wasm-protocol.js';
import { completionItems } from '../completions.js';

/** What a variables reference stands for; `frame`: the host frame it was reached from (new values are evaluated there). */
type Ref =
  | { kind: 'scope'; object: string; frame: number; scope: number }
  | { kind: 'object'; object: string; frame: number }
  | { kind: 'getter'; object: string; name: string; frame: number };

export class HostValues {
  private readonly refs = new Map<number, Ref>();

  /** `newReference`: a fresh variables reference, outside the producer's range. */
  constructor(private readonly debuggee: DebuggeeConnection, private readonly newReference: () => number) {}

  /** A new stop: every reference so far is stale (V8 dropped the objects). */
  clear(): void {
    this.refs.clear();
  }

  owns(reference: number): boolean {
    return this.refs.has(reference);
  }

  async scopes(frame: number): Promise<DebugProtocol.Scope[]> {
    const scopes = await this.debuggee.wasm('hostScopes', frame);
    return scopes.map((s) => {
      const scope: DebugProtocol.Scope = { name: s.name, variablesReference: this.reference({ kind: 'scope', object: s.object, frame, scope: s.index }), expensive: s.expensive };
      if (s.kind === 'local') scope.presentationHint = 'locals';
      return scope;
    });
  }

  /** Variables of a host object (a page of them, or its getter's value); undefined when the reference is not one of ours. */
  async variables(reference: number, args: { filter?: 'indexed' | 'named'; start?: number; count?: number }): Promise<DebugProtocol.Variable[] | undefined> {
    const ref = this.refs.get(reference);
    if (ref === undefined) return undefined;
    if (ref.kind === 'getter') return [{ name: ref.name, ...this.dapValue(await this.debuggee.wasm('hostGetter', ref.object, ref.name), ref.frame) }];
    const page = args.filter ? { filter: args.filter, start: args.start, count: args.count } : undefined;
    let values = await this.debuggee.wasm('hostProperties', ref.object, page);
    if (!args.filter && (args.start || args.count)) values = values.slice(args.start ?? 0, args.count ? (args.start ?? 0) + args.count : undefined);
    return values.map((v) => ({ name: v.name, ...this.dapValue(v, ref.frame, ref.object) }));
  }

  async evaluate(frame: number, expression: string): Promise<DebugProtocol.EvaluateResponse['body']> {
    const { value, ...rest } = this.dapValue(await this.debuggee.wasm('hostEvaluate', frame, expression), frame);
    return { result: value, ...rest };
  }

  /** Sets a variable of a host scope or a property of a host object; `value` is a JS expression. */
  async setVariable(reference: number, name: string, value: string): Promise<DebugProtocol.SetVariableResponse['body']> {
    const ref = this.refs.get(reference);
    if (!ref) throw new Error(`Unknown or stale variables reference ${reference}`);
    if (ref.kind === 'getter') throw new Error(`${ref.name} is a getter's value: set the property on its object`);
    const owner = ref.kind === 'scope' ? { frame: ref.frame, scope: ref.scope } : { object: ref.object };
    return this.dapValue(await this.debuggee.wasm('hostSetVariable', owner, name, value, ref.frame), ref.frame);
  }

  async completions(frame: number, text: string, column: number): Promise<DebugProtocol.CompletionItem[]> {
    return completionItems(text, column, (expression) => this.debuggee.wasm('hostCompletionNames', frame, expression));
  }

  /** `owner`: the object holding the value (a getter runs on it). */
  private dapValue(v: JsValue, frame: number, owner?: string) {
    if (v.getter && owner !== undefined) {
      // Not run until asked (getters may have side effects), as js-debug shows them.
      const lazy = this.reference({ kind: 'getter', object: owner, name: v.name, frame });
      return { value: v.display, type: v.type, variablesReference: lazy, presentationHint: { lazy: true } };
    }
    return {
      value: v.display,
      type: v.type,
      variablesReference: v.object === undefined ? 0 : this.reference({ kind: 'object', object: v.object, frame }),
      // Array-likes: the client pages through the elements (and asks for the named properties apart).
      ...(v.indexed !== undefined ? { indexedVariables: v.indexed } : {}),
    };
  }

  private reference(ref: Ref): number {
    const id = this.newReference();
    this.refs.set(id, ref);
    return id;
  }
}
