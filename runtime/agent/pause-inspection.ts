// Reading the current V8 pause for the adapter (mixed mode's Wasm API, the part that changes
// nothing): its frames, each labelled with its role; a Wasm frame's state and the instance's
// memory; a host frame's scopes and values; the disassembly of a module. The worker's WasmService
// owns the pause and the CDP session; these methods only look at them (and write what the user
// asks: memory, a host variable).
import type { Cdp } from '../wasm/cdp.js';
import type { JsFrame, Pause, WasmDebuggee, WasmFrame, WasmModule } from '../wasm/debuggee.js';
import type { HostSourceMaps } from '../wasm/host-source-maps.js';
import { framesHolding } from '../wasm/local-search.js';
import { completionNames, invokeGetter, setVariable } from '../wasm/js-edit.js';
import { evaluateOnFrame, frameScopes, properties } from '../wasm/js-values.js';
import type { InstructionIndexes } from './instruction-index.js';
import { classify, lowerBound } from './v8-frames.js';
import type { WasmInstruction, WasmProtocol } from './wasm-protocol.js';

/** Handlers for some methods of the Wasm API, answered asynchronously. */
export type WasmHandlers<M extends keyof WasmProtocol> = {
  [K in M]: (...args: Parameters<WasmProtocol[K]>) => Promise<ReturnType<WasmProtocol[K]>> | ReturnType<WasmProtocol[K]>;
};

export type InspectionMethod =
  | 'modules' | 'frames' | 'frameState' | 'framesHolding' | 'hostScopes' | 'hostProperties' | 'hostGetter' | 'hostSetVariable'
  | 'hostCompletionNames' | 'hostEvaluate' | 'readMemory' | 'writeMemory' | 'disassemble' | 'functionEntry';

export interface PauseSource {
  /** The current V8 pause (waiting for an announced mixed stop's); throws when V8 is not paused. */
  pause(): Promise<Pause>;
  /** Whether that pause is a mixed stop (V8 paused in the trampoline). */
  atMixedStop(): boolean;
  debuggee(): WasmDebuggee;
  cdp(): Cdp;
  /** Source maps of the host app's own scripts (a TS host's frames show its .ts). */
  maps(): HostSourceMaps;
  readonly instructionIndexes: InstructionIndexes;
}

export class PauseInspection {
  constructor(private readonly source: PauseSource) {}

  module(id: string): WasmModule {
    const m = this.source.debuggee().module(id);
    if (!m) throw new Error(`unknown Wasm module ${id}`);
    return m;
  }

  private async wasmFrame(index: number | undefined): Promise<WasmFrame> {
    const pause = await this.source.pause();
    const frame = index === undefined ? pause.wasmFrames()[0] : pause.frames[index];
    if (!frame) throw new Error(index === undefined ? 'no Wasm frame on the stack' : `no frame ${index}`);
    if (frame.kind !== 'wasm') throw new Error(`frame ${index} is not a Wasm frame`);
    return frame;
  }

  /** A host JS frame of the current pause (not the hook's or the glue's: those are the debugger's). */
  private async jsFrame(index: number): Promise<JsFrame> {
    const pause = await this.source.pause();
    const frame = pause.frames[index];
    if (!frame) throw new Error(`no frame ${index}`);
    if (frame.kind !== 'js') throw new Error(`frame ${index} is not a JavaScript frame`);
    const role = classify(pause, this.source.atMixedStop())[index].role;
    if (role !== 'host') throw new Error(`frame ${index} is the debugger's or the interpreter's own code, not the host's`);
    return frame;
  }

  readonly methods: WasmHandlers<InspectionMethod> = {
    modules: async () => {
      const out = [];
      for (const m of this.source.debuggee().allModules()) {
        const info = await m.info();
        out.push({ id: m.id, url: m.url, size: m.length, importedFunctions: info.importedFunctions, functions: info.functions.length, memories: info.memories, globals: info.globals });
      }
      return out;
    },
    frames: async () => {
      const pause = await this.source.pause();
      const frames = classify(pause, this.source.atMixedStop());
      // Host frames of a source-mapped app script show their original file (a TS host's .ts).
      const maps = this.source.maps();
      for (const f of frames) {
        const raw = pause.frames[f.index];
        if (f.role !== 'host' || raw.kind !== 'js' || !maps.has(raw.scriptId)) continue;
        f.original = await maps.original(raw.scriptId, raw.line, raw.column);
      }
      return frames;
    },
    frameState: async (frame) => (await this.wasmFrame(frame)).read(),
    framesHolding: async (values) => framesHolding(await this.source.pause(), values),
    hostScopes: async (frame) => frameScopes(await this.jsFrame(frame)),
    hostProperties: async (object, page) => {
      await this.source.pause();
      return properties(this.source.cdp(), object, page);
    },
    hostGetter: async (object, name) => {
      await this.source.pause();
      return invokeGetter(this.source.cdp(), object, name);
    },
    hostSetVariable: async (owner, name, expression, frame) => {
      const on = await this.jsFrame(frame);
      const target = 'object' in owner ? owner : { frame: await this.jsFrame(owner.frame), scope: owner.scope };
      return setVariable(this.source.cdp(), target, name, expression, on);
    },
    hostCompletionNames: async (frame, expression) => completionNames(this.source.cdp(), await this.jsFrame(frame), expression),
    hostEvaluate: async (frame, expression) => evaluateOnFrame(await this.jsFrame(frame), expression),
    readMemory: async (frame, address, count, memory = 0) => {
      const bytes = await (await this.wasmFrame(frame)).instance().getMemory(memory).getBytes(address, count);
      return { address, data: Buffer.from(bytes).toString('base64'), unreadable: count - bytes.length };
    },
    writeMemory: async (frame, address, data, memory = 0) => {
      const bytesWritten = await (await this.wasmFrame(frame)).instance().getMemory(memory).setBytes(address, Buffer.from(data, 'base64'));
      return { bytesWritten };
    },
    disassemble: async (moduleId, pc, instructionOffset, count) => {
      const index = await this.source.instructionIndexes.of(this.module(moduleId), this.source.cdp());
      const at = lowerBound(index.offsets, pc);
      const out: Array<WasmInstruction | null> = [];
      for (let i = at + instructionOffset, n = 0; n < count; i++, n++) out.push(index.items[i] ?? null);
      return out;
    },
    functionEntry: (moduleId, funcIndex) => this.module(moduleId).entryPc(funcIndex),
  };
}
