import { outputOverlayPng } from '../../../domain/nodes/output.overlay-png.node';
import { defineKernel } from '../../core/kernel';
import type { LabelMapValue, VolumeValue } from '../../core/values';
import { overlayPng, type OverlayPngParams } from '../ops/overlay-png';
import { inputOf } from './inputs';

/** The overlay's PNG (ops/overlay-png.ts), possibly elsewhere than this thread (the server: a helper thread). */
export type OverlayPng = (image: VolumeValue, labels: LabelMapValue, params: OverlayPngParams) => Uint8Array | Promise<Uint8Array>;

export const overlayPngKernelWith = (render: OverlayPng) =>
  defineKernel(outputOverlayPng, async ({ params, inputs, ctx }) => {
    const image = inputOf(inputs, 'image', 'volume');
    const labels = inputOf(inputs, 'labels', 'label-map');
    const bytes = await render(image, labels, { slice: params.slice ?? null, opacity: params.opacity });
    await ctx.writeArtifact({ name: params.fileName, mediaType: 'image/png', bytes });
    return {};
  });

export const kernel = overlayPngKernelWith(overlayPng);
