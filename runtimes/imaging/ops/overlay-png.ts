import { encode } from 'fast-png';
import { RuntimeError } from '../../core/errors';
import type { Geometry, LabelMapValue, VolumeValue } from '../../core/values';
import { busiestSlice, renderOverlay } from './overlay';
import { planReorient, reorientData } from './reorient';

export interface OverlayPngParams {
  /** Axial slice from the feet; null: the slice with most labelled voxels. */
  slice: number | null;
  opacity: number;
}

/** BAD_NODE_INPUT when the chosen axial slice lies beyond the image (its axes reoriented to LPS). */
export function checkOverlaySlice(stored: Geometry, slice: number | null): void {
  const nz = planReorient(stored, 'LPS').geometry.dims[2];
  if (slice !== null && slice >= nz) throw new RuntimeError('BAD_NODE_INPUT', `axial slice ${slice} is outside the image (${nz} axial slices)`);
}

/**
 * output.overlay-png's picture: a true axial slice whatever the file's voxel order (a LIA
 * scan's third axis is coronal): the image's axes permuted to LPS, so slices run foot to head;
 * labels follow through world space. The PNG's bytes.
 */
export function overlayPng(stored: VolumeValue, labels: LabelMapValue, params: OverlayPngParams): Uint8Array {
  checkOverlaySlice(stored.geometry, params.slice);
  const plan = planReorient(stored.geometry, 'LPS');
  const image: VolumeValue = { ...stored, geometry: plan.geometry, data: reorientData(stored.data, stored.geometry.dims, plan) };
  const overlay = { image, labels };
  const { width, height, rgb } = renderOverlay(overlay, params.slice ?? busiestSlice(overlay), params.opacity);
  return encode({ width, height, data: rgb, channels: 3, depth: 8 });
}
