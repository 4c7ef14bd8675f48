// Handles the producer gives the host during one stop. Numbers are never reused, so a handle
// from an earlier stop is reported as stale instead of silently meaning something else.
import type { ScopeGroup } from '../instrument/scopes.js';
import { counter } from './scripts.js';

export interface FrameRecord {
  id: number;
  name: string;
  scriptId: number;
  line: number;
  column: number;
  /** Scope layout of the site the frame is at, when its bindings can be read. */
  scopes: ScopeGroup[] | undefined;
  /** Where QuickJS reports the frame, in the loaded (instrumented) code, 1-based. */
  loaded: { line: number; column: number };
  /** Its place in the runtime's whole stack, counted from the outermost frame (stack.ts ScriptFrame). */
  fromBottom: number;
  /** The guest's key for the frame's reader over its slots in memory (memory-frames.ts): < 0, or 0 when they cannot be read. */
  reader: number;
  /** Address of QuickJS's JSStackFrame for it (mixed mode places it by this), when memory was read. */
  nativeFrame?: number;
}

export type HandleTarget =
  | { kind: 'scope'; frame: FrameRecord; group: ScopeGroup }
  | { kind: 'globals' }
  | { kind: 'value'; ref: number; frame: FrameRecord | undefined };

export class HandleTable {
  private readonly targets = new Map<number, HandleTarget>();

  /** `ids`: shared by the producers of several contexts debugged as one, so handles never collide. */
  constructor(private readonly ids: () => number = counter()) {}

  add(target: HandleTarget): number {
    const id = this.ids();
    this.targets.set(id, target);
    return id;
  }

  get(id: number): HandleTarget | undefined {
    return this.targets.get(id);
  }

  /** Ends the stop: every handle handed out so far becomes stale. */
  clear(): void {
    this.targets.clear();
  }
}

/** Names visible in a frame with their reader indexes, innermost first: what `evaluate` can see. */
export function frameNames(frame: FrameRecord | undefined): Array<[string, number]> {
  if (!frame?.scopes) return [];
  return frame.scopes.flatMap((g) => g.names.map((n, i): [string, number] => [n, g.firstIndex + i]));
}
