// The host's own JavaScript values at a V8 pause: the scopes of a paused JS frame, an object's
// properties, and evaluation on a frame, over CDP (Debugger.evaluateOnCallFrame,
// Runtime.getProperties). Objects are named by V8's object ids, valid until the pause ends; what
// evaluation creates lives in one object group, released when the pause ends (releaseGroup).
import type { Cdp } from './cdp.js';
import type { JsFrame } from './debuggee.js';

/** A JS value as a debugger shows it: display text, and an object id when it has children. */
export interface JsValue {
  name: string;
  /** e.g. `42`, `'text'`, `{a: 1, b: 2}`, `(3) [1, 2, 3]`, `ƒ add(a, b)`. */
  display: string;
  /** typeof, or the class name of an object. */
  type: string;
  /** Set when the value has properties to expand. */
  object?: string;
  /** Array-likes: how many indexed elements (clients page through them). */
  indexed?: number;
  /** An accessor property, not yet run: its value comes from invokeGetter (js-edit.ts) on demand. */
  getter?: boolean;
}

export interface JsScope {
  /** V8's scope type: local, closure, block, catch, script, module, global, with, eval. */
  kind: string;
  /** `Local`, `Closure (makeCounter)`, `Global`... */
  name: string;
  object: string;
  /** Its position in the frame's scope chain (what Debugger.setVariableValue takes). */
  index: number;
  /** The global scope is large: clients fetch it on demand. */
  expensive: boolean;
}

/** What CDP's RemoteObject carries that we read. */
export interface RemoteObject {
  type: string;
  subtype?: string;
  className?: string;
  value?: unknown;
  unserializableValue?: string;
  description?: string;
  objectId?: string;
  preview?: ObjectPreview;
}
interface ObjectPreview {
  type: string;
  subtype?: string;
  description?: string;
  overflow: boolean;
  properties: Array<{ name: string; type: string; subtype?: string; value?: string }>;
}
interface PropertyDescriptor {
  name: string;
  value?: RemoteObject;
  get?: RemoteObject;
  set?: RemoteObject;
  isOwn?: boolean;
}

export const HOST_OBJECT_GROUP = 'nestdbg-host';

const SCOPE_NAMES: Record<string, string> = {
  local: 'Local', closure: 'Closure', block: 'Block', catch: 'Catch', script: 'Script', module: 'Module', global: 'Global', with: 'With', eval: 'Eval',
};

/** A paused JS frame's scopes, innermost first. */
export function frameScopes(frame: JsFrame): JsScope[] {
  return frame.scopeChain.flatMap((s, index) => {
    if (!s.object.objectId) return [];
    const base = SCOPE_NAMES[s.type] ?? s.type;
    // V8 names a block scope after its function too; like js-debug, only closures carry a name.
    const name = s.type === 'closure' && s.name ? `${base} (${s.name})` : base;
    return [{ kind: s.type, name, object: s.object.objectId, index, expensive: s.type === 'global' }];
  });
}

/** Which of an object's properties: all, only the named ones, or a page of its indexed elements. */
export interface PropertyPage {
  filter?: 'indexed' | 'named';
  start?: number;
  count?: number;
}

// A page of an array-like's elements as a fresh object (no prototype), so only that page travels.
const ELEMENTS = `function (start, count) {
  const page = Object.create(null);
  const end = Math.min(this.length >>> 0, start + count);
  for (let i = start; i < end; i++) if (i in this) page[i] = this[i];
  return page;
}`;

/**
 * An object's own properties and internal slots ([[Prototype]], [[Entries]]...); accessors are
 * not run (getter: true). `page`: indexed elements from `start` (`count` of them), or the named
 * properties only (what a client asks of an array-like once it knows how many elements it has).
 */
export async function properties(cdp: Cdp, object: string, page: PropertyPage = {}): Promise<JsValue[]> {
  if (page.filter === 'indexed') {
    const slice = await cdp.post<{ result: RemoteObject }>('Runtime.callFunctionOn', {
      objectId: object, functionDeclaration: ELEMENTS, objectGroup: HOST_OBJECT_GROUP,
      arguments: [{ value: page.start ?? 0 }, { value: page.count && page.count > 0 ? page.count : 2 ** 32 }],
    });
    if (!slice.result.objectId) return [];
    object = slice.result.objectId;
  }
  const r = await cdp.post<{ result: PropertyDescriptor[]; internalProperties?: PropertyDescriptor[]; privateProperties?: PropertyDescriptor[] }>(
    'Runtime.getProperties', { objectId: object, ownProperties: true, generatePreview: true, nonIndexedPropertiesOnly: page.filter === 'named' },
  );
  const all = page.filter === 'indexed' ? r.result : [...r.result, ...(r.privateProperties ?? []), ...(await inheritedAccessors(cdp, object, r.result)), ...(r.internalProperties ?? [])];
  const out: JsValue[] = [];
  for (const p of all) {
    if (page.filter === 'named' && /^\d+$/.test(p.name)) continue;
    if (p.value) out.push(jsValue(p.name, p.value));
    else if (p.get && p.get.type !== 'undefined') out.push({ name: p.name, display: '(...)', type: 'accessor', getter: true });
    else if (p.set) out.push({ name: p.name, display: 'write-only', type: 'accessor' });
  }
  return out;
}

/** Getters of the prototype chain (a class's `get x()`), shown on the instance as js-debug does: run on it, they see it as `this`. */
async function inheritedAccessors(cdp: Cdp, object: string, own: PropertyDescriptor[]): Promise<PropertyDescriptor[]> {
  const r = await cdp.post<{ result: PropertyDescriptor[] }>('Runtime.getProperties', { objectId: object, ownProperties: false, accessorPropertiesOnly: true });
  const seen = new Set(own.map((p) => p.name));
  return r.result.filter((p) => p.isOwn === false && p.get && p.get.type !== 'undefined' && p.name !== '__proto__' && !seen.has(p.name) && seen.add(p.name));
}

/** Evaluates on a paused JS frame; throws with V8's message when the expression throws. */
export async function evaluateOnFrame(frame: JsFrame, expression: string): Promise<JsValue> {
  const r = await frame.pause.debuggee.cdp.post<{ result: RemoteObject; exceptionDetails?: { exception?: RemoteObject; text: string } }>(
    'Debugger.evaluateOnCallFrame',
    { callFrameId: frame.callFrameId, expression, objectGroup: HOST_OBJECT_GROUP, generatePreview: true, silent: true },
  );
  if (r.exceptionDetails) throw new Error(firstLine(r.exceptionDetails.exception?.description ?? r.exceptionDetails.text));
  return jsValue('result', r.result);
}

/** Drops what evaluation made (call when the pause ends). */
export function releaseGroup(cdp: Cdp): Promise<void> {
  return cdp.post('Runtime.releaseObjectGroup', { objectGroup: HOST_OBJECT_GROUP }).then(() => undefined, () => undefined);
}

export function jsValue(name: string, o: RemoteObject): JsValue {
  const value: JsValue = { name, display: display(o), type: o.type === 'object' ? (o.subtype === 'null' ? 'null' : o.className ?? 'Object') : o.type };
  if (o.objectId && o.subtype !== 'null') value.object = o.objectId;
  const length = /^\w*\((\d+)\)$/.exec(o.description ?? '');
  if ((o.subtype === 'array' || o.subtype === 'typedarray') && length) value.indexed = Number(length[1]);
  return value;
}

function display(o: RemoteObject): string {
  switch (o.type) {
    case 'undefined':
      return 'undefined';
    case 'string':
      return quote(String(o.value));
    case 'number':
    case 'boolean':
    case 'bigint':
      return o.unserializableValue ?? o.description ?? String(o.value);
    case 'symbol':
      return o.description ?? 'Symbol()';
    case 'function':
      return functionDisplay(o.description ?? '');
    default:
      if (o.subtype === 'null') return 'null';
      if (o.subtype === 'error') return firstLine(o.description ?? 'Error');
      return o.preview ? previewDisplay(o.preview) : o.description ?? 'Object';
  }
}

/** `ƒ name(a, b)`, `async ƒ name()`, `class Name`, short arrows in full (as js-debug shows them). */
export function functionDisplay(source: string): string {
  const text = source.trim();
  const cls = /^class\s*([\w$]*)/.exec(text);
  if (cls) return `class ${cls[1] || '(anonymous)'}`;
  const fn = /^(async\s+)?function\s*(\*?)\s*([\w$]*)\s*(\([^)]*\))/.exec(text);
  if (fn) return `${fn[1] ? 'async ' : ''}ƒ${fn[2]} ${fn[3]}${fn[4]}`;
  const method = /^(async\s+)?(\*?)\s*([\w$]+)\s*(\([^)]*\))\s*\{/.exec(text);
  if (method) return `${method[1] ? 'async ' : ''}ƒ${method[2]} ${method[3]}${method[4]}`;
  return text.length <= 60 && !text.includes('\n') ? text : `ƒ ${firstLine(text).slice(0, 57)}…`;
}

function previewDisplay(p: ObjectPreview): string {
  // Maps and sets preview their entries, not properties: their description (`Map(2)`) says enough.
  if (p.subtype === 'map' || p.subtype === 'set' || p.subtype === 'weakmap' || p.subtype === 'weakset') return p.description ?? p.subtype;
  const items = p.properties.map((x) => {
    const v = x.type === 'string' ? quote(x.value ?? '') : x.type === 'function' ? 'ƒ' : x.type === 'accessor' ? '(...)' : x.value ?? '';
    return p.subtype === 'array' || p.subtype === 'typedarray' ? (/^\d+$/.test(x.name) ? v : `${x.name}: ${v}`) : `${x.name}: ${v}`;
  });
  if (p.overflow) items.push('…');
  if (p.subtype === 'array' || p.subtype === 'typedarray') {
    const n = /\((\d+)\)$/.exec(p.description ?? '');
    const prefix = p.subtype === 'array' ? '' : (p.description ?? '').replace(/\(\d+\)$/, '');
    return `${prefix}(${n ? n[1] : items.length}) [${items.join(', ')}]`;
  }
  const name = p.description && p.description !== 'Object' ? `${p.description} ` : '';
  return `${name}{${items.join(', ')}}`;
}

/** A string as js-debug shows it: single quotes. */
function quote(text: string): string {
  return `'${JSON.stringify(text).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
}

function firstLine(text: string): string {
  return text.split('\n')[0];
}
