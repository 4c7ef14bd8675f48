// Every kind of breakpoint over DAP and where it is bound: line breakpoints in the producer once
// their script has loaded (or in V8, for the host app's own files in mixed mode), function
// breakpoints and exception filters in the producer. Bindings that change without a request
// (a script loads, mixed mode goes on or off) reach the client as `breakpoint` events.
import path from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { BreakpointResult, Capability, ExceptionFilter, StopEvent } from '../../../abi/index.js';
import type { HostBreakpointResolution } from '../../../runtime/agent/wasm-protocol.js';
import type { DebuggeeConnection } from '../../../runtime/launcher.js';
import { BreakpointStore } from '../breakpoints.js';
import type { Coordinates } from '../coordinates.js';
import { isHostCandidate } from '../mixed/host-breakpoints.js';
import type { MixedMode } from '../mixed/mixed-mode.js';
import { abiExceptionFilters } from './exceptions.js';
import { FunctionBreakpointStore } from './function-breakpoints.js';
import { abiBreakpointRequest } from './source-requests.js';

export interface BreakpointTarget {
  debuggee(): DebuggeeConnection | undefined;
  /** The debuggee, or an error when none is running. */
  running(): DebuggeeConnection;
  mixed(): MixedMode | undefined;
  /**
   * What the producer declared (SPEC §12), once the debuggee has answered. Await it only when
   * the producer is about to be called: a debuggee answers once it runs (a script loaded).
   */
  declared(): Promise<readonly Capability[]>;
  /** What the producer declared if the debuggee has answered already, else undefined. */
  declaredKnown(): readonly Capability[] | undefined;
  /** The best known now: QuickJS's until the debuggee answers. */
  declaredNow(): readonly Capability[];
  /** The DAP source of a loaded script. */
  sourceOf(script: number): DebugProtocol.Source | undefined;
  readonly at: Coordinates;
  /** Tells the client a breakpoint's binding changed (a `breakpoint` event). */
  changed(bp: DebugProtocol.Breakpoint): void;
  /** The launched program when it is an embedding app (a Node host running QuickJS itself). */
  hostApp(): string | undefined;
}

const NEEDS_MIXED = 'needs mixed mode ("mixedStack": true, or the nestdbg/mixedStack request)';

export class BreakpointBinding {
  private readonly lines = new BreakpointStore();
  private readonly functions = new FunctionBreakpointStore();
  private exceptionFilters: ExceptionFilter[] = [];
  /**
   * Loaded scripts: key (path or url) -> script ids, and back. A file has several ids when an
   * embedding app evaluates it in several contexts: its breakpoints bind in each.
   */
  private readonly scriptIds = new Map<string, number[]>();
  private readonly scriptPaths = new Map<number, string>();

  constructor(private readonly target: BreakpointTarget) {}

  /** A script loaded: from now on requests for its file are bound in the producer. */
  addScript(file: string, scriptId: number): void {
    this.scriptIds.set(file, [...(this.scriptIds.get(file) ?? []), scriptId]);
    this.scriptPaths.set(scriptId, file);
  }

  /** Binds what a newly loaded script may hold and reports it; the first script also arms the exception filters. */
  async bindScript(file: string, scriptId: number): Promise<void> {
    // Each kind binds even if another fails: a failure is reported, the rest still hold.
    const results = await Promise.allSettled([
      this.bindLines(file, [scriptId]).then(() => { for (const e of this.lines.entries(file)) this.target.changed(this.lineBreakpoint(file, e)); }),
      this.bindFunctions(true),
      this.scriptIds.size === 1 ? this.applyExceptionFilters() : undefined,
    ]);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /** The run ended (restart): the next one loads its scripts afresh; the client's breakpoints stay. */
  forgetScripts(): void {
    this.scriptIds.clear();
    this.scriptPaths.clear();
  }

  /** Detach: takes every line breakpoint out of the producer, so the debuggee runs on unhindered. */
  async unbindAll(debuggee: DebuggeeConnection): Promise<void> {
    await Promise.all([...this.scriptPaths.keys()].map((id) => debuggee.call('setBreakpoints', id, []).catch(() => undefined)));
  }

  /** The hitBreakpointIds of a script stop. */
  hitBy(event: StopEvent): number[] | undefined {
    const file = this.scriptPaths.get(event.position.script);
    if (event.reason === 'breakpoint' && file) return this.lines.idsAt(file, event.position.line);
    if (event.reason === 'function-breakpoint') return this.functions.idsAt(event.position.script, event.position.line);
    return undefined;
  }

  async setBreakpoints(args: DebugProtocol.SetBreakpointsArguments): Promise<DebugProtocol.SetBreakpointsResponse['body']> {
    if (!args.source?.path) throw new Error('setBreakpoints needs source.path');
    const at = this.target.at;
    const file = path.resolve(at.debuggerPath(args.source.path));
    const requested = args.breakpoints ?? (args.lines ?? []).map((line) => ({ line }));
    const entries = this.lines.replace(file, requested.map((b) => ({ ...b, line: at.debuggerLine(b.line) })));
    const scriptIds = this.scriptIds.get(file);
    if (scriptIds && this.target.debuggee()) await this.bindLines(file, scriptIds);
    else await this.bindHost(file, false);
    return { breakpoints: entries.map((e) => this.lineBreakpoint(file, e)) };
  }

  async setFunctionBreakpoints(args: DebugProtocol.SetFunctionBreakpointsArguments): Promise<DebugProtocol.SetFunctionBreakpointsResponse['body']> {
    this.functions.replace(args.breakpoints ?? []);
    if (this.scriptIds.size > 0) await this.bindFunctions(false);
    return { breakpoints: this.functions.all().map((e) => this.functionBreakpoint(e)) };
  }

  async setExceptionBreakpoints(args: DebugProtocol.SetExceptionBreakpointsArguments): Promise<DebugProtocol.SetExceptionBreakpointsResponse['body']> {
    this.exceptionFilters = abiExceptionFilters(args);
    if (this.scriptIds.size > 0) await this.applyExceptionFilters();
    const supported = (this.scriptIds.size > 0 ? this.target.declaredKnown() ?? await this.target.declared() : this.target.declaredNow()).includes('exception-breakpoints');
    return { breakpoints: supported ? this.exceptionFilters.map(() => ({ verified: true })) : [] };
  }

  async breakpointLocations(args: DebugProtocol.BreakpointLocationsArguments): Promise<DebugProtocol.BreakpointLocationsResponse['body']> {
    const at = this.target.at;
    const debuggee = this.target.debuggee();
    const file = args.source?.path && path.resolve(at.debuggerPath(args.source.path));
    const scriptId = file ? this.scriptIds.get(file)?.at(-1) : undefined;
    if (scriptId === undefined || !debuggee || !(this.target.declaredKnown() ?? await this.target.declared()).includes('breakpoint-locations')) return { breakpoints: [] };
    const line = at.debuggerLine(args.line);
    const endLine = args.endLine === undefined ? line : at.debuggerLine(args.endLine);
    const positions = await debuggee.call('breakpointLocations', scriptId, line, endLine);
    const from = args.column === undefined ? 0 : at.debuggerColumn(args.column);
    const to = args.endColumn === undefined ? Infinity : at.debuggerColumn(args.endColumn);
    return {
      breakpoints: positions
        .filter((p) => !(p.line === line && p.column < from) && !(p.line === endLine && p.column > to))
        .map((p) => ({ line: at.clientLine(p.line), column: at.clientColumn(p.column) })),
    };
  }

  /** The runtime bound a host breakpoint once V8 loaded its file. */
  hostResolved(resolution: HostBreakpointResolution): void {
    const bound = this.target.mixed()?.hostBreakpoints.resolved(resolution.id);
    if (!bound) return;
    const entry = this.lines.resolve(bound.file, bound.id, { verified: true, line: resolution.line, column: resolution.column });
    if (entry) this.target.changed(this.lineBreakpoint(bound.file, entry));
  }

  /**
   * A targeted step-in (step-in-targets.ts): the user's function breakpoints plus one on `name`;
   * true if that one bound. Without a name: the user's alone again.
   */
  async temporaryFunctionBreakpoint(name?: string): Promise<boolean> {
    const debuggee = this.target.debuggee();
    if (!debuggee || !(this.target.declaredKnown() ?? await this.target.declared()).includes('function-breakpoints')) return false;
    const requests = this.functions.requests();
    const results = await debuggee.call('setFunctionBreakpoints', name ? [...requests, { name }] : requests);
    return name !== undefined && results[requests.length]?.verified === true;
  }

  /** Mixed mode went on (bind host breakpoints) or off (they went with V8's Debugger domain). */
  async mixedToggled(): Promise<void> {
    if (this.target.mixed()?.enabled) {
      for (const file of this.lines.paths()) await this.bindHost(file, true);
      return;
    }
    for (const file of this.lines.paths()) {
      if (this.scriptIds.has(file) || !isHostCandidate(file)) continue;
      const entries = this.lines.entries(file);
      this.lines.bind(file, entries.map(() => undefined));
      for (const e of entries) this.target.changed(this.lineBreakpoint(file, e));
    }
  }

  /** Binds a file's breakpoints in each of its scripts; the client sees the last one's answer. */
  private async bindLines(file: string, scriptIds: number[]) {
    const entries = this.lines.entries(file);
    // Conditions, hit counts and log messages go to the producer only if it declared them.
    // Without waiting when known: this request's producer call must leave before the next request's
    // (VS Code sends `continue` right after the `setBreakpoints` that clears a breakpoint).
    const declared = this.target.declaredKnown() ?? await this.target.declared();
    const prepared = entries.map((e) => abiBreakpointRequest({ ...e.source, line: e.line, column: e.column }, declared));
    const requests = prepared.flatMap((p) => ('request' in p ? [p.request] : []));
    let sent: BreakpointResult[] = [];
    for (const id of scriptIds) sent = await this.target.running().call('setBreakpoints', id, requests);
    let i = 0;
    this.lines.bind(file, prepared.map((p) => ('request' in p ? sent[i++] : { verified: false, message: p.error })));
  }

  /**
   * Mixed mode: a file no guest script has loaded may be the host app's own, so its breakpoints
   * are bound in V8 as well; the ones V8 binds are verified, the rest keep waiting for a script.
   */
  private async bindHost(file: string, announce: boolean) {
    const mixed = this.target.mixed();
    if (!mixed?.enabled || !isHostCandidate(file) || this.scriptIds.has(file)) return;
    const entries = this.lines.entries(file);
    this.lines.bind(file, await mixed.hostBreakpoints.bind(file, entries));
    if (announce) for (const e of entries) this.target.changed(this.lineBreakpoint(file, e));
  }

  /** Sends the function breakpoints; with `announce`, reports changed bindings as `breakpoint` events. */
  private async bindFunctions(announce: boolean) {
    const debuggee = this.target.debuggee();
    if (!debuggee || !(this.target.declaredKnown() ?? await this.target.declared()).includes('function-breakpoints')) return;
    const results = await debuggee.call('setFunctionBreakpoints', this.functions.requests());
    const changed = this.functions.bind(results);
    if (announce) for (const e of changed) this.target.changed(this.functionBreakpoint(e));
  }

  private async applyExceptionFilters() {
    const debuggee = this.target.debuggee();
    if (!debuggee || !(this.target.declaredKnown() ?? await this.target.declared()).includes('exception-breakpoints')) return;
    await debuggee.call('setExceptionBreakpoints', this.exceptionFilters);
  }

  private lineBreakpoint(file: string, entry: Parameters<typeof BreakpointStore.toDap>[1]): DebugProtocol.Breakpoint {
    return this.toClient(BreakpointStore.toDap(this.target.at.clientPath(file), entry, this.waitingReason(file)));
  }

  /** Why an unbound breakpoint waits: in an embedding app without mixed mode, host files never bind. */
  private waitingReason(file: string): string | undefined {
    const app = this.target.hostApp();
    if (!app || this.target.mixed()?.onOrRequested || this.scriptIds.has(file) || !isHostCandidate(file)) return undefined;
    if (file === app) return `This is the host app's own file: a breakpoint here ${NEEDS_MIXED}.`;
    return `Waiting for a plugin script to load; in a file of the host app itself a breakpoint ${NEEDS_MIXED}.`;
  }

  private functionBreakpoint(entry: Parameters<typeof FunctionBreakpointStore.toDap>[0]): DebugProtocol.Breakpoint {
    return this.toClient(FunctionBreakpointStore.toDap(entry, (script) => this.target.sourceOf(script)));
  }

  /** A breakpoint's line and column as the client counts them. */
  private toClient(bp: DebugProtocol.Breakpoint): DebugProtocol.Breakpoint {
    if (bp.line !== undefined) bp.line = this.target.at.clientLine(bp.line);
    if (bp.column !== undefined) bp.column = this.target.at.clientColumn(bp.column);
    return bp;
  }
}
