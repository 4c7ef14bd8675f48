// Which context each frame on the guest's stack belongs to. The contexts of one runtime share its
// stack, and two of them may have evaluated scripts under one URL (one plugin file in two
// sandboxes): the stack text (`at f (url:line:column)`) cannot tell their frames apart, QuickJS's
// frames in memory can, since a function's bytecode holds its realm (the JSContext that compiled
// it). Stepping counts this context's frames with it (debug-runtime.js stackDepth), and the
// exception classifier reads each frame with the scripts of the context it runs in.
import type { FrameMemory, FrameOrigin } from './frame-memory.js';
import type { LoadedScript, ScriptRegistry } from './scripts.js';
import { parseStack, scriptFrames } from './stack.js';

/** A frame of the stack text in a loaded script of some context: `line:column` in the script's code. */
export interface RealmFrame {
  script: LoadedScript;
  line: number;
  column: number;
}

export class StackRealms {
  /**
   * `memory`: this context's frame memory (none: frames are told apart by URL only).
   * `scriptsOfRealm`: the scripts of another context of the runtime, by its realm.
   */
  constructor(
    private readonly memory: FrameMemory | undefined,
    private readonly scripts: ScriptRegistry,
    private readonly scriptsOfRealm: (realm: number) => ScriptRegistry | undefined = () => undefined,
  ) {}

  /** This context's JSContext*, or undefined without frame memory. */
  get realm(): number | undefined {
    return this.memory?.realm;
  }

  /** How many frames of this context's scripts are on the stack now; undefined without frame memory. */
  ownDepth(): number | undefined {
    if (!this.memory) return undefined;
    const realm = this.memory.realm;
    let depth = 0;
    for (const f of this.memory.readOrigins()) if (this.isOwn(f, realm)) depth++;
    return depth;
  }

  /**
   * The frames of `stack` (captured by this context's guest, at most a few calls above the host
   * call running now) that run a loaded script, innermost first, each with the script of the
   * context it runs in. The text and memory are matched from the outermost frame; where they do
   * not agree, or without frame memory, frames are this context's scripts' by URL.
   */
  scriptFrames(stack: string): RealmFrame[] {
    const lines = stack.split('\n').filter((l) => /^\s*at /.test(l));
    const origins = this.memory?.readOrigins();
    const offset = origins ? lines.length - origins.length : -1;
    const agree = origins !== undefined && offset >= 0 && lines.every((l, i) => i < offset || sameFrame(l, origins[i - offset]));
    const out: RealmFrame[] = [];
    lines.forEach((line, i) => {
      const realm = agree && i >= offset ? origins[i - offset].realm : undefined;
      const registry = realm === undefined || realm === this.memory!.realm ? this.scripts : this.scriptsOfRealm(realm);
      const f = registry && scriptFrames(line, registry)[0];
      if (f) out.push({ script: registry.get(f.scriptId)!, line: f.line, column: f.column });
    });
    return out;
  }

  private isOwn(f: FrameOrigin, realm: number): boolean {
    return !f.native && f.realm === realm && f.url !== undefined && !!this.scripts.byUrl(f.url);
  }
}

/** Whether a line of the stack text shows the frame: a native one, or one of a script by that URL. */
function sameFrame(line: string, origin: FrameOrigin): boolean {
  const parsed = parseStack(line)[0];
  return origin.native ? parsed === undefined : parsed?.url === origin.url;
}
