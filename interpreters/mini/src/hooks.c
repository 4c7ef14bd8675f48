// The host side of the ABI, as core-Wasm imports named after the WIT functions (flattened as the
// canonical ABI flattens them), and the decision at each position: stop or go on.
#include "canon.h"

// A host-command flattens to more values than a result may have: the host writes it at `ret`.
HOST_IMPORT("script-loaded")
void imp_script_loaded(i32 id, const char *url, u32 url_len, i32 source_some, const char *source, u32 source_len,
                       i32 map_some, const char *map, u32 map_len, u8 *ret);
HOST_IMPORT("stopped")
void imp_stopped(i32 reason, i32 script, i32 line, i32 column, i32 desc_some, const char *desc, u32 desc_len, u8 *ret);
HOST_IMPORT("output")
void imp_output(i32 category, const char *text, u32 len, i32 position_some, i32 script, i32 line, i32 column);
HOST_IMPORT("poll-pause") void imp_poll_pause(u8 *ret);

Debug dbg;

// Positions between two poll-pause calls: far below 10 ms of guest execution (SPEC §8.2).
#define POLL_EVERY 10000

void update_armed(void) {
  i32 any_bp = 0;
  for (i32 l = 1; dbg.bp_lines && l <= dbg.nlines && !any_bp; l++) any_bp = dbg.bp_lines[l];
  dbg.armed = !dbg.inspecting && (any_bp || dbg.step_kind || dbg.pause_pending);
}

void poll(void) {
  dbg.poll_left = POLL_EVERY;
  if (dbg.inspecting) {
    // Inspection code that runs too long is ended with an error (SPEC §9.4).
    if ((dbg.budget -= POLL_EVERY) <= 0) runtime_error(0, "evaluation took too long and was stopped", NULL);
    return;
  }
  if (!dbg.script) return;
  // A pause arrives as the call request-pause (which arms it); other queued calls are served too.
  u32 cmd[HOST_COMMAND_SIZE / 4];
  imp_poll_pause((u8 *)cmd);
  if (((u8 *)cmd)[0] == 1) serve_commands((u8 *)cmd);
}

void stop(i32 reason, i32 line, const char *description, u32 description_len) {
  u32 cmd[HOST_COMMAND_SIZE / 4] = {0};
  dbg.in_stop = 1;
  dbg.step_kind = 0;
  dbg.pause_pending = 0;
  dbg.entry_armed = 0;
  imp_stopped(reason, dbg.script, line, 1, description != NULL, description, description_len, (u8 *)cmd);
  serve_commands((u8 *)cmd); // the host inspects the stop through call commands
  u8 *action = (u8 *)cmd + 4;
  dbg.in_stop = 0;
  handles_release();
  // step(into | over | out) is case 1 with the step-kind after it; anything else runs.
  if (action[0] == 1 && action[1] <= 2) {
    dbg.step_kind = action[1] + 1;
    dbg.step_depth = vm.depth;
    if (dbg.step_kind == 3 && vm.depth <= 1) dbg.step_kind = 0; // `out` from depth 1 is `run`
  }
  update_armed();
}

// SPEC §6.4: into stops anywhere; over at depth <= d; out at depth < d. Breakpoints win (§5.5).
void on_position(i32 line) {
  if (dbg.inspecting || dbg.in_stop) return;
  i32 reason = -1;
  if (line <= dbg.nlines && dbg.bp_lines[line]) reason = R_BREAKPOINT;
  else if (dbg.step_kind == 1 || (dbg.step_kind == 2 && vm.depth <= dbg.step_depth) ||
           (dbg.step_kind == 3 && vm.depth < dbg.step_depth)) reason = R_STEP;
  else if (dbg.pause_pending) reason = dbg.entry_armed ? R_ENTRY : R_PAUSE;
  if (reason >= 0) stop(reason, line, NULL, 0);
}

void host_output(i32 category, const char *text, u32 len, i32 line) {
  imp_output(category, text, len, line > 0 && dbg.script, dbg.script, line, 1);
}

void host_script_loaded(const Str *url, const char *src, u32 len) {
  dbg.script = 1; // one script per run
  dbg.url = url;
  dbg.poll_left = POLL_EVERY;
  u32 cmd[HOST_COMMAND_SIZE / 4];
  imp_script_loaded(dbg.script, url->data, url->len, 1, src, len, 0, NULL, 0, (u8 *)cmd);
  serve_commands((u8 *)cmd); // breakpoints, a pause for an entry stop
}
