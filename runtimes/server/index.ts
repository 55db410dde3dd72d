import { registerKernels, registerRuntime } from '../core/registry';
import '../imaging/kernels'; // the catalogue's kernels first: the server's overrides below win
import { argmaxKernel } from './argmax-thread';
import { kernel as inputDicomSeries } from './input.dicom-series.kernel';
import { installNativeGzip } from './native-gzip';
import { normalizeKernel } from './normalize-thread';
import { overlayPngKernel } from './overlay-thread';
import { resampleKernels } from './resample-kernels';
import type { OrtPoolOptions } from './ort-pool';
import { createServerRuntime, type ServerRuntime } from './server-runtime';

export { createServerRuntime, type ServerRuntime } from './server-runtime';
export { resolveWorkerPath, type OrtPoolOptions } from './ort-pool';

let shared: ServerRuntime | undefined;

/**
 * Register the server runtime under 'server-cpu'. The registry hands out one shared instance
 * (one worker pool, one session cache per process); call again with the env's ORT_THREADS /
 * ORT_POOL_SIZE before the first resolve to size it.
 */
export function registerServerRuntime(opts: OrtPoolOptions = {}): () => void {
  const previous = shared;
  shared = undefined;
  void previous?.dispose();
  return registerRuntime('server-cpu', () => {
    if (shared) return shared;
    const runtime = createServerRuntime(opts);
    // Disposing the shared instance forgets it, so the next resolve starts a fresh pool.
    const instance: ServerRuntime = {
      ...runtime,
      dispose: async () => {
        if (shared === instance) shared = undefined;
        await runtime.dispose();
      },
    };
    return (shared = instance);
  });
}

installNativeGzip();
registerKernels([inputDicomSeries, argmaxKernel, normalizeKernel, overlayPngKernel, ...resampleKernels]);
registerServerRuntime();
