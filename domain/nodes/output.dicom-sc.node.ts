import { z } from 'zod';
import { sliceOutsideImage } from './output.overlay-png.node';
import { axialSlice, fileName, labelOpacity } from './params';
import { ALL_TARGETS, defineNode } from './spec';
import { deflate } from '../cost/node-cost';

export const outputDicomSc = defineNode({
  kind: 'output.dicom-sc',
  version: 1,
  title: 'DICOM Secondary Capture',
  category: 'output',
  description:
    'Writes the label overlay (as the Overlay PNG draws it) on every source slice as RGB DICOM Secondary Capture images, a new series in the source study marked NOT FOR DIAGNOSTIC USE, for viewers that cannot show DICOM SEG. A zip of one .dcm per slice.',
  inputs: [
    { id: 'image', label: 'Image', type: { kind: 'volume' } },
    { id: 'labels', label: 'Labels', type: { kind: 'label-map' } },
    { id: 'series', label: 'Source series', type: { kind: 'dicom-series' } },
  ],
  outputs: [],
  params: z.strictObject({
    slice: axialSlice('Only this axial slice of the image (empty: every slice, one image each)'),
    opacity: labelOpacity(),
    algorithmName: z.string().min(1).max(64).default('studio-pipeline').meta({ description: 'ManufacturerModelName and the derivation text' }),
    seriesDescription: z.string().max(64).optional().meta({ description: 'After "NOT FOR DIAGNOSTIC USE - "; default: "<algorithm name> <pipeline version> overlay"' }),
    fileName: fileName('secondary-capture.zip'),
  }),
  targets: ALL_TARGETS,
  // Renders every slice twice (UIDs from the pixels, then the files) and deflates the RGB.
  costWeight: 2,
  cost: {
    // Each chosen slice rendered twice as RGB (UIDs from the pixels, then the files), deflated into the zip.
    work: ({ params, ins, input, inBytes, pass, calibration }) => {
      const sp = ins.labels?.spatial ?? ins.image?.spatial ?? input.dims;
      const rgb = sp[0] * sp[1] * 3 * (typeof params.slice === 'number' ? 1 : sp[2]);
      const d = deflate(rgb, calibration);
      return { outputs: {}, cpuSeconds: pass(inBytes) + 2 * pass(rgb) + d.cpuSeconds, storedBytes: d.storedBytes };
    },
  },
  check: ({ params, inputs, nodeId }) => sliceOutsideImage(params.slice, inputs.image, nodeId),
});
