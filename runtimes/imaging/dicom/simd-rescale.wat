;; int16 + constant in place, with overflow detection, in WebAssembly SIMD: the CT rescale
;; (stored + intercept -> HU). Compiled by scripts/build-wasm.mjs (wabt) into
;; simd-rescale.wasm.ts, twice: as written (a plain memory) and with the memory import made
;; shared (limits 1..65536), for volumes a worker thread fills at the same time.
;;
;; n(at, bytes, c, limit) for c < 0, p(...) for c > 0: adds c to the int16 values in
;; [at, at + bytes), 128 bytes (8 vectors) per iteration (bytes is a multiple of 128), and
;; returns whether some stored value a had a < limit = -32768 - c (n) / a > limit = 32767 - c
;; (p), i.e. a + c left int16. A running min (max) is the whole check; four of them, so
;; consecutive vectors do not wait on one another's.
(module
  (import "m" "mem" (memory 1))

  (func $n (export "n") (param $at i32) (param $bytes i32) (param $c i32) (param $limit i32) (result i32)
    (local $cv v128) (local $acc0 v128) (local $acc1 v128) (local $acc2 v128) (local $acc3 v128) (local $a v128) (local $end i32)
    (local.set $cv (i16x8.splat (local.get $c)))
    (local.set $acc0 (i16x8.splat (local.get $limit)))
    (local.set $acc1 (local.get $acc0))
    (local.set $acc2 (local.get $acc0))
    (local.set $acc3 (local.get $acc0))
    (local.set $end (i32.add (local.get $at) (local.get $bytes)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
        (local.set $acc0 (i16x8.min_s (local.tee $a (v128.load offset=0 (local.get $at))) (local.get $acc0)))
        (v128.store offset=0 (local.get $at) (i16x8.add (local.get $a) (local.get $cv)))
        (local.set $acc1 (i16x8.min_s (local.tee $a (v128.load offset=16 (local.get $at))) (local.get $acc1)))
        (v128.store offset=16 (local.get $at) (i16x8.add (local.get $a) (local.get $cv)))
        (local.set $acc2 (i16x8.min_s (local.tee $a (v128.load offset=32 (local.get $at))) (local.get $acc2)))
        (v128.store offset=32 (local.get $at) (i16x8.add (local.get $a) (local.get $cv)))
        (local.set $acc3 (i16x8.min_s (local.tee $a (v128.load offset=48 (local.get $at))) (local.get $acc3)))
        (v128.store offset=48 (local.get $at) (i16x8.add (local.get $a) (local.get $cv)))
        (local.set $acc0 (i16x8.min_s (local.tee $a (v128.load offset=64 (local.get $at))) (local.get $acc0)))
        (v128.store offset=64 (local.get $at) (i16x8.add (local.get $a) (local.get $cv)))
        (local.set $acc1 (i16x8.min_s (local.tee $a (v128.load offset=80 (local.get $at))) (local.get $acc1)))
        (v128.store offset=80 (local.get $at) (i16x8.add (local.get $a) (local.get $cv)))
        (local.set $acc2 (i16x8.min_s (local.tee $a (v128.load offset=96 (local.get $at))) (local.get $acc2)))
        (v128.store offset=96 (local.get $at) (i16x8.add (local.get $a) (local.get $cv)))
        (local.set $acc3 (i16x8.min_s (local.tee $a (v128.load offset=112 (local.get $at))) (local.get $acc3)))
        (v128.store offset=112 (local.get $at) (i16x8.add (local.get $a) (local.get $cv)))
        (local.set $at (i32.add (local.get $at) (i32.const 128)))
        (br $next)))
    (v128.any_true (i16x8.lt_s
      (i16x8.min_s (i16x8.min_s (i16x8.min_s (local.get $acc0) (local.get $acc1)) (local.get $acc2)) (local.get $acc3))
      (i16x8.splat (local.get $limit)))))

  (func $p (export "p") (param $at i32) (param $bytes i32) (param $c i32) (param $limit i32) (result i32)
    (local $cv v128) (local $acc0 v128) (local $acc1 v128) (local $acc2 v128) (local $acc3 v128) (local $a v128) (local $end i32)
    (local.set $cv (i16x8.splat (local.get $c)))
    (local.set $acc0 (i16x8.splat (local.get $limit)))
    (local.set $acc1 (local.get $acc0))
    (local.set $acc2 (local.get $acc0))
    (local.set $acc3 (local.get $acc0))
    (local.set $end (i32.add (local.get $at) (local.get $bytes)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
        (local.set $acc0 (i16x8.max_s (local.tee $a (v128.load offset=0 (local.get $at))) (local.get $acc0)))
        (v128.store offset=0 (local.get $at) (i16x8.add (local.get $a) (local.get $cv)))
        (local.set $acc1 (i16x8.max_s (local.tee $a (v128.load offset=16 (local.get $at))) (local.get $acc1)))
        (v128.store offset=16 (local.get $at) (i16x8.add (local.get $a) (local.get $cv)))
        (local.set $acc2 (i16x8.max_s (local.tee $a (v128.load offset=32 (local.get $at))) (local.get $acc2)))
        (v128.store offset=32 (local.get $at) (i16x8.add (local.get $a) (local.get $cv)))
        (local.set $acc3 (i16x8.max_s (local.tee $a (v128.load offset=48 (local.get $at))) (local.get $acc3)))
        (v128.store offset=48 (local.get $at) (i16x8.add (local.get $a) (local.get $cv)))
        (local.set $acc0 (i16x8.max_s (local.tee $a (v128.load offset=64 (local.get $at))) (local.get $acc0)))
        (v128.store offset=64 (local.get $at) (i16x8.add (local.get $a) (local.get $cv)))
        (local.set $acc1 (i16x8.max_s (local.tee $a (v128.load offset=80 (local.get $at))) (local.get $acc1)))
        (v128.store offset=80 (local.get $at) (i16x8.add (local.get $a) (local.get $cv)))
        (local.set $acc2 (i16x8.max_s (local.tee $a (v128.load offset=96 (local.get $at))) (local.get $acc2)))
        (v128.store offset=96 (local.get $at) (i16x8.add (local.get $a) (local.get $cv)))
        (local.set $acc3 (i16x8.max_s (local.tee $a (v128.load offset=112 (local.get $at))) (local.get $acc3)))
        (v128.store offset=112 (local.get $at) (i16x8.add (local.get $a) (local.get $cv)))
        (local.set $at (i32.add (local.get $at) (i32.const 128)))
        (br $next)))
    (v128.any_true (i16x8.gt_s
      (i16x8.max_s (i16x8.max_s (i16x8.max_s (local.get $acc0) (local.get $acc1)) (local.get $acc2)) (local.get $acc3))
      (i16x8.splat (local.get $limit))))))
