// Exception stops (SPEC §6.7): the filters the host sets, the decision when an error is raised,
// and exception-info. An error is "caught" when a try block is running in any frame (vm.try_depth),
// decided at the raise, before anything unwinds, so the stop shows every frame.
#include "canon.h"

#define EXC_FILTER_SIZE 16   // kind 0, condition 4/8 (option<string>)
#define EXC_DETAILS_SIZE 32  // id 0, description 8, kind 16, stack-trace 20/24 (option<string>)
enum { KIND_CAUGHT, KIND_UNCAUGHT };

// Conditions see the exception as `error`, a local of this pseudo-function, plus the globals.
static Func filter_fn;
static Value filter_local;

static void filter_fn_init(void) {
  if (filter_fn.name) return;
  filter_fn.name = str_intern("<exception filter>", 18);
  filter_fn.nparams = filter_fn.nslots = 1;
  filter_fn.slots = heap_alloc(sizeof(Str *));
  filter_fn.slots[0] = str_intern("error", 5);
}

// Evaluates a filter's condition with hooks off (SPEC §9); an error counts as false.
static i32 condition_holds(Node *condition, Value error) {
  Frame *cur = vm.cur;
  Value *sp = vm.sp;
  i32 depth = vm.depth, poll_left = dbg.poll_left;
  Frame frame = {.fn = &filter_fn, .locals = &filter_local, .line = 0};
  filter_local = error;
  dbg.inspecting = 1;
  dbg.budget = 5000000;
  update_armed();
  vm.cur = &frame;
  Value v = eval_expr(condition);
  i32 holds = !vm.failed && truthy(v);
  vm.cur = cur, vm.sp = sp, vm.depth = depth;
  vm.failed = 0;
  vm.fatal = 0;
  dbg.inspecting = 0;
  dbg.poll_left = poll_left;
  update_armed();
  return holds;
}

void on_exception(Value v, i32 runtime, const char *message) {
  if (dbg.inspecting || dbg.in_stop || !dbg.script || !dbg.exc_filters) return;
  i32 kind = vm.try_depth > 0 ? KIND_CAUGHT : KIND_UNCAUGHT;
  if (!(dbg.exc_filters & (1 << kind))) return;
  if (dbg.exc_condition[kind] && !condition_holds(dbg.exc_condition[kind], v)) return;
  dbg.exc_stop = 1;
  dbg.exc_value = v;
  dbg.exc_runtime = runtime;
  dbg.exc_caught = kind == KIND_CAUGHT;
  // The top frame's current statement: where the error was raised (line granularity, §4.1).
  stop(R_EXCEPTION, vm.frames[vm.depth - 1].line, message, cstr_len(message));
  dbg.exc_stop = 0;
}

// Replaces the filters (an empty list turns exception stops off). A condition that does not parse
// is an error and leaves the old filters in place.
PRODUCER_EXPORT("set-exception-breakpoints") u8 *set_exception_breakpoints(const u8 *filters, u32 n) {
  filter_fn_init();
  i32 wanted = 0;
  Node *conditions[2] = {NULL, NULL};
  for (u32 i = 0; i < n; i++) {
    const u8 *f = filters + i * EXC_FILTER_SIZE;
    u32 kind = f[0];
    if (kind > KIND_UNCAUGHT) return result_error("unknown exception filter kind");
    wanted |= 1 << kind;
    if (!f[4]) continue;
    Node *e = parse_expression((const char *)(size_t)get_u32(f, 8), get_u32(f, 12), &filter_fn, 1);
    if (!e) return result_error(vm.error);
    if (e->kind == N_ASSIGN) return result_error("a filter condition is an expression, not an assignment");
    conditions[kind] = e;
  }
  dbg.exc_filters = wanted;
  dbg.exc_condition[0] = conditions[0];
  dbg.exc_condition[1] = conditions[1];
  return result_ok(0);
}

PRODUCER_EXPORT("exception-info") u8 *exception_info(void) {
  if (!dbg.in_stop || !dbg.exc_stop) return result_error("the guest is not stopped at an exception");
  u8 *r = result_ok(EXC_DETAILS_SIZE), *d = r + 4;
  Buf description = {.scratch = 1};
  render(&description, dbg.exc_value, 0, 200);
  put_cstr(d, 0, dbg.exc_runtime ? "runtime error" : type_name(dbg.exc_value));
  put_str(d, 8, description.data, description.len);
  put_u8(d, 16, dbg.exc_caught ? KIND_CAUGHT : KIND_UNCAUGHT);
  // The stack at the raise, top first, as "name (url:line)" lines.
  Buf stack = {.scratch = 1};
  for (i32 k = vm.depth - 1; k >= 0; k--) {
    Frame *f = &vm.frames[k];
    buf_cstr(&stack, "    at ");
    buf_add(&stack, f->fn->name->data, f->fn->name->len);
    buf_cstr(&stack, " (");
    if (dbg.url) buf_add(&stack, dbg.url->data, dbg.url->len);
    buf_cstr(&stack, ":");
    buf_int(&stack, f->line);
    buf_cstr(&stack, k ? ")\n" : ")");
  }
  put_u8(d, 20, 1);
  put_str(d, 24, stack.data, stack.len);
  return r;
}
