// Reading and writing the canonical ABI's memory layout (wasm32) for the WIT types the mini
// interpreter exchanges with its host: what jco's generated bindings would do for a component.
// Layouts are documented next to the C that writes them (interpreters/mini/src/canon.h).
import type {
  BreakpointRequest, BreakpointResult, Capability, ChildrenFilter, EvalContext, ExceptionDetails, ExceptionFilter, ExceptionFilterKind,
  FrameInfo, OutputCategory, ScopeInfo, ScopeKind, StepKind, StopReason, ValueInfo, VariableInfo,
} from '../../abi/index.js';
import { AbiError } from '../../abi/index.js';

// WIT enum cases in declaration order: the canonical ABI passes an enum as its case number.
export const CAPABILITY: readonly Capability[] = [
  'line-breakpoints', 'stepping', 'pause', 'evaluate', 'set-variable', 'paging', 'breakpoints-before-load',
  'conditional-breakpoints', 'hit-conditional-breakpoints', 'log-points', 'function-breakpoints', 'exception-breakpoints',
  'breakpoint-locations',
];
export const STOP_REASON: readonly StopReason[] = ['entry', 'breakpoint', 'step', 'pause', 'exception', 'debugger-statement', 'function-breakpoint'];
export const STEP_KIND: readonly StepKind[] = ['into', 'over', 'out'];
export const SCOPE_KIND: readonly ScopeKind[] = ['local', 'closure', 'global', 'other'];
export const CHILDREN_FILTER: readonly ChildrenFilter[] = ['all', 'named', 'indexed'];
export const EVAL_CONTEXT: readonly EvalContext[] = ['repl', 'watch', 'hover'];
export const OUTPUT_CATEGORY: readonly OutputCategory[] = ['stdout', 'stderr', 'console'];
export const EXCEPTION_FILTER_KIND: readonly ExceptionFilterKind[] = ['caught', 'uncaught'];

const decoder = new TextDecoder('utf-8'); // invalid UTF-8 becomes U+FFFD: WIT strings must be valid
const encoder = new TextEncoder();

/** A view of the module's memory that is re-read on every access (memory.grow detaches buffers). */
export class Canon {
  constructor(
    private readonly memory: WebAssembly.Memory,
    private readonly realloc: (old: number, oldSize: number, align: number, size: number) => number,
  ) {}

  private get view(): DataView {
    return new DataView(this.memory.buffer);
  }

  u8(p: number): number {
    return this.view.getUint8(p);
  }

  u32(p: number): number {
    return this.view.getUint32(p, true);
  }

  /** A string stored as (ptr, len) at p. */
  string(p: number): string {
    return this.text(this.u32(p), this.u32(p + 4));
  }

  text(ptr: number, len: number): string {
    return decoder.decode(new Uint8Array(this.memory.buffer, ptr, len));
  }

  optionU32(p: number): number | undefined {
    return this.u8(p) ? this.u32(p + 4) : undefined;
  }

  /** A list stored as (ptr, len) at p, each element `size` bytes. */
  list<T>(p: number, size: number, element: (q: number) => T): T[] {
    const ptr = this.u32(p), len = this.u32(p + 4);
    return Array.from({ length: len }, (_, i) => element(ptr + i * size));
  }

  /** A result<T, error-info>: discriminant at 0, payload at 4. Errors throw, as jco does. */
  result<T>(p: number, ok: (q: number) => T): T {
    if (this.u8(p) !== 0) throw new AbiError({ message: this.string(p + 4) || 'error' });
    return ok(p + 4);
  }

  /** Copies a string into memory from cabi_realloc; returns [ptr, len]. */
  lowerString(s: string): [number, number] {
    const bytes = encoder.encode(s);
    const ptr = this.realloc(0, 0, 1, bytes.length);
    new Uint8Array(this.memory.buffer, ptr, bytes.length).set(bytes);
    return [ptr, bytes.length];
  }

  write(p: number, fields: Array<[offset: number, kind: 'u8' | 'u32', value: number]>): void {
    const view = this.view;
    for (const [offset, kind, value] of fields) {
      if (kind === 'u8') view.setUint8(p + offset, value);
      else view.setUint32(p + offset, value, true);
    }
  }

  // ---- the records --------------------------------------------------------------------------------

  /** list<breakpoint-request>, 48 bytes each. Only presence matters for the optional kinds. */
  lowerBreakpointRequests(requests: BreakpointRequest[]): [number, number] {
    const ptr = this.realloc(0, 0, 4, requests.length * 48);
    requests.forEach((r, i) => {
      const p = ptr + i * 48;
      this.write(p, [
        [0, 'u32', r.line >>> 0],
        [4, 'u8', r.column === undefined ? 0 : 1], [8, 'u32', (r.column ?? 0) >>> 0],
        [12, 'u8', r.condition === undefined ? 0 : 1],
        [24, 'u8', r.hitCondition === undefined ? 0 : 1],
        [36, 'u8', r.logMessage === undefined ? 0 : 1],
      ]);
      // The producer refuses these kinds, so their payloads are left empty (ptr 0, len 0).
    });
    return [ptr, requests.length];
  }

  /** list<exception-filter>, 16 bytes each: kind 0, condition 4 (option<string>: 4, ptr 8, len 12). */
  lowerExceptionFilters(filters: ExceptionFilter[]): [number, number] {
    const ptr = this.realloc(0, 0, 4, filters.length * 16);
    filters.forEach((f, i) => {
      const p = ptr + i * 16;
      const kind = EXCEPTION_FILTER_KIND.indexOf(f.kind);
      const [text, len] = f.condition === undefined ? [0, 0] : this.lowerString(f.condition);
      // An unknown kind is passed as one the producer rejects, as a component's lowering would trap.
      this.write(p, [[0, 'u8', kind < 0 ? 255 : kind], [4, 'u8', f.condition === undefined ? 0 : 1], [8, 'u32', text], [12, 'u32', len]]);
    });
    return [ptr, filters.length];
  }

  exceptionDetails = (p: number): ExceptionDetails => ({
    id: this.string(p),
    description: this.string(p + 8),
    kind: EXCEPTION_FILTER_KIND[this.u8(p + 16)] ?? 'uncaught',
    stackTrace: this.u8(p + 20) ? this.string(p + 24) : undefined,
  });

  breakpointResult = (p: number): BreakpointResult => ({
    verified: this.u8(p) !== 0,
    line: this.optionU32(p + 4),
    column: this.optionU32(p + 12),
    message: this.u8(p + 20) ? this.string(p + 24) : undefined,
  });

  frameInfo = (p: number): FrameInfo => ({
    id: this.u32(p),
    name: this.string(p + 4),
    position: { script: this.u32(p + 12), line: this.u32(p + 16), column: this.u32(p + 20) },
    inspectable: this.u8(p + 24) !== 0,
  });

  scopeInfo = (p: number): ScopeInfo => ({
    name: this.string(p),
    kind: SCOPE_KIND[this.u8(p + 8)] ?? 'other',
    handle: this.u32(p + 12),
    namedCount: this.optionU32(p + 16),
    expensive: this.u8(p + 24) !== 0,
  });

  valueInfo = (p: number): ValueInfo => ({
    display: this.string(p),
    typeName: this.string(p + 8),
    handle: this.u32(p + 16),
    namedCount: this.optionU32(p + 20),
    indexedCount: this.optionU32(p + 28),
    lazy: this.u8(p + 36) ? this.u8(p + 37) !== 0 : undefined,
  });

  variableInfo = (p: number): VariableInfo => ({ name: this.string(p), value: this.valueInfo(p + 8) });
}
