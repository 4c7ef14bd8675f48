// Child process for memory figures: runs one program once in one mode, in a process of its own so
// the Wasm linear memory (which only grows) starts fresh, and prints one JSON line (MemoryFigures).
// The QuickJS heap is sampled from the interrupt handler (replacing the producer's, which only
// polls for pause requests), at most every SAMPLE_MS, plus once at the end; the run is not timed.
// Usage: node dist/bench/memory-probe.js <engine> <mode> <program file>
import type { GuestSession } from '../adapters/quickjs/guest-session.js';
import { loadEngine, isEngineName } from '../adapters/quickjs/engine.js';
import { loadProgram } from './programs.js';
import { runOnce } from './runner.js';
import { MODES, type MemoryFigures, type Mode } from './types.js';

const SAMPLE_MS = 5;

const [engine, mode, file] = process.argv.slice(2);
if (!engine || !isEngineName(engine) || !MODES.includes(mode as Mode) || !file) {
  process.stderr.write('usage: memory-probe.js <engine> <mode> <file>\n');
  process.exit(2);
}

interface Usage { memory_used_size: number; js_func_code_size: number }
function usage(session: GuestSession): Usage {
  const handle = session.runtime.computeMemoryUsage();
  try {
    return session.context.dump(handle) as Usage;
  } finally {
    handle.dispose();
  }
}

const module = await loadEngine(engine);
const memory = module.getWasmMemory();
const wasmBaseBytes = memory.buffer.byteLength;
let heapPeakBytes = 0;
let bytecodeBytes = 0;
let wasmPeakBytes = 0;
let last = 0;
await runOnce(loadProgram(file), mode as Mode, engine, {
  beforeRun(session) {
    session.runtime.setInterruptHandler(() => {
      const now = performance.now();
      if (now - last >= SAMPLE_MS) {
        heapPeakBytes = Math.max(heapPeakBytes, usage(session).memory_used_size);
        last = performance.now();
      }
      return false;
    });
  },
  afterRun(session) {
    const u = usage(session);
    heapPeakBytes = Math.max(heapPeakBytes, u.memory_used_size);
    bytecodeBytes = u.js_func_code_size;
    wasmPeakBytes = memory.buffer.byteLength;
  },
});
const figures: MemoryFigures = { heapPeakBytes, bytecodeBytes, wasmPeakBytes, wasmBaseBytes };
process.stdout.write(JSON.stringify(figures) + '\n');
