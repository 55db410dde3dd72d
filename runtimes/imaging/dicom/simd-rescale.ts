/**
 * int16 + constant with overflow detection in WebAssembly SIMD (8 voxels per instruction):
 * the CT rescale (stored + intercept -> HU) at close to memory-copy speed, where a scalar JS
 * loop is ~10x slower. Hand-assembled (a few dozen bytes, no toolchain); callers fall back to
 * JS when WebAssembly SIMD is unavailable.
 *
 * export r(src, dst, bytes, c) -> i32: for each 16-byte vector at offset i < bytes:
 *   w = i16x8.add(load(src + i), splat(c)); store(dst + i, w);
 *   acc |= w ^ i16x8.add_sat_s(same)   (lanes differ iff the wrapping add overflowed)
 * returns v128.any_true(acc).
 */
const FUNC = [
  0x02, 0x03, 0x7b, 0x01, 0x7f, //                 locals: 4 c, 5 acc, 6 a (v128); 7 i (i32)
  0x20, 0x03, 0xfd, 0x10, 0x21, 0x04, //           c = i16x8.splat(param 3)
  0x02, 0x40, 0x03, 0x40, //                       block, loop
  0x20, 0x07, 0x20, 0x02, 0x4f, 0x0d, 0x01, //     if i >= bytes: break
  0x20, 0x00, 0x20, 0x07, 0x6a, 0xfd, 0x00, 0x04, 0x00, 0x21, 0x06, // a = v128.load(src + i)
  0x20, 0x01, 0x20, 0x07, 0x6a, //                 address dst + i
  0x20, 0x06, 0x20, 0x04, 0xfd, 0x8e, 0x01, //     i16x8.add(a, c)
  0xfd, 0x0b, 0x04, 0x00, //                       v128.store
  0x20, 0x05, //                                   acc
  0x20, 0x06, 0x20, 0x04, 0xfd, 0x8e, 0x01, //     i16x8.add(a, c)
  0x20, 0x06, 0x20, 0x04, 0xfd, 0x8f, 0x01, //     i16x8.add_sat_s(a, c)
  0xfd, 0x51, 0xfd, 0x50, 0x21, 0x05, //           acc = acc | (add ^ add_sat)
  0x20, 0x07, 0x41, 0x10, 0x6a, 0x21, 0x07, //     i += 16
  0x0c, 0x00, 0x0b, 0x0b, //                       continue; end loop, end block
  0x20, 0x05, 0xfd, 0x53, 0x0b, //                 return v128.any_true(acc)
];
const MODULE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // \0asm, version 1
  0x01, 0x09, 0x01, 0x60, 0x04, 0x7f, 0x7f, 0x7f, 0x7f, 0x01, 0x7f, // type: (i32 x4) -> i32
  0x02, 0x0a, 0x01, 0x01, 0x6d, 0x03, 0x6d, 0x65, 0x6d, 0x02, 0x00, 0x01, // import "m" "mem" memory
  0x03, 0x02, 0x01, 0x00, // one function of type 0
  0x07, 0x05, 0x01, 0x01, 0x72, 0x00, 0x00, // export "r"
  0x0a, FUNC.length + 2, 0x01, FUNC.length, ...FUNC, // code (one body < 128 bytes)
]);

/** Values per SIMD call: input and output scratch (2 x 64 KiB) stay in the CPU's L2 cache. */
const CHUNK = 32768;
const PAGE = 65536;
let simd: { mem: WebAssembly.Memory; r: (src: number, dst: number, bytes: number, c: number) => number } | null | undefined;

function instance() {
  if (simd === undefined) {
    try {
      const mem = new WebAssembly.Memory({ initial: (4 * CHUNK) / PAGE });
      const inst = new WebAssembly.Instance(new WebAssembly.Module(MODULE), { m: { mem } });
      simd = { mem, r: inst.exports.r as (src: number, dst: number, bytes: number, c: number) => number };
    } catch {
      simd = null; // no WebAssembly SIMD here
    }
  }
  return simd;
}

/**
 * dst[i] = src[i] + c for the first `n - n % 8` values via SIMD (the caller does the rest);
 * returns undefined when SIMD is unavailable, else whether no value overflowed. `c` must fit int16.
 */
export function addInt16Simd(src: Int16Array, c: number, dst: Int16Array, n: number): boolean | undefined {
  const s = instance();
  if (!s) return undefined;
  const end = n - (n % 8);
  // Scratch layout in wasm memory (bytes): [0, 2 CHUNK) input, [2 CHUNK, 4 CHUNK) output.
  const input = new Int16Array(s.mem.buffer, 0, CHUNK);
  const output = new Int16Array(s.mem.buffer, 2 * CHUNK, CHUNK);
  let overflow = 0;
  for (let at = 0; at < end; at += CHUNK) {
    const len = Math.min(CHUNK, end - at);
    input.set(src.subarray(at, at + len));
    overflow |= s.r(0, 2 * CHUNK, 2 * len, c);
    dst.set(len === CHUNK ? output : output.subarray(0, len), at);
  }
  return overflow === 0;
}
