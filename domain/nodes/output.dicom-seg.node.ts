import { z } from 'zod';
import { duplicateLabelValues } from './post.argmax.node';
import { fileName, rgb } from './params';
import { ALL_TARGETS, defineNode } from './spec';
import { writerCost } from '../cost/node-cost';

/**
 * A coded concept for SegmentedPropertyCategory/Type: SNOMED CT ('SCT') by default; other
 * designators ('DCM', or a private '99XYZ' scheme for user codes) are allowed.
 */
const code = z.strictObject({
  value: z.string().regex(/^[^\\]{1,16}$/, 'a code value of 1-16 characters'),
  scheme: z.string().regex(/^[A-Za-z0-9_.-]{1,16}$/, 'a coding scheme designator such as SCT').default('SCT'),
  meaning: z.string().min(1).max(64),
});

export const segmentDescriptions = z
  .array(
    z.strictObject({
      value: z.number().int().min(1).max(65535).meta({ description: 'Label value in the label map' }),
      label: z.string().min(1).max(64),
      category: code.optional().meta({ description: 'Segmented property category (default SCT 85756007 "Tissue")' }),
      type: code.optional().meta({ description: 'Segmented property type (default SCT 85756007 "Tissue")' }),
      color: rgb.optional(),
    }),
  )
  .default([])
  .meta({ description: 'Segment descriptions keyed by label value; undescribed values present in the label map get generic ones' });

export const outputDicomSeg = defineNode({
  kind: 'output.dicom-seg',
  version: 1,
  title: 'DICOM SEG',
  category: 'output',
  description:
    'Writes the label map as a binary DICOM Segmentation referencing the source series (same study, frame of reference and slice positions), one segment per label value present, with the algorithm name, pipeline version and model sha256 recorded.',
  inputs: [
    { id: 'labels', label: 'Labels', type: { kind: 'label-map' } },
    { id: 'series', label: 'Source series', type: { kind: 'dicom-series' } },
  ],
  outputs: [],
  params: z.strictObject({
    segments: segmentDescriptions,
    algorithmName: z.string().min(1).max(64).default('studio-pipeline').meta({ description: 'SegmentAlgorithmName, ContentCreatorName and ManufacturerModelName' }),
    seriesDescription: z.string().max(64).optional().meta({ description: 'Default: "<algorithm name> <pipeline version>"' }),
    fileName: fileName('segmentation.dcm'),
  }),
  targets: ALL_TARGETS,
  // One pass over the label map plus bit packing: cheaper than gzip.
  costWeight: 1,
  cost: writerCost,
  check: ({ params, nodeId }) => duplicateLabelValues(params.segments, nodeId),
});
