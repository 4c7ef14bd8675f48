// Guest half of Function.prototype.toString: a function's text as the user wrote it. Evaluated
// once per context; completes with a factory the debug runtime calls. The runtime's own functions
// look native; instrumented text has its inserted spans removed; a function whose code is swapped
// for its instrumented sibling answers the text it had before.
(function installSourceText() {
  'use strict';
  const MARK_OPEN = '/*{nd*/';
  const MARK_CLOSE = '/*nd}*/';
  // The same algorithm as stripInstrumentation in instrument.ts: guest code cannot import it.
  function originalText(text) {
    let out = '';
    let i = 0;
    for (;;) {
      const open = text.indexOf(MARK_OPEN, i);
      if (open < 0) return out + text.slice(i);
      out += text.slice(i, open);
      const close = text.indexOf(MARK_CLOSE, open);
      if (close < 0) return out;
      i = close + MARK_CLOSE.length;
    }
  }

  const nativeToString = Function.prototype.toString;
  const apply = Reflect.apply;
  const disguised = new WeakSet();
  const swappedText = new Map();
  const toString = {
    toString() {
      if (disguised.has(this)) return `function ${this.name}() {\n    [native code]\n}`;
      const swapped = swappedText.get(this);
      if (swapped !== undefined) return swapped;
      const text = apply(nativeToString, this, []);
      return text.includes(MARK_OPEN) ? originalText(text) : text;
    },
  }.toString;
  disguised.add(toString);

  return {
    toString,
    /** The text of `fn` as its code reads now, without the instrumentation. */
    sourceText: (fn) => apply(toString, fn, []),
    /** `fn` answers toString like a builtin. */
    disguise(fn) {
      disguised.add(fn);
    },
    /** `fn` keeps answering today's text after its code is swapped. */
    keepText(fn) {
      if (!swappedText.has(fn)) swappedText.set(fn, apply(toString, fn, []));
    },
  };
})
