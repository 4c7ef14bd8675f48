// The embedding entry point: load one program, announce it to the host, run it.
#include "canon.h"

static void report(const Str *url, const char *what) {
  Buf b = {0};
  buf_cstr(&b, "mini: ");
  buf_add(&b, url->data, url->len);
  if (vm.error_line > 0) {
    buf_cstr(&b, ":");
    buf_int(&b, vm.error_line);
  }
  buf_cstr(&b, ": ");
  buf_cstr(&b, what);
  buf_cstr(&b, vm.error);
  buf_cstr(&b, "\n");
  host_output(OUT_STDERR, b.data, b.len, 0);
}

// Runs the program at (src, len), named url, to its end. The host passes both in memory it got from
// cabi_realloc. Returns the exit code: 0, or 1 after a syntax or runtime error (reported on stderr).
__attribute__((export_name("mini-run"))) i32 mini_run(const char *url_in, u32 url_len, const char *src_in, u32 len, i32 stop_on_entry) {
  Str *url = str_new(url_in, url_len);
  Str *source = str_new(src_in, len);
  scratch_reset();
  vm_init();
  Program program;
  if (!parse_program(source->data, len, &program)) {
    report(url, "syntax error: ");
    return 1;
  }
  for (i32 i = 0; i < program.nfuncs; i++) {
    Func *fn = program.funcs[i];
    vm.globals[global_slot(fn->name, 0)] = (Value){.tag = T_FN, .fn = fn};
  }
  dbg.nlines = program.nlines;
  dbg.valid = program.valid;
  dbg.bp_lines = heap_alloc((u32)program.nlines + 2);
  if (stop_on_entry) dbg.pause_pending = 1;
  host_script_loaded(url, source->data, len);
  // A pause asked for before the first position is an entry stop (SPEC §6.1).
  dbg.entry_armed = dbg.pause_pending;
  update_armed();
  i32 failed = exec_program(program.top);
  dbg.entry_armed = 0;
  if (failed) {
    report(url, "");
    return 1;
  }
  return 0;
}
