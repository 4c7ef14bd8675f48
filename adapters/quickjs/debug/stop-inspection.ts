// Reading and changing the stopped program for the host: scopes, variables (paged), evaluate and
// setVariable, over the frames of the current stop. Values live in the guest (guest/values.js);
// the host gets handles to them, valid until the stop ends (handles.ts).
import {
  AbiError, type ChildrenFilter, type EvalContext, type ScopeInfo, type ValueInfo, type VariableInfo,
} from '../../../abi/index.js';
import { isSideEffectFree } from './side-effects.js';
import { frameNames, type FrameRecord, type HandleTable, type HandleTarget } from './handles.js';
import type { ScriptRegistry } from './scripts.js';

/** A value as the guest describes it (values.js describe). */
interface GuestValue {
  display: string;
  type: string;
  ref: number;
  named?: number;
  indexed?: number;
  lazy?: boolean;
}

export interface InspectionDeps {
  handles: HandleTable;
  scripts: ScriptRegistry;
  /** The frames of the current stop; throws when the guest is not stopped. */
  stopped(): FrameRecord[];
  /** Calls the guest's control dispatcher (control.ts). */
  call<T = unknown>(name: string, ...args: unknown[]): T;
}

export class StopInspection {
  constructor(private readonly deps: InspectionDeps) {}

  scopes(frameId: number): ScopeInfo[] {
    const frame = this.frame(frameId);
    const { handles } = this.deps;
    const scopes: ScopeInfo[] = (frame.scopes ?? []).map((group) => ({
      name: group.name, kind: group.kind, handle: handles.add({ kind: 'scope', frame, group }),
      namedCount: group.names.length, expensive: false,
    }));
    scopes.push({ name: 'Global', kind: 'global', handle: handles.add({ kind: 'globals' }), expensive: false });
    return scopes;
  }

  variables(container: number, filter: ChildrenFilter, start: number, count: number): VariableInfo[] {
    const target = this.target(container);
    const { call } = this.deps;
    const page = <T>(items: T[]) => items.slice(start, count > 0 ? start + count : undefined);
    switch (target.kind) {
      case 'scope': {
        const names = page(target.group.names);
        const offset = target.group.firstIndex + Math.min(start, target.group.names.length);
        const values = call<GuestValue[]>('readScope', target.frame.reader, names.map((_, i) => offset + i));
        return names.map((name, i) => ({ name, value: this.value(values[i], target.frame) }));
      }
      case 'globals': {
        const entries = call<Array<[string, GuestValue]>>('readGlobals', this.deps.scripts.declaredGlobals());
        return page(entries).map(([name, v]) => ({ name, value: this.value(v, undefined) }));
      }
      case 'value': {
        const entries = call<Array<[string, GuestValue]>>('children', target.ref, filter, start, count);
        return entries.map(([name, v]) => ({ name, value: this.value(v, target.frame) }));
      }
    }
  }

  evaluate(frameId: number | undefined, expression: string, context: EvalContext): ValueInfo {
    this.deps.stopped();
    if (context === 'hover' && !isSideEffectFree(expression)) {
      throw new AbiError({ message: 'Not evaluated on hover: the expression may have side effects.' });
    }
    const frame = frameId === undefined ? undefined : this.frame(frameId);
    // A REPL result is kept as `$_` for the next evaluation, as in js-debug.
    return this.value(this.deps.call<GuestValue>('evaluate', frame?.reader ?? 0, expression, frameNames(frame), context === 'repl'), frame);
  }

  setVariable(container: number, name: string, expression: string): ValueInfo {
    const target = this.target(container);
    const { call } = this.deps;
    switch (target.kind) {
      case 'scope': {
        const i = target.group.names.indexOf(name);
        if (i < 0) throw new AbiError({ message: `no variable ${name} in ${target.group.name}` });
        const v = call<GuestValue>('setBinding', target.frame.reader, target.group.firstIndex + i, expression, frameNames(target.frame));
        return this.value(v, target.frame);
      }
      case 'globals':
        if (!/^[A-Za-z_$][\w$]*$/.test(name)) throw new AbiError({ message: `cannot assign to ${name}` });
        return this.value(call<GuestValue>('setGlobal', name, expression), undefined);
      case 'value': {
        const frame = target.frame;
        const v = call<GuestValue>('setProperty', target.ref, name, expression, frame?.reader ?? 0, frameNames(frame));
        return this.value(v, frame);
      }
    }
  }

  private frame(id: number): FrameRecord {
    const frame = this.deps.stopped()[id];
    if (!frame) throw new AbiError({ message: `unknown frame ${id}` });
    return frame;
  }

  private target(handle: number): HandleTarget {
    const t = this.deps.handles.get(handle);
    if (!t) throw new AbiError({ message: `unknown or stale handle ${handle}` });
    return t;
  }

  private value(v: GuestValue, frame: FrameRecord | undefined): ValueInfo {
    return {
      display: v.display,
      typeName: v.type,
      handle: v.ref ? this.deps.handles.add({ kind: 'value', ref: v.ref, frame }) : 0,
      namedCount: v.named,
      indexedCount: v.indexed,
      lazy: v.lazy || undefined,
    };
  }
}
