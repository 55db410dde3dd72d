/**
 * int16 + constant with overflow detection in WebAssembly SIMD: the CT rescale (stored +
 * intercept -> HU) at memory speed, where a scalar JS loop is ~5x slower. The kernel is
 * simd-rescale.wat, compiled by scripts/build-wasm.mjs into simd-rescale.wasm.ts (exports
 * n / p(at, bytes, c, limit) -> i32: see the .wat). WebAssembly can only touch its own memory,
 * so volumes are allocated IN a WebAssembly.Memory (simdBuffer: an ordinary ArrayBuffer to
 * everyone else) and rescaled in place there; other buffers go through a small cache-resident
 * scratch. Callers fall back to JS when WebAssembly SIMD is unavailable.
 */
import { PLAIN_WASM, SHARED_WASM } from './simd-rescale.wasm';

/** Bytes per loop iteration of the kernel: the callers leave the rest (bytes % BLOCK) to scalar code. */
const BLOCK = 128;
/** Values per SIMD block: the kernel does the first n - n % SIMD_VALUES of n values. */
export const SIMD_VALUES = BLOCK / 2;
/** wasm32 addresses: memories up to 4 GiB (the shared module's memory maximum). */
const MAX_PAGES = 65536;

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
      modules.set(isShared, new WebAssembly.Module(isShared ? SHARED_WASM : PLAIN_WASM));
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
