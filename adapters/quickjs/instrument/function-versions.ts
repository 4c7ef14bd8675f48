// Where a function's instrumented version goes once its insertions are made (plain-copy.ts): behind
// a flag test at the top of the function, or, for a function a top-level statement creates once,
// into a sibling the host swaps in (swap-siblings.ts). Either way its own code stays as written.
import type { InsertionList } from './edits.js';
import { GUEST_NAMES, MARK_CLOSE, MARK_OPEN, MARKERS, type FunctionInfo } from './output.js';
import { plainCopyKind, shiftRuns, TextBuilder, type FlatCopy, type PlainCopyKind, type TokenIndex } from './plain-copy.js';
import { isSwappable, swapCandidates, SwapSiblings, type SwapCandidate } from './swap-siblings.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyNode = any;

const wrap = (text: string) => MARK_OPEN + text + MARK_CLOSE;
// An inserted text that holds copies of original code: wrapped, its runs moved past MARK_OPEN.
export const wrapCopy = (c: FlatCopy): FlatCopy => ({ text: wrap(c.text), runs: shiftRuns(c.runs, MARK_OPEN.length) });

export class FunctionVersions {
  private readonly swaps = new SwapSiblings();
  private readonly candidates: Map<AnyNode, SwapCandidate>;

  constructor(
    private readonly out: InsertionList, private readonly tokens: TokenIndex, private readonly info: (id: number) => FunctionInfo,
    program: AnyNode, swap: boolean,
  ) {
    this.candidates = swap ? swapCandidates(program) : new Map();
  }

  /** Whether the function gets its instrumented body flattened next to its original one. */
  kind(node: AnyNode, from: number, to: number): PlainCopyKind | undefined {
    const kind = plainCopyKind(node);
    return kind && this.tokens.singleLine(from, to, MARKERS) ? kind : undefined;
  }

  /**
   * Takes back the insertions made since `mark` (function `id`'s whole instrumentation), flattened
   * with its code in [from, to): into a sibling (true), or, returned, behind the test of its flag.
   */
  place(node: AnyNode, id: number, kind: PlainCopyKind, mark: number, from: number, to: number, before: string, after: string, expression = false): FlatCopy | true {
    if (kind === 'call-free') this.info(id).callFree = true;
    const flat = this.tokens.flatten(from, to, this.out.take(mark), MARKERS, expression);
    const candidate = this.candidates.get(node);
    if (candidate && isSwappable(node)) {
      const block = expression ? flat : new TextBuilder().literal('{').copy(flat).literal('}').done();
      const registration = this.swaps.add(id, node, candidate, block, kind === 'call-free');
      if (registration) this.out.add(candidate.after.end, wrap(registration), 'close', 0);
      return true;
    }
    return wrapCopy(new TextBuilder().literal(`${before}if(${GUEST_NAMES.flagPrefix}${id}){`).copy(flat).literal(after).done());
  }

  /** Declares the siblings before the first statement of `program`. */
  finish(program: AnyNode): void {
    const siblings = this.swaps.done();
    if (!siblings) return;
    const first = program.body.find((st: AnyNode) => st.directive === undefined);
    const copy = wrapCopy(siblings);
    this.out.add(first.start, copy.text, 'open', 0, copy.runs);
  }
}
