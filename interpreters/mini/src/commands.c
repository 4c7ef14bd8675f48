// The command loop (SPEC §2.6): the host never calls back into the interpreter while it is blocked
// in a host call. `script-loaded`, `stopped` and `poll-pause` return a host-command instead; a
// `call` is made here, through the same functions the producer exports, and its answer goes back
// through the `reply` import, which returns the next command, until a `resume` ends the host call.
// This keeps the module a valid Component Model component (no re-entrance into its instance).
#include "canon.h"

// reply(answer: producer-reply) -> host-command. The variant flattens to 13 values: its case, then
// the joined flat payloads (at most 12: a result<value-info, error-info>); the command is written
// at `ret`.
HOST_IMPORT("reply")
void imp_reply(i32 which, i32 a1, i32 a2, i32 a3, i32 a4, i32 a5, i32 a6, i32 a7, i32 a8, i32 a9, i32 a10, i32 a11, i32 a12, u8 *ret);

// producer-call cases, in WIT order (producer-reply has the same cases).
enum {
  C_CAPABILITIES, C_SET_BREAKPOINTS, C_REQUEST_PAUSE, C_SET_FUNCTION_BREAKPOINTS, C_SET_EXCEPTION_BREAKPOINTS,
  C_BREAKPOINT_LOCATIONS, C_EXCEPTION_INFO, C_FRAMES, C_SCOPES, C_VARIABLES, C_EVALUATE, C_SET_VARIABLE,
};

// Reading a value's canonical memory layout as its flat values: (offset, byte-sized) per value.
typedef struct Field { u8 offset, byte; } Field;
static const Field LIST[] = {{0, 0}, {4, 0}};
static const Field ERROR_INFO[] = {{0, 0}, {4, 0}};
static const Field EXCEPTION_DETAILS[] = {{0, 0}, {4, 0}, {8, 0}, {12, 0}, {16, 1}, {20, 1}, {24, 0}, {28, 0}};
static const Field VALUE_INFO[] = {{0, 0}, {4, 0}, {8, 0}, {12, 0}, {16, 0}, {20, 1}, {24, 0}, {28, 1}, {32, 0}, {36, 1}, {37, 1}};

static u32 flatten(u32 *flat, const u8 *p, const Field *fields, u32 n) {
  for (u32 i = 0; i < n; i++) flat[i] = fields[i].byte ? p[fields[i].offset] : get_u32(p, fields[i].offset);
  return n;
}

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

// A result<T, error-info> at r: its case, then T's flat values or the error's.
static void flatten_result(u32 *flat, const u8 *r, const Field *ok, u32 n) {
  flat[0] = r[0];
  if (r[0]) flatten(flat + 1, r + 4, ERROR_INFO, COUNT(ERROR_INFO));
  else if (ok) flatten(flat + 1, r + 4, ok, n);
}

// Makes the call a `call` command carries (its producer-call at p) and fills the reply's flat values.
static void dispatch(const u8 *p, u32 *flat) {
  const u8 *a = p + 4; // the case's payload (producer-call aligns to 4)
  u32 which = p[0];
  flat[0] = which;
  switch (which) {
    case C_CAPABILITIES: flatten(flat + 1, capabilities(), LIST, 2); break;
    case C_SET_BREAKPOINTS: flatten(flat + 1, set_breakpoints(get_u32(a, 0), (const u8 *)(size_t)get_u32(a, 4), get_u32(a, 8)), LIST, 2); break;
    case C_REQUEST_PAUSE: request_pause(); break;
    case C_SET_FUNCTION_BREAKPOINTS:
      flatten_result(flat + 1, set_function_breakpoints((const u8 *)(size_t)get_u32(a, 0), get_u32(a, 4)), LIST, 2);
      break;
    case C_SET_EXCEPTION_BREAKPOINTS:
      flatten_result(flat + 1, set_exception_breakpoints((const u8 *)(size_t)get_u32(a, 0), get_u32(a, 4)), NULL, 0);
      break;
    case C_BREAKPOINT_LOCATIONS: flatten_result(flat + 1, breakpoint_locations(get_u32(a, 0), get_u32(a, 4), get_u32(a, 8)), LIST, 2); break;
    case C_EXCEPTION_INFO: flatten_result(flat + 1, exception_info(), EXCEPTION_DETAILS, COUNT(EXCEPTION_DETAILS)); break;
    case C_FRAMES: flatten_result(flat + 1, frames(), LIST, 2); break;
    case C_SCOPES: flatten_result(flat + 1, scopes(get_u32(a, 0)), LIST, 2); break;
    case C_VARIABLES: flatten_result(flat + 1, variables(get_u32(a, 0), a[4], get_u32(a, 8), get_u32(a, 12)), LIST, 2); break;
    case C_EVALUATE: {
      const u8 *r = evaluate(a[0], get_u32(a, 4), (const char *)(size_t)get_u32(a, 8), get_u32(a, 12), a[16]);
      flatten_result(flat + 1, r, VALUE_INFO, COUNT(VALUE_INFO));
      break;
    }
    case C_SET_VARIABLE: {
      const u8 *r = set_variable(get_u32(a, 0), (const char *)(size_t)get_u32(a, 4), get_u32(a, 8), (const char *)(size_t)get_u32(a, 12), get_u32(a, 16));
      flatten_result(flat + 1, r, VALUE_INFO, COUNT(VALUE_INFO));
      break;
    }
    default: // a case this version does not know: answered as request-pause, which changes nothing here
      flat[0] = C_REQUEST_PAUSE;
  }
}

// Serves `call` commands until a `resume`; its resume-action is then at cmd + 4. Answers and the
// host's arguments live in scratch memory until the loop ends.
void serve_commands(u8 *cmd) {
  while (cmd[0] == 1) {
    u32 flat[13] = {0};
    dispatch(cmd + 4, flat);
    imp_reply((i32)flat[0], (i32)flat[1], (i32)flat[2], (i32)flat[3], (i32)flat[4], (i32)flat[5], (i32)flat[6], (i32)flat[7],
              (i32)flat[8], (i32)flat[9], (i32)flat[10], (i32)flat[11], (i32)flat[12], cmd);
  }
  scratch_reset();
}
