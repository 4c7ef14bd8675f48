// Reading and writing the canonical ABI's memory layout (wasm32) for the WIT types the mini
// interpreter exchanges with its host: what jco's generated bindings would do for a component.
// Layouts are documented next to the C that writes them (interpreters/mini/src/canon.h).
import type {
  BreakpointRequest, BreakpointResult, Capability, ChildrenFilter, EvalContext, ExceptionDetails, ExceptionFilter, ExceptionFilterKind,
  FrameInfo, FunctionBreakpointRequest, FunctionBreakpointResult, HostCommand, OutputCategory, Position, ProducerCall, ProducerReply,
  ScopeInfo, ScopeKind, StepKind, StopReason, ValueInfo, VariableInfo,
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
/** producer-call and producer-reply cases, in WIT order. */
export const PRODUCER_CALL: readonly ProducerCall['tag'][] = [
  'capabilities', 'set-breakpoints', 'request-pause', 'set-function-breakpoints', 'set-exception-breakpoints', 'breakpoint-locations',
  'exception-info', 'frames', 'scopes', 'variables', 'evaluate', 'set-variable',
];

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
    return this.listAt(this.u32(p), this.u32(p + 4), size, element);
  }

  listAt<T>(ptr: number, len: number, size: number, element: (q: number) => T): T[] {
    return Array.from({ length: len >>> 0 }, (_, i) => element((ptr >>> 0) + i * size));
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

  /** list<function-breakpoint-request>, 32 bytes each: name 0, condition 8 (option<string>), hit-condition 20 (option). */
  lowerFunctionBreakpointRequests(requests: FunctionBreakpointRequest[]): [number, number] {
    const names = requests.map((r) => this.lowerString(String(r.name)));
    const ptr = this.realloc(0, 0, 4, requests.length * 32);
    requests.forEach((r, i) => {
      // Only the name is lowered in full: mini refuses function breakpoints whatever they say.
      this.write(ptr + i * 32, [[0, 'u32', names[i][0]], [4, 'u32', names[i][1]], [8, 'u8', 0], [20, 'u8', 0]]);
    });
    return [ptr, requests.length];
  }

  /**
   * A host-command into the 28 bytes at `ret`: case 0 resume (resume-action at 4: case, step-kind),
   * case 1 call (producer-call at 4, its payload at 8). Strings and lists are allocated first
   * (cabi_realloc may grow memory), then the fields are written.
   */
  lowerCommand(ret: number, command: HostCommand): void {
    if (command.tag === 'resume') {
      const step = command.val.tag === 'step' ? STEP_KIND.indexOf(command.val.val) : -1;
      this.write(ret, [[0, 'u8', 0], [4, 'u8', step >= 0 ? 1 : 0], [5, 'u8', Math.max(step, 0)]]);
      return;
    }
    const call = command.val;
    const which = PRODUCER_CALL.indexOf(call.tag);
    if (which < 0) throw new Error(`unknown producer call ${JSON.stringify(call.tag)}`);
    const fields: Array<[number, 'u8' | 'u32', number]> = [[0, 'u8', 1], [4, 'u8', which]];
    const u32 = (offset: number, v: number) => fields.push([offset, 'u32', v >>> 0]);
    const pair = (offset: number, [p, n]: [number, number]) => { u32(offset, p); u32(offset + 4, n); };
    switch (call.tag) {
      case 'set-breakpoints': u32(8, call.val.script); pair(12, this.lowerBreakpointRequests(call.val.requests)); break;
      case 'set-function-breakpoints': pair(8, this.lowerFunctionBreakpointRequests(call.val)); break;
      case 'set-exception-breakpoints': pair(8, this.lowerExceptionFilters(call.val)); break;
      case 'breakpoint-locations': u32(8, call.val.script); u32(12, call.val.startLine); u32(16, call.val.endLine); break;
      case 'scopes': u32(8, call.val); break;
      case 'variables':
        u32(8, call.val.container); fields.push([12, 'u8', Math.max(CHILDREN_FILTER.indexOf(call.val.filter), 0)]);
        u32(16, call.val.start); u32(20, call.val.count);
        break;
      case 'evaluate':
        fields.push([8, 'u8', call.val.frame === undefined ? 0 : 1]); u32(12, call.val.frame ?? 0);
        pair(16, this.lowerString(call.val.expression)); fields.push([24, 'u8', Math.max(EVAL_CONTEXT.indexOf(call.val.context), 0)]);
        break;
      case 'set-variable': u32(8, call.val.container); pair(12, this.lowerString(call.val.name)); pair(20, this.lowerString(call.val.expression)); break;
      default: break; // no payload
    }
    this.write(ret, fields);
  }

  /** A producer-reply from its 13 flat values: the case, then the case's flat payload. */
  liftReply(flat: number[]): ProducerReply {
    const f = flat.map((v) => v >>> 0);
    const text = (i: number) => this.text(f[i], f[i + 1]);
    const option = (i: number) => (f[i] ? f[i + 1] : undefined);
    const result = <T>(ok: () => T): { tag: 'ok'; val: T } | { tag: 'err'; val: { message: string } } =>
      f[1] === 0 ? { tag: 'ok', val: ok() } : { tag: 'err', val: { message: text(2) || 'error' } };
    const list = <T>(size: number, element: (q: number) => T) => () => this.listAt(f[2], f[3], size, element);
    const valueInfo = (): ValueInfo => ({
      display: text(2), typeName: text(4), handle: f[6], namedCount: option(7), indexedCount: option(9),
      lazy: f[11] ? f[12] !== 0 : undefined,
    });
    const tag = PRODUCER_CALL[f[0]];
    switch (tag) {
      case 'capabilities': return { tag, val: this.listAt(f[1], f[2], 1, (p) => CAPABILITY[this.u8(p)]) };
      case 'set-breakpoints': return { tag, val: this.listAt(f[1], f[2], 32, this.breakpointResult) };
      case 'request-pause': return { tag };
      case 'set-function-breakpoints': return { tag, val: result(list(24, this.functionBreakpointResult)) };
      case 'set-exception-breakpoints': return { tag, val: result(() => undefined) };
      case 'breakpoint-locations': return { tag, val: result(list(12, this.position)) };
      case 'exception-info':
        return { tag, val: result((): ExceptionDetails => ({
          id: text(2), description: text(4), kind: EXCEPTION_FILTER_KIND[f[6]] ?? 'uncaught', stackTrace: f[7] ? text(8) : undefined,
        })) };
      case 'frames': return { tag, val: result(list(36, this.frameInfo)) };
      case 'scopes': return { tag, val: result(list(28, this.scopeInfo)) };
      case 'variables': return { tag, val: result(list(48, this.variableInfo)) };
      case 'evaluate': return { tag, val: result(valueInfo) };
      case 'set-variable': return { tag, val: result(valueInfo) };
      default: throw new Error(`reply with unknown case ${f[0]}`);
    }
  }

  position = (p: number): Position => ({ script: this.u32(p), line: this.u32(p + 4), column: this.u32(p + 8) });

  functionBreakpointResult = (p: number): FunctionBreakpointResult => ({
    verified: this.u8(p) !== 0,
    locations: this.list(p + 4, 12, this.position),
    message: this.u8(p + 12) ? this.string(p + 16) : undefined,
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
    nativeFrame: this.optionU32(p + 28),
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
