import '../imaging/kernels'; // the page's kernels: the catalogue's, through the registry
import { registerWasmRuntime, type WasmOptions } from './wasm';
import { registerWebGpuRuntime } from './webgpu';

export { createOrtWebRuntime, type OrtWebModule } from './ort-web';
export { createWasmRuntime, defaultWasmThreads, registerWasmRuntime, type WasmOptions } from './wasm';
export { createWebGpuRuntime, registerWebGpuRuntime, type WebGpuOptions } from './webgpu';

/** Preference order in the page: WebGPU when an adapter exists, else wasm (the registry reports why). */
export const BROWSER_TARGETS = ['browser-webgpu', 'browser-wasm'] as const;

/** Register both browser targets; returns one function that unregisters them. */
export function registerBrowserRuntimes(opts: Pick<WasmOptions, 'numThreads' | 'wasmPaths'> = {}): () => void {
  const off = [registerWasmRuntime(opts), registerWebGpuRuntime({ wasmPaths: opts.wasmPaths })];
  return () => off.forEach((f) => f());
}
