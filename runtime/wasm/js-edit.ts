// Changing and exploring the host's JS values at a V8 pause, over CDP: set a variable of a paused
// frame's scope (Debugger.setVariableValue) or an object's property (Runtime.callFunctionOn), run
// a getter on demand, and list the names an expression could complete to. New values are
// JavaScript expressions evaluated on a paused frame, as a debugger's "Set Value" takes them.
import type { Cdp } from './cdp.js';
import type { JsFrame } from './debuggee.js';
import { HOST_OBJECT_GROUP, jsValue, type JsValue, type RemoteObject } from './js-values.js';

/** Where a variable lives: a scope of a paused frame (by its position in the chain), or an object. */
export type JsVariableOwner = { frame: JsFrame; scope: number } | { object: string };

interface EvaluateResult {
  result: RemoteObject;
  exceptionDetails?: { exception?: RemoteObject; text: string };
}

/** Sets `name` to the value of `expression` (evaluated on `on`); returns the value it now has. */
export async function setVariable(cdp: Cdp, owner: JsVariableOwner, name: string, expression: string, on: JsFrame): Promise<JsValue> {
  const value = await evaluate(cdp, on, expression, false);
  const argument = value.objectId ? { objectId: value.objectId }
    : value.unserializableValue ? { unserializableValue: value.unserializableValue }
    : value.type === 'undefined' ? {} : { value: value.value };
  if ('frame' in owner) {
    const type = owner.frame.scopeChain[owner.scope]?.type;
    // V8 sets variables of function scopes only; the global scope is the global object itself.
    if (type !== 'global') {
      // V8 answers a name the scope does not have with an internal error: say what it means.
      const set = await cdp.post('Debugger.setVariableValue', { scopeNumber: owner.scope, variableName: name, newValue: argument, callFrameId: owner.frame.callFrameId })
        .then(() => true, () => false);
      if (!set) throw new Error(`Cannot set ${name}: this ${type ?? ''} scope has no such variable, or V8 cannot change it`);
      // The scope's object is a copy V8 made at the pause: keep it in step, so reading the scope again shows the new value.
      await assign(cdp, owner.frame.scopeChain[owner.scope].object.objectId!, name, argument).catch(() => undefined);
      return jsValue(name, value);
    }
    owner = { object: owner.frame.scopeChain[owner.scope].object.objectId! };
  }
  return jsValue(name, await assign(cdp, owner.object, name, argument));
}

/** `object[name] = value` (a CDP CallArgument); the property's value afterwards. */
async function assign(cdp: Cdp, object: string, name: string, value: object): Promise<RemoteObject> {
  const r = await cdp.post<EvaluateResult>('Runtime.callFunctionOn', {
    objectId: object, functionDeclaration: 'function (name, value) { this[name] = value; return this[name]; }',
    arguments: [{ value: name }, value], objectGroup: HOST_OBJECT_GROUP, generatePreview: true, silent: true,
  });
  if (r.exceptionDetails) throw new Error(message(r));
  return r.result;
}

/** Runs the getter of `name` on the object; a getter that throws shows its exception as the value. */
export async function invokeGetter(cdp: Cdp, object: string, name: string): Promise<JsValue> {
  const r = await cdp.post<EvaluateResult>('Runtime.callFunctionOn', {
    objectId: object, functionDeclaration: 'function (name) { return this[name]; }',
    arguments: [{ value: name }], objectGroup: HOST_OBJECT_GROUP, generatePreview: true, silent: true,
  });
  if (r.exceptionDetails) return { name, display: message(r), type: 'error' };
  return jsValue(name, r.result);
}

/**
 * Names for completions on a paused frame: the properties (own and inherited) of the value of
 * `expression`, evaluated without side effects; without one, the names in the frame's scopes.
 */
export async function completionNames(cdp: Cdp, frame: JsFrame, expression?: string): Promise<string[]> {
  if (expression === undefined) {
    const names: string[] = [];
    for (const scope of frame.scopeChain) {
      if (!scope.object.objectId) continue;
      const r = await cdp.post<{ result: Array<{ name: string }> }>('Runtime.getProperties', { objectId: scope.object.objectId, ownProperties: scope.type !== 'global' });
      names.push(...r.result.map((p) => p.name));
    }
    return names;
  }
  let target: RemoteObject;
  try {
    target = await evaluate(cdp, frame, expression, true);
  } catch {
    return []; // not side-effect free, or throws: nothing to offer
  }
  if (target.type === 'undefined' || target.subtype === 'null') return [];
  const owner = target.objectId ? target : await evaluate(cdp, frame, `Object(${expression})`, true);
  if (!owner.objectId) return [];
  const r = await cdp.post<{ result: { value?: string[] } }>('Runtime.callFunctionOn', {
    objectId: owner.objectId, returnByValue: true, silent: true,
    functionDeclaration: `function () {
      const names = new Set();
      for (let o = this; o; o = Object.getPrototypeOf(o)) for (const k of Object.getOwnPropertyNames(o)) if (!/^\\d+$/.test(k)) names.add(k);
      return [...names];
    }`,
  });
  return r.result.value ?? [];
}

async function evaluate(cdp: Cdp, frame: JsFrame, expression: string, throwOnSideEffect: boolean): Promise<RemoteObject> {
  const r = await cdp.post<EvaluateResult>('Debugger.evaluateOnCallFrame', {
    callFrameId: frame.callFrameId, expression, objectGroup: HOST_OBJECT_GROUP, generatePreview: true, silent: true, throwOnSideEffect,
  });
  if (r.exceptionDetails) throw new Error(message(r));
  return r.result;
}

function message(r: EvaluateResult): string {
  return (r.exceptionDetails?.exception?.description ?? r.exceptionDetails?.text ?? 'failed').split('\n')[0];
}
