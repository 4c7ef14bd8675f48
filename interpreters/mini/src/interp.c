// The tree-walking evaluator: statements, expressions, calls and the builtins. Runtime errors set
// vm.failed and unwind by return codes (a freestanding wasm32 build has no setjmp).
#include "mini.h"
#include "syntax.h"

Vm vm;

static void set_error(i32 line, Value v, const char *message, u32 len) {
  vm.failed = 1;
  vm.thrown = v;
  vm.error_line = line;
  u32 n = len < sizeof vm.error - 1 ? len : sizeof vm.error - 1;
  mem_copy(vm.error, message, n);
  vm.error[n] = 0;
}

enum { DONE, RETURNED, FAILED };
#define STACK_VALUES 65536

static Func builtins[] = {
  {.builtin = B_PRINT}, {.builtin = B_LEN}, {.builtin = B_PUSH}, {.builtin = B_STR},
};
static const char *builtin_names[] = {"print", "len", "push", "str"};

void vm_init(void) {
  vm.stack = vm.sp = heap_alloc(STACK_VALUES * sizeof(Value));
  vm.stack_end = vm.stack + STACK_VALUES;
  vm.main.name = str_intern("<main>", 6);
  for (u32 i = 0; i < sizeof builtins / sizeof builtins[0]; i++) {
    builtins[i].name = str_intern(builtin_names[i], cstr_len(builtin_names[i]));
    i32 slot = global_slot(builtins[i].name, 1);
    vm.globals[slot] = (Value){.tag = T_FN, .fn = &builtins[i]};
    vm.global_builtin[slot] = 1;
  }
}

i32 global_slot(Str *name, i32 create) {
  for (i32 i = 0; i < vm.nglobals; i++) if (vm.global_names[i] == name) return i;
  if (!create || vm.nglobals == MAX_GLOBALS) return -1;
  vm.global_names[vm.nglobals] = name;
  return vm.nglobals++;
}

void runtime_error(i32 line, const char *msg, const Str *detail) {
  if (vm.failed) return;
  Buf b = {.scratch = dbg.inspecting};
  buf_cstr(&b, msg);
  if (detail) {
    buf_cstr(&b, " '");
    buf_add(&b, detail->data, detail->len > 40 ? 40 : detail->len);
    buf_cstr(&b, "'");
  }
  // Only an inspection's own time limit is beyond `catch` (a guest loop could catch it forever).
  vm.fatal = dbg.inspecting && dbg.budget <= 0;
  raise_error(line, (Value){.tag = T_STR, .str = str_new(b.data, b.len)}, 1);
}

void raise_error(i32 line, Value v, i32 runtime) {
  if (vm.failed) return;
  char message[sizeof vm.error];
  u32 n = 0;
  if (runtime && v.tag == T_STR) {
    n = v.str->len < sizeof message - 1 ? v.str->len : sizeof message - 1;
    mem_copy(message, v.str->data, n);
  } else {
    Buf b = {.scratch = 1};
    render(&b, v, 0, 200);
    n = b.len < sizeof message - 1 ? b.len : sizeof message - 1;
    mem_copy(message, b.data, n);
  }
  message[n] = 0;
#ifndef MINI_PLAIN
  // Before anything unwinds, so an exception stop sees every frame (SPEC §6.7); the stop may run
  // inspection code that fails and overwrites vm.error, so the error is recorded after it.
  if (!dbg.inspecting) on_exception(v, runtime, message);
#endif
  set_error(line, v, message, n);
}

i32 truthy(Value v) { return !(v.tag == T_NIL || (v.tag == T_BOOL && !v.b)); }

static Value nil(void) { return (Value){.tag = T_NIL}; }
static Value num(double x) { return (Value){.tag = T_NUM, .num = x}; }
static Value boolean(i32 b) { return (Value){.tag = T_BOOL, .b = b}; }

static Value string_of(Value v) {
  if (v.tag == T_STR) return v;
  Buf b = {0};
  render(&b, v, 0, 0);
  return (Value){.tag = T_STR, .str = str_new(b.data ? b.data : "", b.len)};
}

static i32 values_equal(Value a, Value b) {
  if (a.tag != b.tag) return 0;
  switch (a.tag) {
    case T_NUM: return a.num == b.num;
    case T_BOOL: return !a.b == !b.b;
    case T_STR: return str_eq(a.str, b.str->data, b.str->len);
    case T_ARR: return a.arr == b.arr;
    case T_FN: return a.fn == b.fn;
    default: return 1;
  }
}

static i32 compare_strings(const Str *a, const Str *b) {
  u32 n = a->len < b->len ? a->len : b->len;
  for (u32 i = 0; i < n; i++)
    if (a->data[i] != b->data[i]) return (u8)a->data[i] < (u8)b->data[i] ? -1 : 1;
  return a->len < b->len ? -1 : a->len > b->len;
}

static void arr_push(Arr *a, Value v) {
  if (a->len == a->cap) {
    u32 cap = a->cap ? a->cap * 2 : 4;
    Value *grown = heap_alloc(cap * sizeof(Value));
    if (a->len) mem_copy(grown, a->items, a->len * sizeof(Value));
    a->items = grown;
    a->cap = cap;
  }
  a->items[a->len++] = v;
}

static Value binary(Node *e, Value a, Value b) {
  i32 op = e->op;
  if (op == TK_EQ) return boolean(values_equal(a, b));
  if (op == TK_NE) return boolean(!values_equal(a, b));
  if (op == '+' && (a.tag == T_STR || b.tag == T_STR)) {
    Str *x = string_of(a).str, *y = string_of(b).str;
    Str *r = heap_alloc(sizeof(Str) + x->len + y->len + 1);
    r->len = x->len + y->len;
    mem_copy(r->data, x->data, x->len);
    mem_copy(r->data + x->len, y->data, y->len);
    return (Value){.tag = T_STR, .str = r};
  }
  if (a.tag == T_STR && b.tag == T_STR && (op == '<' || op == TK_LE || op == '>' || op == TK_GE)) {
    i32 c = compare_strings(a.str, b.str);
    return boolean(op == '<' ? c < 0 : op == TK_LE ? c <= 0 : op == '>' ? c > 0 : c >= 0);
  }
  if (a.tag != T_NUM || b.tag != T_NUM) {
    Str *t = str_intern(type_name(a.tag != T_NUM ? a : b), cstr_len(type_name(a.tag != T_NUM ? a : b)));
    runtime_error(e->line, "arithmetic or comparison on a value of type", t);
    return nil();
  }
  double x = a.num, y = b.num;
  switch (op) {
    case '+': return num(x + y);
    case '-': return num(x - y);
    case '*': return num(x * y);
    case '/': return num(x / y);
    case '%': return num(y == 0 ? 0.0 / 0.0 : x - __builtin_floor(x / y) * y);
    case '<': return boolean(x < y);
    case TK_LE: return boolean(x <= y);
    case '>': return boolean(x > y);
    default: return boolean(x >= y);
  }
}

static i32 exec_block(Node *b);

static Value call_builtin(Node *e, i32 which, Value *args, i32 n) {
  if (which == B_PRINT) {
    Buf b = {0};
    for (i32 i = 0; i < n; i++) {
      if (i) buf_cstr(&b, " ");
      render(&b, args[i], 0, 0);
    }
    buf_cstr(&b, "\n");
    host_output(0, b.data, b.len, e->line);
    return nil();
  }
  if (which == B_STR && n == 1) return string_of(args[0]);
  if (which == B_LEN && n == 1 && args[0].tag == T_ARR) return num(args[0].arr->len);
  if (which == B_LEN && n == 1 && args[0].tag == T_STR) return num(args[0].str->len);
  if (which == B_PUSH && n == 2 && args[0].tag == T_ARR) {
    arr_push(args[0].arr, args[1]);
    return args[0];
  }
  static const char *usage[] = {"", "", "len expects an array or a string", "push expects an array and a value", "str expects one value"};
  runtime_error(e->line, usage[which], NULL);
  return nil();
}

// Arguments are evaluated onto the value stack, where they become the callee's first slots.
static Value call(Node *e) {
  Value callee = eval_expr(e->a);
  if (vm.failed) return nil();
  Value *base = vm.sp;
  i32 n = 0;
  for (Node *arg = e->b; arg; arg = arg->next, n++) {
    if (vm.sp == vm.stack_end) { runtime_error(e->line, "stack overflow", NULL); break; }
    Value v = eval_expr(arg);
    *vm.sp++ = v;
    if (vm.failed) break;
  }
  Value result = nil();
  if (vm.failed) goto out;
  if (callee.tag != T_FN) {
    runtime_error(e->line, "attempt to call a value of type", str_intern(type_name(callee), cstr_len(type_name(callee))));
    goto out;
  }
  Func *fn = callee.fn;
  if (fn->builtin) {
    result = call_builtin(e, fn->builtin, base, n);
    goto out;
  }
  if (n != fn->nparams) {
    runtime_error(e->line, "wrong number of arguments to", fn->name);
    goto out;
  }
  if (vm.depth == MAX_DEPTH || base + fn->nslots > vm.stack_end) {
    runtime_error(e->line, "stack overflow calling", fn->name);
    goto out;
  }
  mem_set(base + n, 0, (u32)(fn->nslots - n) * sizeof(Value)); // the `let`s: T_UNSET
  vm.sp = base + fn->nslots;
  Frame *caller = vm.cur;
  Frame *f = &vm.frames[vm.depth++];
  *f = (Frame){.fn = fn, .locals = base, .line = fn->line};
  vm.cur = f;
  if (exec_block(fn->body) == RETURNED) result = vm.ret;
  vm.depth--;
  vm.cur = caller;
out:
  vm.sp = base;
  return result;
}

Value eval_expr(Node *e) {
  switch (e->kind) {
    case N_LIT: return e->lit;
    case N_LOCAL: {
      Value v = vm.cur->locals[e->slot];
      if (v.tag == T_UNSET) runtime_error(e->line, "variable used before its 'let':", vm.cur->fn->slots[e->slot]);
      return v;
    }
    case N_GLOBAL: {
      Value v = vm.globals[e->slot];
      if (v.tag == T_UNSET) runtime_error(e->line, "undefined variable", vm.global_names[e->slot]);
      return v;
    }
    case N_NEG: {
      Value v = eval_expr(e->a);
      if (!vm.failed && v.tag != T_NUM) runtime_error(e->line, "cannot negate a value of type", str_intern(type_name(v), cstr_len(type_name(v))));
      return vm.failed ? nil() : num(-v.num);
    }
    case N_NOT: {
      Value v = eval_expr(e->a);
      return vm.failed ? nil() : boolean(!truthy(v));
    }
    case N_AND: case N_OR: {
      Value v = eval_expr(e->a);
      if (vm.failed || truthy(v) == (e->kind == N_OR)) return v;
      return eval_expr(e->b);
    }
    case N_BIN: {
      Value a = eval_expr(e->a);
      if (vm.failed) return nil();
      Value b = eval_expr(e->b);
      return vm.failed ? nil() : binary(e, a, b);
    }
    case N_CALL: return call(e);
    case N_ARRAY: {
      Arr *a = heap_alloc(sizeof(Arr));
      for (Node *item = e->a; item && !vm.failed; item = item->next) arr_push(a, eval_expr(item));
      return vm.failed ? nil() : (Value){.tag = T_ARR, .arr = a};
    }
    case N_INDEX: {
      Value a = eval_expr(e->a);
      if (vm.failed) return nil();
      Value i = eval_expr(e->b);
      if (vm.failed) return nil();
      u32 len = a.tag == T_ARR ? a.arr->len : a.tag == T_STR ? a.str->len : 0;
      if (a.tag != T_ARR && a.tag != T_STR) runtime_error(e->line, "cannot index a value of type", str_intern(type_name(a), cstr_len(type_name(a))));
      else if (i.tag != T_NUM || i.num != __builtin_trunc(i.num) || i.num < 0 || i.num >= len) runtime_error(e->line, "index out of range", NULL);
      if (vm.failed) return nil();
      if (a.tag == T_STR) return (Value){.tag = T_STR, .str = str_new(a.str->data + (u32)i.num, 1)};
      return a.arr->items[(u32)i.num];
    }
    default: return nil();
  }
}

void assign_to(Node *target, Value v) {
  if (target->kind == N_LOCAL) vm.cur->locals[target->slot] = v;
  else if (target->kind == N_GLOBAL) vm.globals[target->slot] = v;
  else if (target->kind == N_INDEX) {
    Value a = eval_expr(target->a);
    if (vm.failed) return;
    Value i = eval_expr(target->b);
    if (vm.failed) return;
    if (a.tag != T_ARR) return runtime_error(target->line, "cannot assign into a value of type", str_intern(type_name(a), cstr_len(type_name(a))));
    if (i.tag != T_NUM || i.num != __builtin_trunc(i.num) || i.num < 0 || i.num >= a.arr->len) return runtime_error(target->line, "index out of range", NULL);
    a.arr->items[(u32)i.num] = v;
  }
}

// Each iteration arrives at the loop's line again (a backward jump, as Lua's line hook sees it), even
// when the loop is not first on its line: that line has a position anyway, and so a one-line loop
// can still be paused and a runaway evaluation ended. Returns 0 when a runtime error unwinds.
static i32 next_iteration(Node *s, Frame *top) {
  top->line = s->line;
  at_position(s->line);
  return !vm.failed;
}

static i32 exec(Node *s) {
  Frame *top = &vm.frames[vm.depth - 1];
  top->line = s->line;
  if (s->position) {
    at_position(s->line);
    if (vm.failed) return FAILED;
  }
  switch (s->kind) {
    case N_ASSIGN: {
      Value v = eval_expr(s->b);
      if (!vm.failed) assign_to(s->a, v);
      break;
    }
    case N_EXPR: eval_expr(s->a); break;
    case N_RETURN: vm.ret = s->a ? eval_expr(s->a) : nil(); return vm.failed ? FAILED : RETURNED;
    case N_IF: {
      Value c = eval_expr(s->a);
      if (vm.failed) return FAILED;
      if (truthy(c)) return exec_block(s->b);
      if (s->c) return s->c->kind == N_BLOCK ? exec_block(s->c) : exec(s->c);
      break;
    }
    case N_WHILE:
      for (i32 first = 1;; first = 0) {
        if (!first && !next_iteration(s, top)) return FAILED;
        Value c = eval_expr(s->a);
        if (vm.failed) return FAILED;
        if (!truthy(c)) break;
        i32 r = exec_block(s->b);
        if (r) return r;
      }
      break;
    case N_FOR: {
      Value from = eval_expr(s->a);
      if (vm.failed) return FAILED;
      Value limit = eval_expr(s->b);
      if (vm.failed) return FAILED;
      if (from.tag != T_NUM || limit.tag != T_NUM) { runtime_error(s->line, "'for' needs numbers", NULL); return FAILED; }
      for (double i = from.num; i <= limit.num; i++) {
        if (i != from.num && !next_iteration(s, top)) return FAILED;
        assign_to(s->c, num(i));
        i32 r = exec_block(s->c->next);
        if (r) return r;
      }
      break;
    }
    case N_BLOCK: return exec_block(s);
    case N_THROW: {
      Value v = eval_expr(s->a);
      if (!vm.failed) raise_error(s->line, v, 0);
      return FAILED;
    }
    case N_TRY: {
      vm.try_depth++;
      i32 r = exec_block(s->a);
      vm.try_depth--;
      if (r != FAILED || vm.fatal) return r;
      // Caught: the frames it unwound are gone (call() restored depth and cur on the way out).
      vm.failed = 0;
      assign_to(s->c, vm.thrown);
      return exec_block(s->b);
    }
  }
  return vm.failed ? FAILED : DONE;
}

static i32 exec_block(Node *b) {
  for (Node *s = b->a; s; s = s->next) {
    i32 r = exec(s);
    if (r) return r;
  }
  return DONE;
}

i32 exec_program(Node *top) {
  vm.depth = 1;
  vm.frames[0] = (Frame){.fn = &vm.main, .locals = vm.sp, .line = 1};
  vm.cur = &vm.frames[0];
  return exec_block(top) == FAILED;
}
