// Guest half of code swapping (swap-siblings.ts, function-swap.ts): top-level functions armed by
// pointing them at their instrumented sibling's code instead of testing a flag. Evaluated once
// per context; completes with a factory the debug runtime calls with the host's `swap` and
// `keepText` (source-text.js).
(function installSwaps(deps) {
  'use strict';
  const { swap, keepText } = deps;
  // [plain, sibling, function id, call-free, swapped]
  const entries = [];
  return {
    /** Whether the script registered any: only then can a frame run code its function no longer points at. */
    any: () => entries.length > 0,
    /** Registers `plain, sibling, id, callFree` quadruples, as a script's prelude lists them. */
    register(list) {
      for (let i = 0; i < list.length; i += 4) entries.push([list[i], list[i + 1], list[i + 2], list[i + 3], false]);
    },
    /** Swaps each function whose wanted state changed; `wanted(id, callFree)` says which code it should run. */
    sync(wanted) {
      for (const entry of entries) {
        const want = wanted(entry[2], entry[3]);
        if (want === entry[4]) continue;
        // Its text, while it still runs its own code: toString keeps answering it.
        keepText(entry[0]);
        swap(entry[0], entry[1], want ? 1 : 0);
        entry[4] = want;
      }
    },
  };
})
