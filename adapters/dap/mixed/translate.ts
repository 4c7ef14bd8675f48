// Pure translations between DAP and the Wasm-level API of the runtime (runtime/agent/wasm-protocol):
// merged stacks (script frames + Wasm frames + host frames), instruction addresses, disassembly,
// memory, Wasm scopes and instruction breakpoints. No I/O: the session calls these.
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { FrameInfo } from '../../../abi/index.js';
import { placeScriptFrames, type Holder } from './interleave.js';
import type { V8FrameInfo, WasmFrameStateInfo, WasmInstruction, WasmModuleSummary, WasmValue } from '../../../runtime/agent/wasm-protocol.js';

// ---- addresses ---------------------------------------------------------------------------------
// DAP addresses are strings a client parses as numbers. A Wasm code address is the module's
// ordinal (its position in the session's module table) in the high 32 bits and the byte offset
// in the low 32: the QuickJS module (ordinal 0) shows plain byte offsets. Linear-memory
// references (readMemory/writeMemory) are plain addresses in memory 0 of the paused instance.

export function codeAddress(ordinal: number, pc: number): string {
  return '0x' + ((BigInt(ordinal) << 32n) | BigInt(pc >>> 0)).toString(16).padStart(8, '0');
}

export function parseCodeAddress(reference: string, byteOffset = 0): { ordinal: number; pc: number } {
  const value = BigInt(reference) + BigInt(byteOffset);
  if (value < 0n) throw new Error(`bad address ${reference}${byteOffset ? ` + ${byteOffset}` : ''}`);
  return { ordinal: Number(value >> 32n), pc: Number(value & 0xffffffffn) };
}

export function parseMemoryAddress(reference: string, offset = 0): number {
  const value = Number(BigInt(reference) + BigInt(offset));
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`bad memory reference ${reference}`);
  return value;
}

/** Module ids <-> ordinals, stable for the session (ids are V8 script ids). */
export class ModuleTable {
  private readonly ids: string[] = [];

  update(modules: WasmModuleSummary[]): void {
    for (const m of modules) if (!this.ids.includes(m.id)) this.ids.push(m.id);
  }

  ordinal(id: string): number {
    let i = this.ids.indexOf(id);
    if (i < 0) i = this.ids.push(id) - 1;
    return i;
  }

  id(ordinal: number): string {
    const id = this.ids[ordinal];
    if (id === undefined) throw new Error(`no Wasm module #${ordinal}`);
    return id;
  }
}

// ---- stacks ------------------------------------------------------------------------------------

/** What a DAP frame id stands for: the session keeps these per stop. */
export type FrameRef =
  | { kind: 'script'; frame: number }
  | { kind: 'wasm'; index: number; module: string; pc: number }
  | { kind: 'host'; index: number }
  | { kind: 'label' };

export interface MergeOptions {
  /** A DAP Source for a producer script id (undefined when unknown). */
  scriptSource(script: number): DebugProtocol.Source | undefined;
  /** Registers a frame and returns its DAP id. */
  frameId(ref: FrameRef): number;
  modules: ModuleTable;
  /** Line/column conversion for the client (both 1-based here). */
  clientLine?(line: number): number;
  clientColumn?(column: number): number;
  /** Show hook frames (the debugger's own machinery) instead of hiding them. Default false. */
  showHook?: boolean;
  /**
   * V8 paused outside the guest's own stop (a host function the guest called): the Wasm frames
   * above the top script frame's activation are the call that got there, not the stop's. Shown.
   */
  stopInWasm?: boolean;
}

const GLUE_LABEL = 'interpreter glue';

/**
 * The merged stack of a mixed stop, top first: V8's frames below the hook: Wasm frames (with
 * instruction pointers), runs of interpreter glue collapsed into one label frame, and the host
 * app's JS frames. Each script frame sits directly above the Wasm activation that runs it when
 * `holders` tells which one holds its record (interleave.ts); Wasm frames above the stopped
 * frame's activation ran the stop itself and are hidden like the hook. Otherwise script frames go
 * above their interpreter entry (by count) or all above the first Wasm frame, and a label says so.
 * For a Wasm pause pass no script frames.
 */
export function mergeStack(scriptFrames: FrameInfo[], v8: V8FrameInfo[], o: MergeOptions, holders?: ReadonlyArray<readonly Holder[] | undefined>): DebugProtocol.StackFrame[] {
  const line = o.clientLine ?? ((l: number) => l);
  const column = o.clientColumn ?? ((c: number) => c);
  const out: DebugProtocol.StackFrame[] = [];
  const pending = [...scriptFrames];
  const placement = placeScriptFrames(scriptFrames.length, v8, holders);
  const hasWasm = v8.some((f) => f.kind === 'wasm');
  let labelled = placement.how === 'exact' || !hasWasm;
  const pushScript = (n: number) => {
    for (const f of pending.splice(0, n)) {
      const frame: DebugProtocol.StackFrame = {
        id: o.frameId({ kind: 'script', frame: f.id }), name: f.name, source: o.scriptSource(f.position.script),
        line: line(f.position.line), column: column(f.position.column),
      };
      if (!f.inspectable) frame.presentationHint = 'subtle';
      out.push(frame);
    }
    if (!labelled && n > 0) {
      // The fallback is visible: which interpreter call runs these frames was not told apart.
      labelled = true;
      const how = placement.how === 'counted' ? 'placed by interpreter entry' : 'grouped';
      out.push({ id: o.frameId({ kind: 'label' }), name: `[script frames above ${how}: their interpreter calls not identified]`, line: 0, column: 0, presentationHint: 'label' });
    }
  };
  if (placement.how === 'grouped') pushScript(pending.length);
  for (let i = 0; i < v8.length; i++) {
    const f = v8[i];
    if (f.role === 'hook' && !o.showHook) continue;
    if (f.role === 'glue' || f.role === 'hook') {
      let n = 1;
      while (i + 1 < v8.length && v8[i + 1].role === f.role) {
        i++;
        n++;
      }
      out.push({
        id: o.frameId({ kind: 'label' }), name: `[${f.role === 'glue' ? glueName(f.url) : 'debugger'}: ${n} frame${n === 1 ? '' : 's'}]`,
        line: 0, column: 0, presentationHint: 'label',
      });
      continue;
    }
    if (f.kind === 'wasm') {
      // The stop's own call into the debugger (the check, the guest runtime, the host call).
      if (placement.stopCallAbove !== undefined && f.index < placement.stopCallAbove && !o.showHook && !o.stopInWasm) continue;
      if (placement.before.has(f.index)) pushScript(placement.before.get(f.index)!);
      const ordinal = o.modules.ordinal(f.module!);
      out.push({
        id: o.frameId({ kind: 'wasm', index: f.index, module: f.module!, pc: f.pc! }),
        name: `${f.name} (func ${f.funcIndex})`, line: 0, column: 0,
        instructionPointerReference: codeAddress(ordinal, f.pc!),
        moduleId: f.module, presentationHint: 'normal',
      });
      continue;
    }
    // A source-mapped host script (a TS host) shows its original file and position.
    const file = f.original?.path ?? urlToPath(f.url);
    out.push({
      id: o.frameId({ kind: 'host', index: f.index }), name: f.name || '(anonymous)',
      source: file ? { name: path.basename(file), path: file } : f.url ? { name: f.url } : undefined,
      line: line(f.original?.line ?? f.line ?? 0), column: column(f.original?.column ?? f.column ?? 0),
      // Node's own internals (module loading, timers) are not the app's code: shown dimmed, as js-debug does.
      ...(f.url.startsWith('node:') ? { presentationHint: 'subtle' as const } : {}),
    });
  }
  pushScript(pending.length); // a stack with no Wasm frame at all
  return out;
}

function glueName(url: string): string {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  return m ? `${m[1]} glue` : GLUE_LABEL;
}

function urlToPath(url: string): string | undefined {
  if (!url.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(url);
  } catch {
    return undefined;
  }
}

// ---- disassembly ---------------------------------------------------------------------------------

/** The runtime's disassemble arguments for a DAP disassemble request. */
export function disassembleQuery(args: DebugProtocol.DisassembleArguments, modules: ModuleTable) {
  const { ordinal, pc } = parseCodeAddress(args.memoryReference, args.offset ?? 0);
  return { module: modules.id(ordinal), ordinal, pc, instructionOffset: args.instructionOffset ?? 0, count: args.instructionCount };
}

/** DAP instructions; runs beyond the code are `invalid` placeholders with extrapolated addresses. */
export function toDisassembledInstructions(items: Array<WasmInstruction | null>, ordinal: number): DebugProtocol.DisassembledInstruction[] {
  const firstValid = items.findIndex((x) => x !== null);
  return items.map((item, i): DebugProtocol.DisassembledInstruction => {
    if (item) {
      const d: DebugProtocol.DisassembledInstruction = { address: codeAddress(ordinal, item.offset), instruction: item.text };
      if (item.symbol) d.symbol = item.symbol;
      return d;
    }
    // Before the first instruction count down from it, after the last count up from it.
    let base = 0;
    if (firstValid >= 0 && i < firstValid) base = Math.max(0, items[firstValid]!.offset - (firstValid - i));
    else {
      let j = i;
      while (j >= 0 && !items[j]) j--;
      base = j >= 0 ? items[j]!.offset + (i - j) : i;
    }
    return { address: codeAddress(ordinal, base), instruction: '', presentationHint: 'invalid' };
  });
}

// ---- memory ------------------------------------------------------------------------------------

export function readMemoryQuery(args: DebugProtocol.ReadMemoryArguments) {
  return { address: parseMemoryAddress(args.memoryReference, args.offset ?? 0), count: args.count };
}

export function readMemoryBody(result: { address: number; data: string; unreadable: number }): NonNullable<DebugProtocol.ReadMemoryResponse['body']> {
  const body: NonNullable<DebugProtocol.ReadMemoryResponse['body']> = { address: '0x' + result.address.toString(16), data: result.data };
  if (result.unreadable > 0) body.unreadableBytes = result.unreadable;
  return body;
}

export function writeMemoryQuery(args: DebugProtocol.WriteMemoryArguments) {
  return { address: parseMemoryAddress(args.memoryReference, args.offset ?? 0), data: args.data };
}

// ---- scopes and variables ------------------------------------------------------------------------

export type WasmScopeKind = 'locals' | 'stack' | 'globals' | 'module';

export interface WasmScopeRef {
  kind: WasmScopeKind;
  /** V8 frame index (for frameState / readMemory). */
  frame: number;
  module: string;
}

/** Locals, Operand Stack, Globals, Module for a Wasm frame; `ref` registers a variables reference. */
export function wasmScopes(frame: { index: number; module: string }, ref: (scope: WasmScopeRef) => number, counts?: Partial<Record<WasmScopeKind, number>>): DebugProtocol.Scope[] {
  const scope = (kind: WasmScopeKind, name: string, hint?: string): DebugProtocol.Scope => {
    const s: DebugProtocol.Scope = { name, variablesReference: ref({ kind, frame: frame.index, module: frame.module }), expensive: false };
    if (hint) s.presentationHint = hint;
    if (counts?.[kind] !== undefined) s.namedVariables = counts[kind];
    return s;
  };
  return [scope('locals', 'Locals', 'locals'), scope('stack', 'Operand Stack'), scope('globals', 'Globals'), scope('module', 'Module')];
}

/** i32 values get a memoryReference (they are often pointers into linear memory). */
export function wasmVariable(v: WasmValue, name = v.name): DebugProtocol.Variable {
  const variable: DebugProtocol.Variable = { name, value: formatWasmValue(v), type: v.type, variablesReference: 0 };
  if (v.type === 'i32' && typeof v.value === 'number') variable.memoryReference = '0x' + (v.value >>> 0).toString(16);
  return variable;
}

export function formatWasmValue(v: WasmValue): string {
  if (v.value === null) return 'undefined';
  if (v.type === 'i32' && typeof v.value === 'number') return `${v.value} (0x${(v.value >>> 0).toString(16)})`;
  if (v.type === 'i64' && typeof v.value === 'string') return `${v.value} (0x${BigInt.asUintN(64, BigInt(v.value)).toString(16)})`;
  return String(v.value);
}

export function wasmVariables(kind: WasmScopeKind, state: WasmFrameStateInfo | undefined, module: WasmModuleSummary | undefined): DebugProtocol.Variable[] {
  switch (kind) {
    case 'locals':
      return (state?.locals ?? []).map((v) => wasmVariable(v));
    case 'stack':
      // Top of the operand stack first, as debuggers show stacks.
      return (state?.stack ?? []).map((v, i, all) => wasmVariable(v, `[${all.length - 1 - i}]`)).reverse();
    case 'globals':
      return (state?.globals ?? []).map((v) => wasmVariable(v));
    case 'module':
      if (!module) return [];
      return [
        { name: 'url', value: module.url, variablesReference: 0 },
        { name: 'size', value: `${module.size} bytes`, variablesReference: 0 },
        { name: 'functions', value: `${module.functions} defined, ${module.importedFunctions} imported`, variablesReference: 0 },
        { name: 'memories', value: String(module.memories), variablesReference: 0 },
        { name: 'globals', value: String(module.globals), variablesReference: 0 },
      ];
  }
}

// ---- instruction breakpoints -----------------------------------------------------------------------

export function instructionBreakpointQuery(args: DebugProtocol.SetInstructionBreakpointsArguments, modules: ModuleTable): Array<{ module: string; pc: number }> {
  return args.breakpoints.map((b) => {
    const { ordinal, pc } = parseCodeAddress(b.instructionReference, b.offset ?? 0);
    return { module: modules.id(ordinal), pc };
  });
}

export function instructionBreakpointResults(
  requests: Array<{ module: string; pc: number }>, results: Array<{ verified: boolean; pc?: number; message?: string }>, modules: ModuleTable,
): DebugProtocol.Breakpoint[] {
  return results.map((r, i) => {
    const bp: DebugProtocol.Breakpoint = { verified: r.verified };
    if (r.pc !== undefined) bp.instructionReference = codeAddress(modules.ordinal(requests[i].module), r.pc);
    if (r.message) bp.message = r.message;
    return bp;
  });
}

/** The DAP capabilities mixed mode adds. */
export const MIXED_CAPABILITIES: DebugProtocol.Capabilities = {
  supportsDisassembleRequest: true,
  supportsReadMemoryRequest: true,
  supportsWriteMemoryRequest: true,
  supportsInstructionBreakpoints: true,
  supportsSteppingGranularity: true,
};
