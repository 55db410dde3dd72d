// The server's output.overlay-png (registered over the catalogue's by runtimes/server): for large
// volumes the reorientation, the busiest-slice search and the PNG encode run on a helper thread,
// so the event loop stays free (40-65 ms per 128^3 run on 2 busy cores). Same code
// (imaging/ops/overlay-png.ts), same bytes. The image and labels are copied to the thread.
import type { LabelMapValue, VolumeValue } from '../core/values';
import { overlayPngKernelWith } from '../imaging/kernels/output.overlay-png.kernel';
import { checkOverlaySlice, overlayPng, type OverlayPngParams } from '../imaging/ops/overlay-png';
import { HelperThread } from './helper-thread';

/** Below this many voxels the copy and message cost about what the work does. */
export const OVERLAY_THREAD_FROM = 64 ** 3;

const helper = new HelperThread<{ image: VolumeValue; labels: LabelMapValue; params: OverlayPngParams }, Uint8Array>('overlay-worker.mjs', 'overlay thread');

export async function threadedOverlayPng(image: VolumeValue, labels: LabelMapValue, params: OverlayPngParams): Promise<Uint8Array> {
  if (image.data.length < OVERLAY_THREAD_FROM) return overlayPng(image, labels, params);
  checkOverlaySlice(image.geometry, params.slice); // the typed error here, not a thread's message
  return helper.run({ image, labels, params });
}

export const overlayPngKernel = overlayPngKernelWith(threadedOverlayPng);
