import { encode } from 'fast-png';
import { outputOverlayPng } from '../../../domain/nodes/output.overlay-png.node';
import { RuntimeError } from '../../core/errors';
import { defineKernel } from '../../core/kernel';
import { busiestSlice, renderOverlay } from '../ops/overlay';
import { inputOf } from './inputs';

export const kernel = defineKernel(outputOverlayPng, async ({ params, inputs, ctx }) => {
  const image = inputOf(inputs, 'image', 'volume');
  const labels = inputOf(inputs, 'labels', 'label-map');
  const overlay = { image, labels };
  const nz = image.geometry.dims[2];
  const slice = params.slice ?? busiestSlice(overlay);
  if (slice >= nz) throw new RuntimeError('BAD_NODE_INPUT', `slice ${slice} is outside the image (${nz} slices)`);
  const { width, height, rgb } = renderOverlay(overlay, slice, params.opacity);
  const bytes = encode({ width, height, data: rgb, channels: 3, depth: 8 });
  await ctx.writeArtifact({ name: params.fileName, mediaType: 'image/png', bytes });
  return {};
});
