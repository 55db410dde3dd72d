import { encode } from 'fast-png';
import { outputOverlayPng } from '../../../domain/nodes/output.overlay-png.node';
import { RuntimeError } from '../../core/errors';
import { defineKernel } from '../../core/kernel';
import type { VolumeValue } from '../../core/values';
import { busiestSlice, renderOverlay } from '../ops/overlay';
import { planReorient, reorientData } from '../ops/reorient';
import { inputOf } from './inputs';

export const kernel = defineKernel(outputOverlayPng, async ({ params, inputs, ctx }) => {
  const stored = inputOf(inputs, 'image', 'volume');
  const labels = inputOf(inputs, 'labels', 'label-map');
  // A true axial slice whatever the file's voxel order (a LIA scan's third axis is coronal):
  // the image's axes permuted to LPS, so slices run foot to head; labels follow through world space.
  const plan = planReorient(stored.geometry, 'LPS');
  const image: VolumeValue = { ...stored, geometry: plan.geometry, data: reorientData(stored.data, stored.geometry.dims, plan) };
  const overlay = { image, labels };
  const nz = image.geometry.dims[2];
  const slice = params.slice ?? busiestSlice(overlay);
  if (slice >= nz) throw new RuntimeError('BAD_NODE_INPUT', `axial slice ${slice} is outside the image (${nz} axial slices)`);
  const { width, height, rgb } = renderOverlay(overlay, slice, params.opacity);
  const bytes = encode({ width, height, data: rgb, channels: 3, depth: 8 });
  await ctx.writeArtifact({ name: params.fileName, mediaType: 'image/png', bytes });
  return {};
});
