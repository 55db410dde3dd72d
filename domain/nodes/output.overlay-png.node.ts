import { z } from 'zod';
import type { PortType } from '../ports';
import type { Issue } from '../validation/issue';
import { axialSlice, fileName, labelOpacity } from './params';
import { ALL_TARGETS, defineNode } from './spec';
import { deflate } from '../cost/node-cost';

export const outputOverlayPng = defineNode({
  kind: 'output.overlay-png',
  version: 1,
  title: 'Overlay PNG',
  category: 'output',
  description:
    'Writes one axial slice as PNG (a true axial plane whatever the voxel order of the scan, counted from the feet, shown radiologically): the image min-max windowed in grey with the labels blended in colour, aligned through world coordinates.',
  inputs: [
    { id: 'image', label: 'Image', type: { kind: 'volume' } },
    { id: 'labels', label: 'Labels', type: { kind: 'label-map' } },
  ],
  outputs: [],
  params: z.strictObject({
    slice: axialSlice('Axial slice index, from the feet (empty: the slice with most labelled voxels)'),
    opacity: labelOpacity(),
    fileName: fileName('overlay.png'),
  }),
  targets: ALL_TARGETS,
  // Reads the label map once to pick the slice; renders a single slice.
  costWeight: 0.2,
  cost: {
    // One axial slice of image + labels, RGBA, deflated; its kernel's work scales with that slice.
    work: ({ ins, input, inBytes, pass, calibration }) => {
      const sp = ins.labels?.spatial ?? ins.image?.spatial ?? input.dims;
      const d = deflate(sp[0] * sp[1] * 4, calibration);
      return { outputs: {}, cpuSeconds: pass(inBytes) + d.cpuSeconds, storedBytes: d.storedBytes };
    },
    movedBytes: ({ spatial }) => spatial[0] * spatial[1] * 4,
  },
  calibration: { inputs: { image: 'scan', labels: 'labels' } },
  // Which file axis is axial is known at run time; no image axis is longer than its longest.
  check: ({ params, inputs, nodeId }) => sliceOutsideImage(params.slice, inputs.image, nodeId, true),
});

/** A chosen axial slice beyond the image's known depth (shared with `output.dicom-sc`). */
export function sliceOutsideImage(slice: number | null, image: PortType | undefined, nodeId: string, anyAxis = false): Issue[] {
  const shape = image?.kind === 'volume' ? image.shape : undefined;
  const z = !shape ? null : anyAxis ? (shape.every((d) => d !== null) ? Math.max(...(shape as number[])) : null) : shape[2];
  if (slice === null || z == null || slice < z) return [];
  return [{ code: 'bad-params', severity: 'error', nodeId, message: `slice ${slice} is outside the image (${z} slices)` }];
}
