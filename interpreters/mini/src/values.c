// How values look: print's text, the debugger's one-line display, and type names.
#include "mini.h"

const char *type_name(Value v) {
  switch (v.tag) {
    case T_NIL: return "nil";
    case T_BOOL: return "boolean";
    case T_NUM: return "number";
    case T_STR: return "string";
    case T_ARR: return "array";
    case T_FN: return "function";
    default: return "uninitialized";
  }
}

// Cuts b back to `limit` bytes at a UTF-8 character boundary, and marks the cut.
static i32 clip(Buf *b, i32 limit) {
  if (!limit || b->len <= (u32)limit) return 0;
  u32 n = (u32)limit;
  while (n > 0 && ((u8)b->data[n] & 0xC0) == 0x80) n--;
  b->len = n;
  buf_cstr(b, "...");
  return 1;
}

static void render_depth(Buf *b, Value v, i32 quoted, i32 limit, i32 depth) {
  switch (v.tag) {
    case T_NIL: return buf_cstr(b, "nil");
    case T_BOOL: return buf_cstr(b, v.b ? "true" : "false");
    case T_NUM: return buf_num(b, v.num);
    case T_STR:
      if (!quoted) return buf_add(b, v.str->data, v.str->len);
      buf_cstr(b, "\"");
      for (u32 i = 0; i < v.str->len; i++) {
        char c = v.str->data[i];
        // The display is one line (SPEC §10.5): control characters are escaped.
        if (c == '\n') buf_cstr(b, "\\n");
        else if (c == '\r') buf_cstr(b, "\\r");
        else if (c == '\t') buf_cstr(b, "\\t");
        else if (c == '"' || c == '\\') { buf_cstr(b, "\\"); buf_add(b, &c, 1); }
        else if ((u8)c < 0x20) buf_cstr(b, "?");
        else buf_add(b, &c, 1);
        if (limit && b->len > (u32)limit) break;
      }
      return buf_cstr(b, "\"");
    case T_ARR:
      // Nested and self-containing arrays stop at a depth: `push(a, a)` must not loop.
      if (depth > 2) return buf_cstr(b, "[...]");
      buf_cstr(b, "[");
      for (u32 i = 0; i < v.arr->len; i++) {
        if (i) buf_cstr(b, ", ");
        render_depth(b, v.arr->items[i], 1, limit, depth + 1);
        if (limit && b->len > (u32)limit) break;
      }
      return buf_cstr(b, "]");
    case T_FN:
      if (v.fn->builtin) buf_cstr(b, "builtin ");
      else buf_cstr(b, "fn ");
      return buf_add(b, v.fn->name->data, v.fn->name->len);
    default: return buf_cstr(b, "<uninitialized>");
  }
}

// `quoted`: strings in quotes, as the debugger shows them; `limit`: bytes, 0 for no limit.
void render(Buf *b, Value v, i32 quoted, i32 limit) {
  if (!limit) return render_depth(b, v, quoted, 0, 0);
  Buf tmp = {.scratch = b->scratch};
  render_depth(&tmp, v, quoted, limit, 0);
  clip(&tmp, limit);
  buf_add(b, tmp.data ? tmp.data : "", tmp.len);
}
