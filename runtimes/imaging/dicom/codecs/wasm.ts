import { RuntimeError } from '../../../core/errors';

/**
 * Lazy, once-per-process loading of the cornerstone emscripten codecs (decode-only builds).
 * Node: the emscripten glue reads its .wasm next to itself (__dirname), so a server bundle must
 * keep these packages external. Browser: the .wasm is fetched from `/wasm/<file>` (app/wasm/[file]/route.ts) unless
 * the app points elsewhere with `setCodecWasmLocator` (no bundler-specific asset magic). A codec
 * that aborted (corrupt stream -> emscripten `abort()`) leaves its module unusable, so
 * `discard` drops it and the next call re-creates it.
 */
export interface WasmDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  getDecodedBuffer(): Uint8Array;
  readHeader?(): void;
  decode(): void;
  getFrameInfo(): { width: number; height: number; bitsPerSample: number; componentCount: number; isSigned: boolean };
  /** CharLS only: 0 = planar (one scan per component), 1 = line, 2 = sample interleaved. */
  getInterleaveMode?(): number;
  delete(): void;
}
type Factory = (options: Record<string, unknown>) => Promise<Record<string, new () => WasmDecoder>>;
export type CodecName = 'libjpeg-turbo' | 'charls' | 'openjpeg' | 'openjph';

const IS_NODE = typeof process !== 'undefined' && typeof process.versions?.node === 'string';

/** `wasm` is the file name inside the package's dist/ (what the browser must be served). */
export const LOADERS: Record<CodecName, { cls: string; load: () => Promise<{ default: unknown }>; wasm: string }> = {
  'libjpeg-turbo': {
    cls: 'JPEGDecoder',
    load: () => import('@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs'),
    wasm: 'libjpegturbowasm_decode.wasm',
  },
  charls: {
    cls: 'JpegLSDecoder',
    load: () => import('@cornerstonejs/codec-charls/decodewasmjs'),
    wasm: 'charlswasm_decode.wasm',
  },
  openjpeg: {
    cls: 'J2KDecoder',
    load: () => import('@cornerstonejs/codec-openjpeg/decodewasmjs'),
    wasm: 'openjpegwasm_decode.wasm',
  },
  openjph: {
    cls: 'HTJ2KDecoder',
    load: () => import('@cornerstonejs/codec-openjph/wasmjs'),
    wasm: 'openjphjs.wasm',
  },
};

const modules = new Map<CodecName, Promise<new () => WasmDecoder>>();
let locator: ((name: CodecName) => string) | undefined;

/** Browser only: where the app serves each codec's .wasm (`LOADERS[name].wasm`). Call before decoding. */
export function setCodecWasmLocator(locate: (name: CodecName) => string): void {
  locator = locate;
  modules.clear();
}

async function instantiate(name: CodecName): Promise<new () => WasmDecoder> {
  const spec = LOADERS[name];
  const mod = await spec.load();
  const factory = ((mod.default as { default?: unknown })?.default ?? mod.default) as Factory;
  const options = IS_NODE ? {} : { locateFile: (f: string) => (f.endsWith('.wasm') ? (locator?.(name) ?? `/wasm/${spec.wasm}`) : f) };
  // emscripten prints aborts to stderr itself; keep stdout (CLI JSON) clean.
  const instance = await factory({ ...options, print: () => {}, printErr: () => {} });
  return instance[spec.cls];
}

export function codec(name: CodecName): Promise<new () => WasmDecoder> {
  let p = modules.get(name);
  if (!p) {
    p = instantiate(name).catch((e) => {
      modules.delete(name);
      throw new RuntimeError('RUNTIME_UNAVAILABLE', `the ${name} codec could not be loaded: ${(e as Error)?.message ?? e}`);
    });
    modules.set(name, p);
  }
  return p;
}

/** Forget a module instance after a failed decode (it may have aborted; re-created lazily). */
export function discard(name: CodecName): void {
  modules.delete(name);
}

/**
 * Runs one frame through a codec and copies the result out of the WASM heap (the view dies
 * with the decoder). Codec failures (thrown numbers, strings, aborts) become CORRUPT_INPUT.
 */
export async function runWasm(name: CodecName, data: Uint8Array, what: string) {
  const Decoder = await codec(name);
  let decoder: WasmDecoder | undefined;
  try {
    decoder = new Decoder();
    decoder.getEncodedBuffer(data.length).set(data);
    decoder.decode();
    const info = decoder.getFrameInfo();
    const pixels = decoder.getDecodedBuffer().slice();
    return { info: { ...info }, pixels, interleave: decoder.getInterleaveMode?.() };
  } catch (e) {
    discard(name);
    decoder = undefined;
    const text = typeof e === 'number' ? `codec error ${e}` : ((e as Error)?.message ?? String(e));
    throw new RuntimeError('CORRUPT_INPUT', `${what}: the ${name} decoder rejected the data (${text})`);
  } finally {
    try {
      decoder?.delete();
    } catch {
      discard(name);
    }
  }
}
