// runtime/wasm: the Wasm-level debug API (Wasmtime debugger WIT shape) over V8's inspector.
export { Cdp, CdpError } from './cdp.js';
export { parseWasm, functionAt, functionByIndex, type WasmModuleInfo, type FunctionBody } from './binary.js';
export {
  WasmDebuggee, WasmModule, Pause, WasmFrame, JsFrame, WasmInstance, WasmMemory, GLUE_PATTERNS,
  type Frame, type WasmEvent, type WasmValue, type WasmFrameState, type BreakpointHit, type StepKind, type DebuggeeOptions,
} from './debuggee.js';
export { disassembleModule, disassembleFunction, disassembleAround, type DisassemblyLine, type ModuleDisassembly } from './disassemble.js';
export { HostBreakpoints, type HostBreakpointRequest, type HostBreakpointResult } from './host-breakpoints.js';
export { frameScopes, properties, evaluateOnFrame, releaseGroup, type JsValue, type JsScope } from './js-values.js';
export { framesHolding, type LocalHit } from './local-search.js';
