/**
 * int16 + constant with overflow detection in WebAssembly SIMD: the CT rescale (stored +
 * intercept -> HU) at memory speed, where a scalar JS loop is ~10x slower. Hand-assembled (no
 * toolchain). WebAssembly can only touch its own memory, so volumes are allocated IN a
 * WebAssembly.Memory (simdBuffer: an ordinary ArrayBuffer to everyone else) and rescaled in
 * place there; other buffers go through a small cache-resident scratch. Callers fall back to JS
 * when WebAssembly SIMD is unavailable.
 *
 * Two exports f(at, bytes, c, limit) -> i32, in place, 128 bytes (8 vectors) per iteration,
 * while at < end (= at + bytes):
 *   a = v128.load(at); v128.store(at, i16x8.add(a, splat(c))); acc[j % 4] = min_s(acc[j % 4], a)   ("n", c < 0)
 *   returns any_true(lt_s(min of the accs, splat(limit))): some a < limit = -32768 - c, i.e. a + c left int16;
 * "p" (c > 0) the same with max_s / gt_s and limit = 32767 - c. A running min (or max) is the
 * whole overflow check; four of them, so consecutive vectors do not wait on one another's
 * (that chain halved the speed on data in the CPU cache).
 */
const [GET, SET, TEE, ADD, V] = [0x20, 0x21, 0x22, 0x6a, 0xfd];
/** Bytes per loop iteration: the callers leave the rest (bytes % BLOCK) to scalar code. */
const BLOCK = 128;
/** Values per SIMD block: the kernel does the first n - n % SIMD_VALUES of n values. */
export const SIMD_VALUES = BLOCK / 2;
// locals: 0 at, 1 bytes, 2 c, 3 limit (params); 4 cv, 5-8 acc, 9 a (v128); 10 end (i32)
const vector = (o: number, op: number[], acc: number) => [
  GET, 0, V, 0x00, 0x04, ...leb(o), TEE, 9, //                a = v128.load(at + o)
  GET, acc, V, ...op, SET, acc, //                            acc = min_s / max_s(a, acc)
  GET, 0, GET, 9, GET, 4, V, 0x8e, 0x01, V, 0x0b, 0x04, ...leb(o), // v128.store(at + o, i16x8.add(a, cv))
];
const body = (op: number[], test: number) => [
  0x02, 0x06, 0x7b, 0x01, 0x7f, //                           locals: 6 v128, 1 i32
  GET, 2, V, 0x10, SET, 4, GET, 3, V, 0x10, SET, 5, //       cv = splat(c), acc0 = splat(limit)
  GET, 5, SET, 6, GET, 5, SET, 7, GET, 5, SET, 8, //         acc1..3 = acc0
  GET, 0, GET, 1, ADD, SET, 10, //                           end = at + bytes
  0x02, 0x40, 0x03, 0x40, //                                 block, loop
  GET, 0, GET, 10, 0x4f, 0x0d, 0x01, //                      if at >= end: break
  ...Array.from({ length: BLOCK / 16 }, (_, j) => vector(16 * j, op, 5 + (j % 4))).flat(),
  GET, 0, 0x41, 0x80, 0x01, ADD, SET, 0, //                  at += 128
  0x0c, 0x00, 0x0b, 0x0b, //                                 continue; end loop, end block
  GET, 5, GET, 6, V, ...op, GET, 7, V, ...op, GET, 8, V, ...op, // the four accs into one
  GET, 3, V, 0x10, V, test, V, 0x53, 0x0b, //                any_true(lt_s / gt_s(acc, splat(limit)))
];
const leb = (n: number): number[] => (n < 128 ? [n] : [(n & 127) | 128, ...leb(n >> 7)]);
const sized = (b: number[]) => [...leb(b.length), ...b];
const CODE = [0x02, ...sized(body([0x96, 0x01], 0x2f)), ...sized(body([0x98, 0x01], 0x31))]; // n: min_s, lt_s; p: max_s, gt_s
/** wasm32 addresses: memories up to 4 GiB. */
const MAX_PAGES = 65536;
/** The memory import's limits: a plain memory of at least 1 page, or a shared one of 1..MAX_PAGES. */
const limits = (shared: boolean) => (shared ? [0x03, 0x01, ...leb(MAX_PAGES)] : [0x00, 0x01]);
const moduleBytes = (shared: boolean) => new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, //         \0asm, version 1
  0x01, 0x09, 0x01, 0x60, 0x04, 0x7f, 0x7f, 0x7f, 0x7f, 0x01, 0x7f, // type: (i32 x4) -> i32
  0x02, ...sized([0x01, 0x01, 0x6d, 0x03, 0x6d, 0x65, 0x6d, 0x02, ...limits(shared)]), // import "m" "mem" memory
  0x03, 0x03, 0x02, 0x00, 0x00, //                           two functions of type 0
  0x07, 0x09, 0x02, 0x01, 0x6e, 0x00, 0x00, 0x01, 0x70, 0x00, 0x01, // export "n" = 0, "p" = 1
  0x0a, ...sized(CODE),
]);

type Fn = (at: number, bytes: number, c: number, limit: number) => number;
export interface Kernel { n: Fn; p: Fn }
const PAGE = 65536;
/** The compiled kernel for plain and for shared memories; null where WebAssembly SIMD is missing. */
const modules = new Map<boolean, WebAssembly.Module | null>();
/** The kernel bound to each WebAssembly memory we handed out as a volume buffer. */
const kernels = new WeakMap<ArrayBufferLike, Kernel>();
/** Shared memories by their buffer: another thread instantiates the kernel on the same memory. */
const shared = new WeakMap<ArrayBufferLike, { memory: WebAssembly.Memory; module: WebAssembly.Module }>();

function moduleFor(isShared: boolean): WebAssembly.Module | null {
  if (!modules.has(isShared)) {
    try {
      modules.set(isShared, new WebAssembly.Module(moduleBytes(isShared)));
    } catch {
      modules.set(isShared, null); // no WebAssembly SIMD (or no shared memory) here
    }
  }
  return modules.get(isShared)!;
}

/**
 * A fresh zeroed buffer of at least `bytes` that addInt16InPlace rescales without copies (it
 * lives in a WebAssembly.Memory, rounded up to 64 KiB pages; never grown, so never detached;
 * postMessage copies it instead of transferring). With `shared`, a SharedArrayBuffer that a
 * worker thread can fill and rescale at the same time (sharedKernelOf). A plain ArrayBuffer
 * for less than a page, or when SIMD or the allocation is unavailable.
 */
export function simdBuffer(bytes: number, options: { shared?: boolean } = {}): ArrayBuffer {
  const pages = Math.ceil(bytes / PAGE);
  const isShared = options.shared === true;
  // Below one page a copy through the scratch costs nothing worth a WebAssembly memory.
  const module = bytes >= PAGE && pages <= MAX_PAGES ? moduleFor(isShared) : null;
  if (module) {
    try {
      const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: isShared });
      kernels.set(memory.buffer, new WebAssembly.Instance(module, { m: { mem: memory } }).exports as unknown as Kernel);
      if (isShared) shared.set(memory.buffer, { memory, module });
      // A SharedArrayBuffer where shared: typed arrays and fs take either alike.
      return memory.buffer as ArrayBuffer;
    } catch {
      // address space exhausted: a plain buffer below
    }
  }
  return new ArrayBuffer(bytes);
}

/**
 * Storage for a volume of `bytes`: the caller's preallocated buffer when it is given and big
 * enough (the `into` option of the series readers), else a fresh simdBuffer.
 */
export const volumeBuffer = (into: ArrayBuffer | undefined, bytes: number, options: { shared?: boolean } = {}): ArrayBuffer =>
  into && into.byteLength >= bytes ? into : simdBuffer(bytes, options);

/** The SIMD kernel bound to a simdBuffer's memory (byte addresses are offsets in that buffer). */
export const kernelOf = (b: ArrayBufferLike): Kernel | undefined => kernels.get(b);

/** The memory and compiled kernel behind a shared simdBuffer, to instantiate in a worker thread. */
export const sharedKernelOf = (b: ArrayBufferLike) => shared.get(b);

/** Whether `b` came from simdBuffer (addInt16InPlace works on it). */
export const isSimdBuffer = (b: ArrayBufferLike) => kernels.has(b);

/**
 * a[i] += c for the first `a.length - a.length % SIMD_VALUES` values, in place, when `a` lives in a
 * simdBuffer (the caller does the rest): whether no value overflowed, undefined when `a` is
 * not in a simdBuffer. `c` must fit int16.
 */
export function addInt16InPlace(a: Int16Array, c: number): boolean | undefined {
  const r = kernels.get(a.buffer);
  if (!r) return undefined;
  const bytes = 2 * (a.length - (a.length % SIMD_VALUES));
  if (c === 0) return true;
  return (c < 0 ? r.n(a.byteOffset, bytes, c, -32768 - c) : r.p(a.byteOffset, bytes, c, 32767 - c)) === 0;
}

/** Values per scratch pass: input = output scratch (64 KiB) stays in the CPU cache. */
const CHUNK = 32768;
let scratch: Int16Array | null | undefined;

/**
 * dst[i] = src[i] + c for the first `n - n % SIMD_VALUES` values via SIMD through a scratch buffer (for
 * destinations outside a simdBuffer; the caller does the rest). undefined when SIMD is
 * unavailable, else whether no value overflowed. `c` must fit int16.
 */
export function addInt16Simd(src: Int16Array, c: number, dst: Int16Array, n: number): boolean | undefined {
  if (scratch === undefined) {
    const buf = simdBuffer(2 * CHUNK);
    scratch = kernels.has(buf) ? new Int16Array(buf, 0, CHUNK) : null;
  }
  if (!scratch) return undefined;
  const end = n - (n % SIMD_VALUES);
  let ok = true;
  for (let at = 0; at < end; at += CHUNK) {
    const len = Math.min(CHUNK, end - at);
    const s = len === CHUNK ? scratch : scratch.subarray(0, len);
    s.set(src.subarray(at, at + len));
    ok = addInt16InPlace(s, c)! && ok;
    dst.set(s, at);
  }
  return ok;
}
