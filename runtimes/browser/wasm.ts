import { registerRuntime } from '../core/registry';
import { createOrtWebRuntime, type OrtWebModule } from './ort-web';

export interface WasmOptions {
  /** Threads for the wasm backend; default: all cores when the page is cross-origin isolated, else 1. */
  numThreads?: number;
  /** Where the `ort-wasm-simd-threaded*.mjs/.wasm` files are served from (URL prefix ending in `/`). */
  wasmPaths?: string;
  /** The onnxruntime-web module; default: a dynamic import (keeps it out of the initial bundle). */
  ort?: OrtWebModule;
}

/**
 * Threads need SharedArrayBuffer, i.e. a cross-origin isolated page (COOP/COEP on every
 * response). Outside a page (Node) there is no such flag and threads work, so the caller
 * passes `numThreads` explicitly there.
 */
export function defaultWasmThreads(scope: { crossOriginIsolated?: boolean; navigator?: { hardwareConcurrency?: number } } = globalThis): number {
  if (!scope.crossOriginIsolated) return 1;
  return Math.max(1, Math.min(8, scope.navigator?.hardwareConcurrency ?? 1));
}

/** Configures onnxruntime-web's wasm backend (SIMD is always on in ORT >= 1.19) and builds the runtime. */
export async function createWasmRuntime(opts: WasmOptions = {}) {
  const ort = opts.ort ?? (await import('onnxruntime-web'));
  ort.env.wasm.numThreads = opts.numThreads ?? defaultWasmThreads();
  if (opts.wasmPaths) ort.env.wasm.wasmPaths = opts.wasmPaths;
  return createOrtWebRuntime(ort, 'browser-wasm', ['wasm']);
}

/** Register 'browser-wasm' in the runtime registry (one shared instance, created on first resolve). */
export function registerWasmRuntime(opts: WasmOptions = {}): () => void {
  let shared: ReturnType<typeof createWasmRuntime> | undefined;
  return registerRuntime('browser-wasm', () => (shared ??= createWasmRuntime(opts).catch((e) => {
    shared = undefined;
    throw e;
  })));
}
