// The QuickJS producer: implements the debug-hook ABI for JavaScript running in quickjs-emscripten.
// The instrumented guest calls `stop` (a host function) only when a check decides to stop; the
// host's `stopped` then blocks this thread and serves inspection calls through the guest's
// control dispatcher until the host resumes.
import type { QuickJSHandle } from 'quickjs-emscripten-core';
import {
  AbiError, type BreakpointRequest, type BreakpointResult, type Capability, type ChildrenFilter, type EvalContext,
  type FrameInfo, type Host, type Producer, type ScopeInfo, type StopReason, type ValueInfo, type VariableInfo,
} from '../../../abi/index.js';
import { guestScript } from '../guest-code.js';
import { QUICKJS_CAPABILITIES } from '../index.js';
import type { GuestError, GuestSession, OutputLevel } from '../guest-session.js';
import { frameNames, HandleTable, type FrameRecord, type HandleTarget } from './handles.js';
import type { Site } from '../instrument/instrument.js';
import { ScriptRegistry, type LoadedScript } from './scripts.js';
import { mapStackText, scriptFrames } from './stack.js';

interface GuestValue {
  display: string;
  type: string;
  ref: number;
  named?: number;
  indexed?: number;
}


export class QuickJsProducer implements Producer {
  readonly scripts = new ScriptRegistry();
  private readonly handles = new HandleTable();
  private readonly breakpointSites = new Map<number, Site[]>();
  private control!: QuickJSHandle;
  private registerFlags!: QuickJSHandle;
  private frameRecords: FrameRecord[] | undefined;
  private host: Host | undefined;
  /** True while the host handles script-loaded: the script has not started. */
  private loading = false;

  constructor(private readonly session: GuestSession) {}

  /** Installs the guest half. Call before any script runs. */
  install(): void {
    const ctx = this.session.context;
    const hostObject = ctx.newObject();
    const stop = ctx.newFunction('stop', (reason, site, depth, stack) =>
      ctx.newString(this.onStop(ctx.getString(reason) as StopReason, ctx.getNumber(site), ctx.getNumber(depth), ctx.getString(stack))));
    ctx.setProp(hostObject, 'stop', stop);
    stop.dispose();
    const { code, filename } = guestScript('debug-runtime');
    const factory = ctx.unwrapResult(ctx.evalCode(code, filename));
    const pair = ctx.unwrapResult(ctx.callFunction(factory, ctx.undefined, hostObject));
    this.control = ctx.getProp(pair, 0);
    this.registerFlags = ctx.getProp(pair, 1);
    pair.dispose();
    factory.dispose();
    hostObject.dispose();
    this.session.runtime.setInterruptHandler(() => {
      if (this.host?.pollPause()) this.requestPause();
      return false;
    });
  }

  dispose(): void {
    this.session.runtime.removeInterruptHandler();
    this.control.dispose();
    this.registerFlags.dispose();
  }

  connect(host: Host): void {
    this.host = host;
  }

  /** Loads, announces and runs one script. Throws InstrumentError on a syntax error. */
  runScript(url: string, source: string, options: { stopOnEntry?: boolean } = {}): GuestError | undefined {
    const script = this.scripts.load(url, source);
    this.declareFlags(script);
    this.loading = true;
    try {
      this.host?.scriptLoaded({ id: script.id, url, source, sourceMap: script.instrumented.sourceMap });
    } finally {
      this.loading = false;
    }
    if (options.stopOnEntry) this.call('armEntry');
    this.call('setDepth', 1);
    const result = this.session.context.evalCode(script.instrumented.code, url, { type: 'global' });
    this.call('setDepth', 0);
    if (result.error) return this.mapError(this.session.takeError(result.error));
    result.value.dispose();
    const jobError = this.session.drainJobs();
    return jobError && this.mapError(jobError);
  }

  // The script's per-function flags exist before its code runs; only the guest runtime can set them.
  private declareFlags(script: LoadedScript) {
    const ctx = this.session.context;
    this.call('addScript', script.url);
    const setters = ctx.unwrapResult(ctx.evalCode(script.instrumented.flagPrelude, `nestdbg:flags:${script.id}`, { type: 'global' }));
    ctx.unwrapResult(ctx.callFunction(this.registerFlags, ctx.undefined, setters)).dispose();
    setters.dispose();
  }

  mapError(error: GuestError): GuestError {
    return { ...error, stack: mapStackText(error.stack, this.scripts) };
  }

  /** Where a console call came from, from the guest stack captured at the call. */
  outputPosition(stack: string | undefined) {
    if (!stack) return undefined;
    const top = scriptFrames(stack, this.scripts)[0];
    return top && { script: top.scriptId, line: top.line, column: top.column };
  }

  write(level: OutputLevel, text: string, stack: string | undefined): void {
    const category = level === 'log' ? 'stdout' : 'stderr';
    if (this.host) this.host.output({ category, text: text + '\n', position: this.outputPosition(stack) });
    else (level === 'log' ? process.stdout : process.stderr).write(text + '\n');
  }

  // ---- the ABI ---------------------------------------------------------------------------------

  capabilities(): Capability[] {
    return [...QUICKJS_CAPABILITIES];
  }

  setBreakpoints(scriptId: number, requests: BreakpointRequest[]): BreakpointResult[] {
    const script = this.scripts.get(scriptId);
    if (!script) return requests.map(() => ({ verified: false, message: `Unknown script ${scriptId}` }));
    const sites: Site[] = [];
    const results = requests.map((r): BreakpointResult => {
      const site = this.scripts.resolve(script, r.line, r.column ?? 1);
      if (!site) return { verified: false, message: `No statement at or after line ${r.line}` };
      sites.push(site);
      const moved = site.line !== r.line;
      return { verified: true, line: site.line, column: site.column, message: moved ? `Moved to line ${site.line}, the next statement` : undefined };
    });
    this.breakpointSites.set(scriptId, sites);
    const all = [...this.breakpointSites.values()].flat();
    this.call('setBreakpoints', all.map((s) => s.id), [...new Set(all.map((s) => s.fn))]);
    return results;
  }

  requestPause(): void {
    // A pause asked for before the script's first statement is the entry stop (SPEC §6.1).
    this.call(this.loading ? 'armEntry' : 'requestPause');
  }

  frames(): FrameInfo[] {
    return this.stopped().map((f) => ({
      id: f.id, name: f.name, position: { script: f.scriptId, line: f.line, column: f.column }, inspectable: !!f.scopes,
    }));
  }

  scopes(frameId: number): ScopeInfo[] {
    const frame = this.frame(frameId);
    const scopes: ScopeInfo[] = (frame.scopes ?? []).map((group) => ({
      name: group.name, kind: group.kind, handle: this.handles.add({ kind: 'scope', frame, group }),
      namedCount: group.names.length, expensive: false,
    }));
    scopes.push({ name: 'Global', kind: 'global', handle: this.handles.add({ kind: 'globals' }), expensive: false });
    return scopes;
  }

  variables(container: number, filter: ChildrenFilter, start: number, count: number): VariableInfo[] {
    const target = this.target(container);
    const page = <T>(items: T[]) => items.slice(start, count > 0 ? start + count : undefined);
    switch (target.kind) {
      case 'scope': {
        const names = page(target.group.names);
        const offset = target.group.firstIndex + Math.min(start, target.group.names.length);
        const values = this.call<GuestValue[]>('readScope', target.frame.depth, names.map((_, i) => offset + i));
        return names.map((name, i) => ({ name, value: this.value(values[i], target.frame) }));
      }
      case 'globals': {
        const entries = this.call<Array<[string, GuestValue]>>('readGlobals', this.scripts.declaredGlobals());
        return page(entries).map(([name, v]) => ({ name, value: this.value(v, undefined) }));
      }
      case 'value': {
        const entries = this.call<Array<[string, GuestValue]>>('children', target.ref, filter, start, count);
        return entries.map(([name, v]) => ({ name, value: this.value(v, target.frame) }));
      }
    }
  }

  evaluate(frameId: number | undefined, expression: string, _context: EvalContext): ValueInfo {
    this.stopped();
    const frame = frameId === undefined ? undefined : this.frame(frameId);
    const depth = frame?.scopes ? frame.depth : 0;
    return this.value(this.call<GuestValue>('evaluate', depth, expression, frameNames(frame)), frame);
  }

  setVariable(container: number, name: string, expression: string): ValueInfo {
    const target = this.target(container);
    switch (target.kind) {
      case 'scope': {
        const i = target.group.names.indexOf(name);
        if (i < 0) throw new AbiError({ message: `no variable ${name} in ${target.group.name}` });
        const v = this.call<GuestValue>('setBinding', target.frame.depth, target.group.firstIndex + i, expression, frameNames(target.frame));
        return this.value(v, target.frame);
      }
      case 'globals':
        if (!/^[A-Za-z_$][\w$]*$/.test(name)) throw new AbiError({ message: `cannot assign to ${name}` });
        return this.value(this.call<GuestValue>('setGlobal', name, expression), undefined);
      case 'value': {
        const frame = target.frame;
        const v = this.call<GuestValue>('setProperty', target.ref, name, expression, frame?.depth ?? 0, frameNames(frame));
        return this.value(v, frame);
      }
    }
  }

  // ---- stops -------------------------------------------------------------------------------------

  private onStop(reason: StopReason, siteId: number, depth: number, stack: string): string {
    const host = this.host;
    if (!host) return 'run';
    try {
      const at = this.scripts.site(siteId);
      if (!at) return 'run';
      this.frameRecords = this.buildFrames(at.script, at.site.line, at.site.column, depth, stack);
      const action = host.stopped({ reason, position: { script: at.script.id, line: at.site.line, column: at.site.column } });
      return action.tag === 'step' ? action.val : 'run';
    } catch (e) {
      process.stderr.write(`nestdbg: stop failed: ${(e as Error).stack ?? e}\n`);
      return 'run';
    } finally {
      this.frameRecords = undefined;
      this.handles.clear();
    }
  }

  private buildFrames(script: LoadedScript, line: number, column: number, depth: number, stack: string): FrameRecord[] {
    const raw = scriptFrames(stack, this.scripts);
    const sitesByDepth = this.call<number[]>('sitesUpTo', depth);
    // Frame i of the stack is at depth `depth - i` when every frame on it is instrumented.
    const depthsKnown = raw.length === depth;
    return raw.map((f, i): FrameRecord => {
      const frameDepth = i === 0 ? depth : depthsKnown ? depth - i : 0;
      const siteId = frameDepth > 0 ? sitesByDepth[frameDepth] : -1;
      const at = siteId >= 0 ? this.scripts.site(siteId) : undefined;
      // An outer frame is readable only if its last site is the statement it is suspended in.
      const readable = at && (i === 0 || (at.script.id === f.scriptId && f.line >= at.site.line && f.line <= at.site.endLine));
      return {
        id: i,
        name: f.name === '<eval>' || f.name === '' ? '(program)' : f.name,
        scriptId: i === 0 ? script.id : f.scriptId,
        line: i === 0 ? line : f.line,
        column: i === 0 ? column : f.column,
        depth: frameDepth,
        scopes: readable ? at.script.instrumented.scopes[at.site.scope] : undefined,
      };
    });
  }

  private stopped(): FrameRecord[] {
    if (!this.frameRecords) throw new AbiError({ message: 'the guest is not stopped' });
    return this.frameRecords;
  }

  private frame(id: number): FrameRecord {
    const frame = this.stopped()[id];
    if (!frame) throw new AbiError({ message: `unknown frame ${id}` });
    return frame;
  }

  private target(handle: number): HandleTarget {
    const t = this.handles.get(handle);
    if (!t) throw new AbiError({ message: `unknown or stale handle ${handle}` });
    return t;
  }

  private value(v: GuestValue, frame: FrameRecord | undefined): ValueInfo {
    return {
      display: v.display,
      typeName: v.type,
      handle: v.ref ? this.handles.add({ kind: 'value', ref: v.ref, frame }) : 0,
      namedCount: v.named,
      indexedCount: v.indexed,
    };
  }

  /** Calls the guest's control dispatcher; arguments and results travel as JSON. */
  private call<T = unknown>(name: string, ...args: unknown[]): T {
    const ctx = this.session.context;
    const nameHandle = ctx.newString(name);
    const argsHandle = ctx.newString(JSON.stringify(args));
    const r = ctx.callFunction(this.control, ctx.undefined, nameHandle, argsHandle);
    nameHandle.dispose();
    argsHandle.dispose();
    if (r.error) {
      const e = this.session.takeError(r.error);
      throw new AbiError({ message: `${e.name}: ${e.message}` });
    }
    const text = ctx.getString(r.value);
    r.value.dispose();
    const parsed = JSON.parse(text) as { ok?: T; error?: string };
    if (parsed.error !== undefined) throw new AbiError({ message: parsed.error });
    return parsed.ok as T;
  }
}
