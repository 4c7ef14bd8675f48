// The canonical ABI's memory layout for the WIT types this producer returns (wasm32: strings and
// lists are (ptr, len) pairs; enums, bools and discriminants are bytes; fields align to their
// size). Results live in scratch memory until the host calls the export's cabi_post_* function.
#ifndef MINI_CANON_H
#define MINI_CANON_H
#include "mini.h"

// The ABI version (SPEC §1), as abi/wit/debug-hook.wit names it: every import and export carries it.
#define ABI_VERSION "0.4.2"
#define HOST_IMPORT(name) __attribute__((import_module("nestdbg:debug-hook/host@" ABI_VERSION), import_name(name)))
#define PRODUCER_EXPORT(name) __attribute__((export_name("nestdbg:debug-hook/producer@" ABI_VERSION "#" name)))

// WIT enum and variant case numbers, in declaration order.
enum { R_ENTRY, R_BREAKPOINT, R_STEP, R_PAUSE, R_EXCEPTION, R_DEBUGGER, R_FUNCTION_BREAKPOINT };
enum { OUT_STDOUT, OUT_STDERR, OUT_CONSOLE };
enum { SCOPE_LOCAL, SCOPE_CLOSURE, SCOPE_GLOBAL, SCOPE_OTHER };
enum { FILTER_ALL, FILTER_NAMED, FILTER_INDEXED };

// Record sizes (and the field offsets used below) as the canonical ABI computes them.
#define FRAME_INFO_SIZE 36      // id 0, name 4, position 12 (script, line, column), inspectable 24, native-frame 28 (option<u32>)
#define SCOPE_INFO_SIZE 28      // name 0, kind 8, handle 12, named-count 16/20, expensive 24
#define VALUE_INFO_SIZE 40      // display 0, type-name 8, handle 16, named-count 20/24, indexed-count 28/32, lazy 36/37
#define VARIABLE_INFO_SIZE 48   // name 0, value 8
#define BP_REQUEST_SIZE 48      // line 0, column 4/8, condition 12/16, hit-condition 24/28, log-message 36/40
#define BP_RESULT_SIZE 32       // verified 0, line 4/8, column 12/16, message 20/24

static inline void put_u8(u8 *p, u32 off, u32 v) { p[off] = (u8)v; }
static inline void put_u32(u8 *p, u32 off, u32 v) { *(u32 *)(p + off) = v; }
static inline u32 get_u32(const u8 *p, u32 off) { return *(const u32 *)(p + off); }

static inline void put_str(u8 *p, u32 off, const char *s, u32 len) {
  char *copy = scratch_alloc(len + 1);
  mem_copy(copy, s, len);
  put_u32(p, off, (u32)(size_t)copy);
  put_u32(p, off + 4, len);
}

static inline void put_cstr(u8 *p, u32 off, const char *s) { put_str(p, off, s, cstr_len(s)); }

static inline void put_option_u32(u8 *p, u32 off, i32 some, u32 v) {
  put_u8(p, off, some ? 1 : 0);
  put_u32(p, off + 4, some ? v : 0);
}

// A result<_, error-info>-shaped area: discriminant at 0, payload at 4.
static inline u8 *result_ok(u32 payload_size) {
  u8 *r = scratch_alloc(4 + payload_size);
  put_u8(r, 0, 0);
  return r;
}

static inline u8 *result_error(const char *message) {
  u8 *r = scratch_alloc(12);
  put_u8(r, 0, 1);
  put_cstr(r, 4, message);
  return r;
}

// inspect.c: handles die with the stop that issued them (SPEC §7).
void handles_release(void);
void value_info(u8 *out, Value v, i32 frame);

// A host-command (28 bytes, align 4): case 0 resume (resume-action at 4), case 1 call (producer-call at 4).
#define HOST_COMMAND_SIZE 28
// commands.c: serves the `call` commands of a host call until it resumes (SPEC §2.6).
void serve_commands(u8 *cmd);

// The producer functions, exported for calls while idle and called by serve_commands during a host
// call. Each returns its result in the canonical memory layout, in scratch memory.
u8 *capabilities(void);
u8 *set_breakpoints(u32 script, const u8 *requests, u32 n);
void request_pause(void);
u8 *set_function_breakpoints(const u8 *requests, u32 n);
u8 *set_exception_breakpoints(const u8 *filters, u32 n);
u8 *breakpoint_locations(u32 script, u32 start, u32 end);
u8 *exception_info(void);
u8 *frames(void);
u8 *scopes(u32 frame);
u8 *variables(u32 container, u32 filter, u32 start, u32 count);
u8 *evaluate(u32 frame_some, u32 frame, const char *src, u32 len, u32 context);
u8 *set_variable(u32 container, const char *name, u32 name_len, const char *src, u32 len);

#endif
