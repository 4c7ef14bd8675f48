// The inspection exports (SPEC §10): frames, scopes, variables, evaluate, set-variable. They work
// only inside `stopped`; guest code they run (evaluate, set-variable) runs with hooks off (§9).
#include "canon.h"

enum { H_LOCALS, H_GLOBALS, H_VALUE };
typedef struct Handle { i32 kind; i32 frame; Value v; } Handle;

#define MAX_HANDLES 4096
// Statements' worth of polls an evaluation may run before it is ended.
#define EVAL_BUDGET 5000000

static Handle handles[MAX_HANDLES];
// Handle numbers grow across stops and are never reused, so a stale one is detected (SPEC §7).
static u32 handle_base = 1, nhandles;

void handles_release(void) {
  handle_base += nhandles;
  nhandles = 0;
}

static u32 new_handle(i32 kind, i32 frame, Value v) {
  if (nhandles == MAX_HANDLES) return 0; // shown as not expandable rather than failing
  handles[nhandles] = (Handle){.kind = kind, .frame = frame, .v = v};
  return handle_base + nhandles++;
}

static Handle *lookup(u32 h) {
  if (!dbg.in_stop || h < handle_base || h - handle_base >= nhandles) return NULL;
  return &handles[h - handle_base];
}

// Frame id k is the k-th frame from the top (SPEC §10.1).
static Frame *frame_at(u32 id) { return id < (u32)vm.depth ? &vm.frames[vm.depth - 1 - id] : NULL; }

// ---- what each container holds --------------------------------------------------------------------

static i32 user_global(i32 i) {
  return !vm.global_builtin[i] && vm.globals[i].tag != T_UNSET && vm.globals[i].tag != T_FN;
}

// Named children of a scope: (name, value) pairs in a stable order; returns how many.
static i32 scope_entry(const Handle *h, i32 want, Str **name, Value **value) {
  i32 seen = 0;
  if (h->kind == H_LOCALS) {
    Frame *f = frame_at((u32)h->frame);
    for (i32 s = 0; f && s < f->fn->nslots; s++) {
      if (f->locals[s].tag == T_UNSET) continue; // its `let` has not run yet
      if (seen++ == want) { *name = f->fn->slots[s]; *value = &f->locals[s]; return 1; }
    }
  } else if (h->kind == H_GLOBALS) {
    for (i32 g = 0; g < vm.nglobals; g++) {
      if (!user_global(g)) continue;
      if (seen++ == want) { *name = vm.global_names[g]; *value = &vm.globals[g]; return 1; }
    }
  }
  return want < 0 ? seen : 0;
}

static i32 scope_count(const Handle *h) { return scope_entry(h, -1, NULL, NULL); }

void value_info(u8 *out, Value v, i32 frame) {
  Buf b = {.scratch = 1};
  render(&b, v, 1, 200);
  put_str(out, 0, b.data, b.len);
  put_cstr(out, 8, type_name(v));
  put_u8(out, 36, 0); // lazy: none (mini has no getters)
  if (v.tag == T_ARR) {
    put_u32(out, 16, v.arr->len ? new_handle(H_VALUE, frame, v) : 0);
    put_option_u32(out, 20, 1, 0);
    put_option_u32(out, 28, 1, v.arr->len);
  }
}

static u8 *not_stopped(void) { return result_error("the guest is not stopped"); }

// ---- frames and scopes --------------------------------------------------------------------------

PRODUCER_EXPORT("frames") u8 *frames(void) {
  if (!dbg.in_stop) return not_stopped();
  u8 *r = result_ok(8), *list = scratch_alloc((u32)vm.depth * FRAME_INFO_SIZE);
  for (i32 k = 0; k < vm.depth; k++) {
    Frame *f = frame_at((u32)k);
    u8 *out = list + k * FRAME_INFO_SIZE;
    put_u32(out, 0, (u32)k);
    put_str(out, 4, f->fn->name->data, f->fn->name->len);
    put_u32(out, 12, (u32)dbg.script);
    put_u32(out, 16, (u32)f->line);
    put_u32(out, 20, 1);
    put_u8(out, 24, 1);
    put_u8(out, 28, 0); // native-frame: none (mini's frames are not what its Wasm locals hold)
  }
  put_u32(r, 4, (u32)(size_t)list);
  put_u32(r, 8, (u32)vm.depth);
  return r;
}

static void scope(u8 *out, const char *name, i32 kind, i32 hkind, i32 frame) {
  Handle probe = {.kind = hkind, .frame = frame};
  i32 count = scope_count(&probe);
  put_cstr(out, 0, name);
  put_u8(out, 8, (u32)kind);
  put_u32(out, 12, count ? new_handle(hkind, frame, (Value){0}) : 0);
  put_option_u32(out, 16, 1, (u32)count);
}

PRODUCER_EXPORT("scopes") u8 *scopes(u32 frame) {
  if (!dbg.in_stop) return not_stopped();
  if (!frame_at(frame)) return result_error("unknown frame");
  u8 *r = result_ok(8), *list = scratch_alloc(2 * SCOPE_INFO_SIZE);
  scope(list, "Locals", SCOPE_LOCAL, H_LOCALS, (i32)frame);
  scope(list + SCOPE_INFO_SIZE, "Globals", SCOPE_GLOBAL, H_GLOBALS, (i32)frame);
  put_u32(r, 4, (u32)(size_t)list);
  put_u32(r, 8, 2);
  return r;
}

// ---- variables: named children of scopes, indexed children of arrays ------------------------------

PRODUCER_EXPORT("variables") u8 *variables(u32 container, u32 filter, u32 start, u32 count) {
  if (!dbg.in_stop) return not_stopped();
  Handle *h = lookup(container);
  if (!h) return result_error(container ? "unknown or stale handle" : "handle 0 has no children");
  i32 indexed = h->kind == H_VALUE;
  u32 total = indexed ? h->v.arr->len : (u32)scope_count(h);
  if ((indexed && filter == FILTER_NAMED) || (!indexed && filter == FILTER_INDEXED)) total = 0;
  u32 end = count && count < total - (start < total ? start : total) ? start + count : total;
  u32 n = start < end ? end - start : 0;
  u8 *r = result_ok(8), *list = scratch_alloc(n * VARIABLE_INFO_SIZE + 1);
  for (u32 i = 0; i < n; i++) {
    u8 *out = list + i * VARIABLE_INFO_SIZE;
    if (indexed) {
      Buf b = {.scratch = 1};
      buf_int(&b, (i32)(start + i));
      put_str(out, 0, b.data, b.len);
      value_info(out + 8, h->v.arr->items[start + i], h->frame);
    } else {
      Str *name;
      Value *value;
      scope_entry(h, (i32)(start + i), &name, &value);
      put_str(out, 0, name->data, name->len);
      value_info(out + 8, *value, h->frame);
    }
  }
  put_u32(r, 4, (u32)(size_t)list);
  put_u32(r, 8, n);
  return r;
}

// ---- evaluate and set-variable --------------------------------------------------------------------

// Runs `src` (an expression, or `target = expression`) in frame f with hooks off; 0 on error.
static i32 run_inspection(Frame *f, const char *src, u32 len, Value *out) {
  Node *e = parse_expression(src, len, f->fn, 0);
  if (!e) return 0;
  i32 depth = vm.depth, poll_left = dbg.poll_left;
  Frame *cur = vm.cur;
  Value *sp = vm.sp;
  dbg.inspecting = 1;
  dbg.budget = EVAL_BUDGET;
  update_armed();
  vm.cur = f;
  Value v;
  if (e->kind == N_ASSIGN) {
    v = eval_expr(e->b);
    if (!vm.failed) assign_to(e->a, v);
  } else {
    v = eval_expr(e);
  }
  vm.depth = depth, vm.cur = cur, vm.sp = sp;
  dbg.inspecting = 0;
  vm.fatal = 0;
  dbg.poll_left = poll_left;
  update_armed();
  if (vm.failed) {
    vm.failed = 0;
    return 0;
  }
  *out = v;
  return 1;
}

static u8 *value_result(Value v, i32 frame) {
  u8 *r = result_ok(VALUE_INFO_SIZE);
  value_info(r + 4, v, frame);
  return r;
}

PRODUCER_EXPORT("evaluate") u8 *evaluate(u32 frame_some, u32 frame, const char *src, u32 len, u32 context) {
  (void)context; // mini expressions may call functions in every context
  if (!dbg.in_stop) return not_stopped();
  // No frame: the global scope, which is what top-level code sees.
  Frame *f = frame_some ? frame_at(frame) : &vm.frames[0];
  if (!f) return result_error("unknown frame");
  Value v;
  if (!run_inspection(f, src, len, &v)) return result_error(vm.error);
  return value_result(v, frame_some ? (i32)frame : vm.depth - 1);
}

static i32 parse_index(const char *s, u32 len, u32 *out) {
  if (!len || len > 9) return 0;
  u32 v = 0;
  for (u32 i = 0; i < len; i++) {
    if (s[i] < '0' || s[i] > '9') return 0;
    v = v * 10 + (u32)(s[i] - '0');
  }
  *out = v;
  return 1;
}

PRODUCER_EXPORT("set-variable") u8 *set_variable(u32 container, const char *name, u32 name_len, const char *src, u32 len) {
  if (!dbg.in_stop) return not_stopped();
  Handle *h = lookup(container);
  if (!h) return result_error("unknown or stale handle");
  Frame *f = frame_at((u32)h->frame);
  if (!f) return result_error("the frame is gone");
  Value *slot = NULL;
  u32 index = 0;
  if (h->kind == H_VALUE) {
    if (parse_index(name, name_len, &index) && index < h->v.arr->len) slot = &h->v.arr->items[index];
  } else {
    i32 n = scope_count(h);
    for (i32 i = 0; i < n && !slot; i++) {
      Str *entry;
      Value *value;
      scope_entry(h, i, &entry, &value);
      if (str_eq(entry, name, name_len)) slot = value;
    }
  }
  if (!slot) return result_error(h->kind == H_VALUE ? "no such element" : "no variable of that name in this scope");
  Value v;
  if (!run_inspection(f, src, len, &v)) return result_error(vm.error);
  // The expression may have grown (moved) the array: index it again.
  if (h->kind == H_VALUE) {
    if (index >= h->v.arr->len) return result_error("the array shrank");
    slot = &h->v.arr->items[index];
  }
  *slot = v;
  return value_result(v, h->frame);
}
