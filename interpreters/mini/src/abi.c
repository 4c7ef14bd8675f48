// The producer's exports that are not inspection: capabilities, breakpoints, pause, the breakpoint
// kinds mini does not declare (exception breakpoints are in exceptions.c), and the canonical ABI's memory functions (cabi_realloc, cabi_post_*).
#include "canon.h"

// line-breakpoints, stepping, pause, evaluate, set-variable, paging, breakpoints-before-load,
// exception-breakpoints (exceptions.c)
static const u8 CAPABILITIES[] = {0, 1, 2, 3, 4, 5, 6, 11};

PRODUCER_EXPORT("capabilities") u8 *capabilities(void) {
  u8 *r = scratch_alloc(8);
  u8 *list = scratch_alloc(sizeof CAPABILITIES);
  mem_copy(list, CAPABILITIES, sizeof CAPABILITIES);
  put_u32(r, 0, (u32)(size_t)list);
  put_u32(r, 4, sizeof CAPABILITIES);
  return r;
}

static void unverified(u8 *out, const char *message) {
  put_u8(out, 0, 0);
  put_cstr(out, 24, message);
  put_u8(out, 20, 1);
}

// Line granularity (SPEC §4.1–4.2): a request binds to the first line with a position at or after
// it, in column 1; the requested column is ignored. The new set replaces the old (§4.3).
PRODUCER_EXPORT("set-breakpoints") u8 *set_breakpoints(u32 script, const u8 *requests, u32 n) {
  u8 *r = scratch_alloc(8);
  u8 *results = scratch_alloc(n * BP_RESULT_SIZE + 1);
  put_u32(r, 0, (u32)(size_t)results);
  put_u32(r, 4, n);
  i32 known = dbg.script && script == (u32)dbg.script;
  if (known) mem_set(dbg.bp_lines, 0, (u32)dbg.nlines + 1);
  for (u32 i = 0; i < n; i++) {
    const u8 *req = requests + i * BP_REQUEST_SIZE;
    u8 *out = results + i * BP_RESULT_SIZE;
    if (!known) { unverified(out, "unknown script"); continue; }
    if (req[12] || req[24] || req[36]) {
      unverified(out, "conditions, hit counts and logpoints are not supported by mini");
      continue;
    }
    u32 want = get_u32(req, 0), line = want ? want : 1;
    while (line <= (u32)dbg.nlines && !dbg.valid[line]) line++;
    if (line > (u32)dbg.nlines) {
      Buf b = {.scratch = 1};
      buf_cstr(&b, "no code at or after line ");
      buf_num(&b, want);
      unverified(out, b.data);
      continue;
    }
    dbg.bp_lines[line] = 1;
    put_u8(out, 0, 1);
    put_option_u32(out, 4, 1, line);
    put_option_u32(out, 12, 1, 1);
    if (line != want) {
      Buf b = {.scratch = 1};
      buf_cstr(&b, "moved to line ");
      buf_int(&b, (i32)line);
      buf_cstr(&b, ", the next line with code");
      put_u8(out, 20, 1);
      put_str(out, 24, b.data, b.len);
    }
  }
  update_armed();
  return r;
}

PRODUCER_EXPORT("request-pause") void request_pause(void) {
  dbg.pause_pending = 1;
  update_armed();
}

// Not declared (SPEC §12.3): honest errors.
PRODUCER_EXPORT("set-function-breakpoints") u8 *set_function_breakpoints(const u8 *p, u32 n) {
  (void)p, (void)n;
  return result_error("function breakpoints are not supported by mini");
}

PRODUCER_EXPORT("breakpoint-locations") u8 *breakpoint_locations(u32 script, u32 start, u32 end) {
  (void)script, (void)start, (void)end;
  return result_error("breakpoint locations are not supported by mini");
}

// The host allocates an export's string and list arguments here before the call.
__attribute__((export_name("cabi_realloc"))) void *cabi_realloc(void *old, u32 old_size, u32 align, u32 new_size) {
  (void)align; // scratch_alloc aligns to 8, enough for every WIT type
  void *p = scratch_alloc(new_size);
  if (old) mem_copy(p, old, old_size < new_size ? old_size : new_size);
  return p;
}

// After the host has read an export's result, everything in scratch is dead.
#define POST_FN(name, id) \
  __attribute__((export_name("cabi_post_nestdbg:debug-hook/producer@" ABI_VERSION "#" name))) void post_##id(u8 *r) { (void)r; scratch_reset(); }
POST_FN("capabilities", capabilities)
POST_FN("set-breakpoints", set_breakpoints)
POST_FN("set-function-breakpoints", set_function_breakpoints)
POST_FN("set-exception-breakpoints", set_exception_breakpoints)
POST_FN("breakpoint-locations", breakpoint_locations)
POST_FN("exception-info", exception_info)
POST_FN("frames", frames)
POST_FN("scopes", scopes)
POST_FN("variables", variables)
POST_FN("evaluate", evaluate)
POST_FN("set-variable", set_variable)
