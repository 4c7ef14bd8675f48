// Functions armed by swapping code rather than testing a flag (debug/function-swap.ts). A loop-free
// function created by a top-level statement of a script exists once, so its instrumented body can
// live in a sibling function in the same scope: the original runs with nothing added, not even a
// flag test (fib idle 1.26× → 1.00×, bench/README.md), and the host arms it by pointing the
// original function object at the sibling's bytecode and closure slots in QuickJS's memory. A call
// then runs the instrumented body in the original's own frame: stacks show no extra frame.
//
// The siblings are declared before the script's first statement; their names are lexical, so they
// never become properties of the global object. Each original is registered with the guest runtime
// once it exists: a declaration's before the first statement, a `const f = () => …`'s right after
// its statement.
import { GUEST_NAMES } from './output.js';
import { TextBuilder, type FlatCopy } from './plain-copy.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyNode = any;

export interface SwapCandidate {
  /** The binding that holds the function once its statement has run. */
  name: string;
  /** The top-level statement after which it is registered; undefined: hoisted, registered first. */
  after?: AnyNode;
}

/**
 * The functions a script's top-level statements create once each: declarations made once, and
 * unnamed function or arrow expressions initialising a `var`/`let`/`const` of their own.
 */
export function swapCandidates(program: AnyNode): Map<AnyNode, SwapCandidate> {
  const out = new Map<AnyNode, SwapCandidate>();
  const declared = new Map<string, number>();
  for (const st of program.body) if (st.type === 'FunctionDeclaration') declared.set(st.id.name, (declared.get(st.id.name) ?? 0) + 1);
  for (const st of program.body) {
    // Declared twice: the binding holds only the last one's function.
    if (st.type === 'FunctionDeclaration' && declared.get(st.id.name) === 1) out.set(st, { name: st.id.name });
    if (st.type !== 'VariableDeclaration') continue;
    for (const d of st.declarations) {
      const init = d.init;
      // A named expression sees its own name inside: in the sibling that would be the sibling.
      const unnamed = init && (init.type === 'ArrowFunctionExpression' || (init.type === 'FunctionExpression' && !init.id));
      if (d.id.type === 'Identifier' && unnamed) out.set(init, { name: d.id.name, after: st });
    }
  }
  return out;
}

/** Whether the function's sibling can be written: same kind, and parameters that are plain names (copied as text). */
export function isSwappable(fn: AnyNode): boolean {
  return !fn.async && !fn.generator && fn.params.every((p: AnyNode) => p.type === 'Identifier');
}

export class SwapSiblings {
  private readonly text = new TextBuilder();
  private count = 0;
  private readonly first: string[] = [];

  /**
   * Adds function `id`'s sibling, with the instrumented `body` (a block); returns the registration
   * to insert after `candidate.after`, or undefined when it is registered with the declarations.
   */
  add(id: number, fn: AnyNode, candidate: SwapCandidate, body: FlatCopy, callFree: boolean): string | undefined {
    const sibling = GUEST_NAMES.swapPrefix + id;
    const params = fn.params.map((p: AnyNode) => p.name).join(',');
    const head = fn.type === 'ArrowFunctionExpression' ? `(${params})=>` : `function(${params})`;
    this.text.literal(`${this.count++ ? ',' : 'let '}${sibling}=${head}`).copy(body);
    const registration = `${candidate.name},${sibling},${id},${callFree ? 1 : 0}`;
    if (!candidate.after) {
      this.first.push(registration);
      return undefined;
    }
    return `;${GUEST_NAMES.registerSwaps}(${registration});`;
  }

  /** The siblings' declarations and the hoisted functions' registration; undefined when there are none. */
  done(): FlatCopy | undefined {
    if (!this.count) return undefined;
    this.text.literal(';');
    if (this.first.length) this.text.literal(`${GUEST_NAMES.registerSwaps}(${this.first.join(',')});`);
    return this.text.done();
  }
}
