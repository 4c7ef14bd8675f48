// The Wasm-level API as the adapter calls it over the agent channel ({t:'wasm'} messages, served
// by the agent's worker; see wasm-service.ts). Plain JSON data: positions are module byte
// offsets, memory travels as base64. Shared by the launcher and adapters/dap/mixed.
import type { StepKind, WasmValue } from '../wasm/debuggee.js';
import type { HostBreakpointRequest, HostBreakpointResolution, HostBreakpointResult } from '../wasm/host-breakpoints.js';
import type { OriginalPosition } from '../wasm/host-source-maps.js';
import type { JsScope, JsValue, PropertyPage } from '../wasm/js-values.js';

export type { StepKind, WasmValue, HostBreakpointRequest, HostBreakpointResolution, HostBreakpointResult, JsScope, JsValue, OriginalPosition, PropertyPage };

/** Where a host variable lives: a scope of a host frame (JsScope.index), or an object. */
export type HostVariableOwner = { frame: number; scope: number } | { object: string };

/**
 * What a frame of V8's stack is, in a mixed stop or a Wasm pause:
 * - `hook`: debugger machinery: above the guest's host call (agent, producer, interpreter glue),
 *   and nestdbg's own frames between the app's and the interpreter's (the embed hook's evalCode);
 * - `glue`: the interpreter's JS glue (quickjs-emscripten), below the Wasm;
 * - `host`: the embedding app's own JS;
 * - `wasm`: a Wasm function.
 */
export type FrameRole = 'hook' | 'glue' | 'host' | 'wasm';

export interface V8FrameInfo {
  /** Index in V8's stack for the current pause (what frameState / readMemory take). */
  index: number;
  kind: 'js' | 'wasm';
  role: FrameRole;
  name: string;
  /** JS: the script URL (file://...). Wasm: the module URL (wasm://wasm/<hash>). */
  url: string;
  /** JS only, 1-based. */
  line?: number;
  column?: number;
  /** Host JS from a source-mapped app script: the position in its original file (a .ts). */
  original?: OriginalPosition;
  /** Wasm only. */
  module?: string;
  funcIndex?: number;
  pc?: number;
}

export interface WasmModuleSummary {
  id: string;
  url: string;
  size: number;
  importedFunctions: number;
  functions: number;
  memories: number;
  globals: number;
}

export interface WasmFrameStateInfo {
  locals: WasmValue[];
  /** Bottom first. */
  stack: WasmValue[];
  globals: WasmValue[];
}

export interface WasmInstruction {
  /** Module byte offset. */
  offset: number;
  text: string;
  funcIndex: number;
  /** Set on a function's first instruction: the function's name and header line. */
  symbol?: string;
  header?: string;
}

export interface WasmStopEvent {
  reason: 'breakpoint' | 'host-breakpoint' | 'step' | 'interrupted' | 'exception' | 'debugger-statement' | 'other';
  breakpoints?: Array<{ module: string; pc: number }>;
  /** host-breakpoint: the ids setHostBreakpoints returned for the breakpoints hit. */
  hostBreakpoints?: string[];
  description?: string;
  /** In a host function the guest called: the guest's frames can be read (producer calls are served). */
  guestFrames?: boolean;
}

export interface WasmProtocol {
  /** Mixed mode: enables (or disables) V8's Debugger domain in the debuggee. Wasm runs ~2x slower while on. */
  setMixed(on: boolean): { enabled: boolean };
  modules(): WasmModuleSummary[];
  /** Every V8 frame of the current pause (a mixed stop or a Wasm pause), top first. */
  frames(): V8FrameInfo[];
  frameState(frame: number): WasmFrameStateInfo;
  /** For each value, the Wasm frames of the current pause with an i32 local equal to it (V8 indices, innermost first). */
  framesHolding(values: number[]): Array<Array<{ frame: number; local: string }>>;
  /** The scopes of a host JS frame (`role: 'host'`), innermost first. */
  hostScopes(frame: number): JsScope[];
  /** The properties of a host object (an id from hostScopes / hostProperties / hostEvaluate), this pause only; or a page of them. */
  hostProperties(object: string, page?: PropertyPage): JsValue[];
  /** Runs the getter of a host object's accessor property (a JsValue with `getter`). */
  hostGetter(object: string, name: string): JsValue;
  /** Sets a host variable or property to the value of `expression`, evaluated on host frame `frame`. */
  hostSetVariable(owner: HostVariableOwner, name: string, expression: string, frame: number): JsValue;
  /** Completion names on a host frame: the properties of `expression` (side-effect free), or the frame's scope names. */
  hostCompletionNames(frame: number, expression?: string): string[];
  /** Evaluates JavaScript on a host JS frame, in the host's own realm. */
  hostEvaluate(frame: number, expression: string): JsValue;
  /** Reads linear memory `memory` (default 0) of the instance of Wasm frame `frame` (default: the topmost Wasm frame). */
  readMemory(frame: number | undefined, address: number, count: number, memory?: number): { address: number; data: string; unreadable: number };
  writeMemory(frame: number | undefined, address: number, data: string, memory?: number): { bytesWritten: number };
  /** `count` instructions starting `instructionOffset` instructions from the one at or after `pc`. */
  disassemble(module: string, pc: number, instructionOffset: number, count: number): Array<WasmInstruction | null>;
  /** The first instruction of a function: where a function breakpoint goes. */
  functionEntry(module: string, funcIndex: number): number;
  /**
   * Replaces the line breakpoints of one host file (absolute path: a .js V8 runs, or an original
   * file of a source-mapped app script, a .ts); they bind when V8 loads it (a hostBreakpointResolved
   * message follows).
   */
  setHostBreakpoints(file: string, breakpoints: HostBreakpointRequest[]): HostBreakpointResult[];
  /** Replaces every instruction breakpoint. */
  setInstructionBreakpoints(breakpoints: Array<{ module: string; pc: number }>): Array<{ verified: boolean; pc?: number; message?: string }>;
  /**
   * From a Wasm pause or a mixed stop: one instruction (into / over / out); a JS frame at the top
   * steps by statement. `source` (step in at a host JS line): to the next source position, the
   * guest's first statement if the line runs guest code. A wasmStopped (or a script stopped) event follows.
   * From a mixed stop, the step is in Wasm frame `fromFrame` (V8 index; default the innermost): the
   * innermost one the client sees, since those above it are the stop's own call. into and over run
   * to its next instruction (the call it is in made the stop: nothing of the program's to step into),
   * out to the instruction after the call in the Wasm frame below it.
   */
  step(kind: StepKind, level?: 'instruction' | 'source', fromFrame?: number): void;
  /** Ends a Wasm pause. (A mixed stop ends with the ordinary resume message.) */
  continue(): void;
  /** Pauses V8 wherever the main thread is (never read guest state there). A wasmStopped event follows. */
  interrupt(): void;
}

export type WasmMethod = keyof WasmProtocol;

export const WASM_METHODS: readonly WasmMethod[] = [
  'setMixed', 'modules', 'frames', 'frameState', 'framesHolding', 'hostScopes', 'hostProperties', 'hostGetter', 'hostSetVariable', 'hostCompletionNames', 'hostEvaluate', 'readMemory', 'writeMemory', 'disassemble', 'functionEntry',
  'setInstructionBreakpoints', 'setHostBreakpoints', 'step', 'continue', 'interrupt',
];

/** The name of the main thread's trampoline function: its frame is the mixed stop's hook frame. */
export const TRAMPOLINE_NAME = 'nestdbgMixedStop';
