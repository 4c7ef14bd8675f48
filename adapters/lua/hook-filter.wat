;; The Lua producer's lua_sethook hook, in Wasm, in front of its JavaScript hook (hook-filter.ts
;; says why and what the state means). It answers in Wasm the events after which the JavaScript
;; hook would change nothing, and forwards every other event. Built into hook-filter-wasm.ts by
;; build-hook-filter.mjs.
;;
;; Lua 5.4 on wasm32 (the offsets call-info.ts and engine.ts use, verified by their tests):
;;   lua_Debug: event at 0, currentline at 24, i_ci at 104.
;;   CallInfo: func (a stack slot) at 0, previous at 8.
;;   A stack slot (TValue): the value at 0, its type tag at 8; 0x46 tags a Lua closure.
;;   LClosure: its Proto at 12.
;; The state block (the global $state points at it, in Lua's memory):
;;   0 thread: the thread the rest describes; events of any other thread are forwarded
;;   4 line: that thread's running frame needs line events
;;   8 lines, 12 nlines: a byte per line number, 1 where some script has a breakpoint
;;  16 plain, 20 pmask: an open-addressing set of Proto addresses that need no line events
;;      (pmask + 1 slots, 0 is empty)
(module
  (import "lua" "memory" (memory 0))
  (import "filter" "state" (global $state i32))
  (import "filter" "forward" (func $forward (param i32 i32)))

  ;; The Proto of the Lua function running in ci, or 0 when a C function runs there.
  (func $protoOf (param $ci i32) (result i32)
    (local $func i32)
    (local.set $func (i32.load (local.get $ci)))
    (if (i32.eqz (local.get $func)) (then (return (i32.const 0))))
    (if (i32.ne (i32.load8_u offset=8 (local.get $func)) (i32.const 0x46)) (then (return (i32.const 0))))
    (i32.load offset=12 (i32.load (local.get $func))))

  ;; Whether the Proto is in the plain set.
  (func $plain (param $proto i32) (result i32)
    (local $table i32) (local $mask i32) (local $i i32) (local $key i32)
    (local.set $table (i32.load offset=16 (global.get $state)))
    (local.set $mask (i32.load offset=20 (global.get $state)))
    (local.set $i (i32.and (i32.mul (i32.shr_u (local.get $proto) (i32.const 3)) (i32.const 0x9E3779B1)) (local.get $mask)))
    (loop $probe
      (local.set $key (i32.load (i32.add (local.get $table) (i32.shl (local.get $i) (i32.const 2)))))
      (if (i32.eq (local.get $key) (local.get $proto)) (then (return (i32.const 1))))
      (if (i32.eqz (local.get $key)) (then (return (i32.const 0))))
      (local.set $i (i32.and (i32.add (local.get $i) (i32.const 1)) (local.get $mask)))
      (br $probe))
    (unreachable))

  (func (export "hook") (param $L i32) (param $ar i32)
    (local $s i32) (local $event i32) (local $line i32) (local $proto i32)
    (local.set $s (global.get $state))
    (block $forward
      (br_if $forward (i32.ne (i32.load (local.get $s)) (local.get $L)))
      (local.set $event (i32.load (local.get $ar)))
      ;; A line event: only a line with a breakpoint can stop.
      (if (i32.eq (local.get $event) (i32.const 2)) (then
        (local.set $line (i32.load offset=24 (local.get $ar)))
        (if (i32.lt_u (local.get $line) (i32.load offset=12 (local.get $s))) (then
          (br_if $forward (i32.load8_u (i32.add (i32.load offset=8 (local.get $s)) (local.get $line))))))
        (return)))
      ;; A call or tail call: a C function changes nothing; a plain Lua function called from a
      ;; frame that needs no lines changes nothing either.
      (if (i32.or (i32.eqz (local.get $event)) (i32.eq (local.get $event) (i32.const 4))) (then
        (local.set $proto (call $protoOf (i32.load offset=104 (local.get $ar))))
        (if (i32.eqz (local.get $proto)) (then (return)))
        (br_if $forward (i32.load offset=4 (local.get $s)))
        (br_if $forward (i32.eqz (call $plain (local.get $proto))))
        (return)))
      ;; A return from a frame that needs no lines into a plain Lua function changes nothing.
      (if (i32.eq (local.get $event) (i32.const 1)) (then
        (br_if $forward (i32.load offset=4 (local.get $s)))
        (local.set $proto (call $protoOf (i32.load offset=8 (i32.load offset=104 (local.get $ar)))))
        (br_if $forward (i32.eqz (local.get $proto)))
        (br_if $forward (i32.eqz (call $plain (local.get $proto))))
        (return))))
    (call $forward (local.get $L) (local.get $ar)))
)
