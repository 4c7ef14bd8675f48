// mini: a small tree-walking interpreter, built freestanding for wasm32. Shared types and the
// functions each file offers the others. No libc: the few helpers it needs are in alloc.c.
#ifndef MINI_H
#define MINI_H

typedef unsigned char u8;
typedef unsigned int u32;
typedef int i32;
typedef unsigned long size_t;
#define NULL ((void *)0)

// ---- values -------------------------------------------------------------------------------------

// T_UNSET marks a variable whose `let` has not run yet: reading it is an error, listing skips it.
enum { T_UNSET, T_NIL, T_BOOL, T_NUM, T_STR, T_ARR, T_FN };

typedef struct Str { u32 len; char data[]; } Str;
typedef struct Value Value;
typedef struct Arr { u32 len, cap; Value *items; } Arr;
typedef struct Func Func;

struct Value {
  u32 tag;
  union { double num; i32 b; Str *str; Arr *arr; Func *fn; };
};

// ---- syntax tree --------------------------------------------------------------------------------

enum {
  // expressions
  N_LIT, N_LOCAL, N_GLOBAL, N_BIN, N_NEG, N_NOT, N_AND, N_OR, N_CALL, N_INDEX, N_ARRAY,
  // statements
  N_LET, N_ASSIGN, N_IF, N_WHILE, N_FOR, N_RETURN, N_EXPR, N_BLOCK, N_TRY, N_THROW,
};

typedef struct Node {
  u8 kind;
  u8 position;     // a statement that is a valid position (first on its line): the hook runs here
  i32 op;          // N_BIN: the operator token
  i32 line;
  i32 slot;        // N_LOCAL/N_LET/N_FOR: local slot; N_GLOBAL: global index
  struct Node *a, *b, *c;
  struct Node *next; // next statement in a block, next argument or element
  Value lit;
} Node;

enum { B_NONE, B_PRINT, B_LEN, B_PUSH, B_STR };

struct Func {
  Str *name;
  i32 line;
  i32 nparams, nslots;
  Str **slots;     // slot names: parameters first, then each `let` in order of appearance
  Node *body;
  i32 builtin;
};

// ---- interpreter state ----------------------------------------------------------------------------

#define MAX_DEPTH 200
#define MAX_GLOBALS 1024

typedef struct Frame { Func *fn; Value *locals; i32 line; } Frame;

typedef struct Vm {
  Frame frames[MAX_DEPTH];
  i32 depth;
  Frame *cur;                  // the frame whose locals N_LOCAL reads (evaluate may pick another)
  Value *stack, *sp, *stack_end;
  Value globals[MAX_GLOBALS];
  Str *global_names[MAX_GLOBALS];
  u8 global_builtin[MAX_GLOBALS];
  i32 nglobals;
  Func main;                   // top-level code: no locals (its `let`s are globals)
  Value ret;
  i32 failed;                  // an error is unwinding; `error` says what, `thrown` is the value
  i32 error_line;
  char error[256];
  Value thrown;                // what `catch` binds: the thrown value, or a runtime error's message
  i32 try_depth;               // try blocks running, in all frames: an error raised now is caught
  i32 fatal;                   // an inspection ran too long: no `catch` may stop this error (SPEC §9.4)
} Vm;

extern Vm vm;

// ---- alloc.c: memory, strings ------------------------------------------------------------------------

void *heap_alloc(size_t n);          // never freed: program data and guest values
void *scratch_alloc(size_t n);       // freed as a whole by scratch_reset (inspection answers)
void scratch_reset(void);
extern i32 parse_in_scratch;         // the parser's nodes go to scratch (evaluate) or the heap
void *mem_copy(void *d, const void *s, size_t n);
void *mem_set(void *d, int c, size_t n);
Str *str_new(const char *s, u32 len); // on the heap
Str *str_intern(const char *s, u32 len);
i32 str_eq(const Str *s, const char *t, u32 len);
u32 cstr_len(const char *s);

// A growable text buffer on the heap, for print, rendering and messages.
typedef struct Buf { char *data; u32 len, cap; i32 scratch; } Buf;
void buf_add(Buf *b, const char *s, u32 n);
void buf_cstr(Buf *b, const char *s);
void buf_num(Buf *b, double x);
void buf_int(Buf *b, i32 x);

// ---- lexer.c / parser.c -------------------------------------------------------------------------------

typedef struct Program { Func **funcs; i32 nfuncs; Node *top; i32 nlines; u8 *valid; } Program;

// Parses a whole program; on a syntax error returns 0 and fills vm.error / vm.error_line.
i32 parse_program(const char *src, u32 len, Program *out);
// Parses one expression (or `name = expr`) against `fn`'s locals and the existing globals, into
// scratch memory (an evaluate) or, with `keep`, the heap (an exception filter's condition).
Node *parse_expression(const char *src, u32 len, Func *fn, i32 keep);

// ---- interp.c ------------------------------------------------------------------------------------

void vm_init(void);
i32 global_slot(Str *name, i32 create);
void runtime_error(i32 line, const char *msg, const Str *detail);
// Raises `v` (a `throw`, or a runtime error's message with runtime = 1): it unwinds to the nearest
// `catch`, or ends the program. The debugger sees it first (on_exception), before anything unwinds.
void raise_error(i32 line, Value v, i32 runtime);
i32 exec_program(Node *top);
Value eval_expr(Node *e);
void assign_to(Node *target, Value v);
i32 truthy(Value v);

// ---- values.c ----------------------------------------------------------------------------------

void render(Buf *b, Value v, i32 quoted, i32 limit);
const char *type_name(Value v);

// ---- hooks.c: the ABI's host imports and the per-position check ---------------------------------

typedef struct Debug {
  i32 armed;         // any breakpoint, a step or a pause: only then does a position call on_position
  i32 poll_left;     // positions until the next poll-pause
  i32 inspecting;    // inspection runs guest code: no stops, no polls, a statement budget
  i32 budget;
  i32 in_stop;
  i32 script;        // the one script's id (0 before it is announced)
  u8 *bp_lines;      // per line: a bound breakpoint
  u8 *valid;         // per line: a valid position
  i32 nlines;
  i32 exc_filters;   // exception stops wanted: bit 0 caught, bit 1 uncaught (SPEC §6.7)
  Node *exc_condition[2]; // per filter (caught, uncaught): an expression on `error`, or NULL
  i32 exc_stop;      // the current stop is an exception stop: exception-info answers
  i32 exc_runtime;
  i32 exc_caught;
  Value exc_value;
  const Str *url;
  i32 step_kind;     // 0 none, 1 into, 2 over, 3 out
  i32 step_depth;
  i32 pause_pending;
  i32 entry_armed;
} Debug;

extern Debug dbg;

void on_position(i32 line);
// Reports a stop to the host and applies the resume action it returns; `description` may be NULL.
void stop(i32 reason, i32 line, const char *description, u32 description_len);
void on_exception(Value v, i32 runtime, const char *message);
void poll(void);
void update_armed(void);
void host_output(i32 category, const char *text, u32 len, i32 line);
void host_script_loaded(const Str *url, const char *src, u32 len);

// Every statement that is a valid position calls this: two loads and a branch when idle. The plain
// build (-DMINI_PLAIN, mini-plain.wasm) compiles it out: the no-hooks baseline for benchmarks.
#ifdef MINI_PLAIN
static inline void at_position(i32 line) { (void)line; }
#else
static inline void at_position(i32 line) {
  if (--dbg.poll_left <= 0) poll();
  if (dbg.armed) on_position(line);
}
#endif

#endif
