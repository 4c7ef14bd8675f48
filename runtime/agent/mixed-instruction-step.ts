// An instruction step from a mixed (script-level) stop. V8 will not step out of the hook's JS into
// Wasm, so the step runs to a temporary breakpoint on the instruction after the call in progress in
// the frame stepped in: the innermost Wasm frame the client was shown (the interpreter call running
// the stopped script frame; the frames above it are the stop's own call: the check, the debugger),
// or, stepping out, the Wasm frame below it. Hit in a deeper activation of the same function (a
// recursive call), the step runs on; a pause anywhere else ends it.
import type { Pause, WasmFrame, WasmModule } from '../wasm/debuggee.js';
import type { InstructionIndex } from './instruction-index.js';
import { lowerBound } from './v8-frames.js';

interface Target {
  module: WasmModule;
  pc: number;
  /** How many Wasm frames the stack has in the activation stepped in. */
  depth: number;
  /** Set by the step (not an instruction breakpoint of the user's): removed when the step ends. */
  temporary: boolean;
}

export class MixedInstructionStep {
  private target: Target | undefined;

  /**
   * Sets the step's breakpoint (the caller then resumes). `fromFrame`: V8 index of the frame to step
   * in (default the innermost Wasm frame); `userBreakpoint` tells whether one is already at a pc.
   */
  async start(pause: Pause, kind: 'into' | 'over' | 'out', fromFrame: number | undefined, index: (module: WasmModule) => Promise<InstructionIndex>, userBreakpoint: (module: WasmModule, pc: number) => boolean): Promise<void> {
    this.end();
    const frame = stepFrame(pause, kind, fromFrame);
    const instructions = await index(frame.module);
    const next = instructions.items[lowerBound(instructions.offsets, frame.pc) + 1];
    if (!next) throw new Error('no instruction after the call');
    const temporary = !userBreakpoint(frame.module, next.offset);
    const pc = await frame.module.addBreakpoint(next.offset);
    this.target = { module: frame.module, pc, depth: pause.wasmFrames().filter((f) => f.index >= frame.index).length, temporary };
  }

  /** A Wasm pause while the step is under way: `run-on` (a recursive activation), `arrived`, or `other` (the step is over). */
  onPause(pause: Pause): 'run-on' | 'arrived' | 'other' | undefined {
    const target = this.target;
    if (!target) return undefined;
    const top = pause.frames[0];
    const atTarget = top?.kind === 'wasm' && top.module === target.module && top.pc === target.pc;
    if (atTarget && pause.wasmFrames().length !== target.depth) return 'run-on';
    this.end();
    return atTarget ? 'arrived' : 'other';
  }

  /** Ends the step (a script stop came first, or mixed mode went off). */
  end(): void {
    const target = this.target;
    this.target = undefined;
    if (target?.temporary) void target.module.removeBreakpoint(target.pc);
  }
}

/** The Wasm frame the step runs in (see WasmProtocol.step). */
function stepFrame(pause: Pause, kind: 'into' | 'over' | 'out', fromFrame: number | undefined): WasmFrame {
  const wasm = pause.wasmFrames();
  const from = fromFrame === undefined ? wasm[0] : wasm.find((f) => f.index === fromFrame);
  if (!from) throw new Error(`no Wasm frame ${fromFrame} in this stop`);
  if (kind !== 'out') return from;
  const below = pause.frames[from.index + 1];
  if (below?.kind !== 'wasm') throw new Error("this is the interpreter's outermost Wasm frame: its caller is host JavaScript, so there is no instruction to step out to (use a statement step or continue)");
  return below;
}
