import { registerRuntime } from '../core/registry';
import { RuntimeError } from '../core/errors';
import { createOrtWebRuntime, type OrtWebModule } from './ort-web';

interface GpuNavigator {
  gpu?: { requestAdapter(): Promise<unknown | null> };
}

export interface WebGpuOptions {
  wasmPaths?: string;
  ort?: OrtWebModule;
  /** Where to look for `navigator.gpu` (tests pass a stand-in). */
  navigator?: GpuNavigator;
}

/**
 * WebGPU only when the browser hands out an adapter; otherwise this throws so the registry
 * falls back (to 'browser-wasm') and reports why. Nodes WebGPU has no kernel for run on the
 * wasm EP inside the same session.
 */
export async function createWebGpuRuntime(opts: WebGpuOptions = {}) {
  const nav = opts.navigator ?? (globalThis as { navigator?: GpuNavigator }).navigator;
  if (!nav?.gpu) throw new RuntimeError('RUNTIME_UNAVAILABLE', 'WebGPU is not available here (no navigator.gpu)');
  const adapter = await nav.gpu.requestAdapter().catch(() => null);
  if (!adapter) throw new RuntimeError('RUNTIME_UNAVAILABLE', 'WebGPU is present but gave no adapter');
  const ort = opts.ort ?? (await import('onnxruntime-web/webgpu'));
  if (opts.wasmPaths) ort.env.wasm.wasmPaths = opts.wasmPaths;
  return createOrtWebRuntime(ort, 'browser-webgpu', ['webgpu', 'wasm']);
}

/** Register 'browser-webgpu'; resolve it as ['browser-webgpu', 'browser-wasm'] to fall back. */
export function registerWebGpuRuntime(opts: WebGpuOptions = {}): () => void {
  let shared: ReturnType<typeof createWebGpuRuntime> | undefined;
  return registerRuntime('browser-webgpu', () => (shared ??= createWebGpuRuntime(opts).catch((e) => {
    shared = undefined;
    throw e;
  })));
}
