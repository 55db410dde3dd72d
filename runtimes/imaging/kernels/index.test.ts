import { describe, expect, it } from 'vitest';
import { imagingKernels, lookupKernel } from './index';

const KINDS = [
  'input.nifti', 'input.dicom-series', 'pre.normalize', 'pre.crop-pad', 'pre.tile', 'model.onnx', 'post.untile',
  'post.argmax', 'post.threshold', 'post.label-volumes', 'output.nifti-labels', 'output.dicom-seg',
  'output.dicom-sc', 'output.overlay-png', 'output.report-json',
];

describe('imaging kernel registry', () => {
  it('has one kernel per catalogue kind at version 1', () => {
    expect(imagingKernels.map((k) => k.kind).sort()).toEqual([...KINDS].sort());
    for (const kind of KINDS) expect(lookupKernel(kind, 1)?.kind).toBe(kind);
  });

  it('finds nothing for unknown kinds or versions', () => {
    expect(lookupKernel('pre.normalize', 2)).toBeUndefined();
    expect(lookupKernel('nope', 1)).toBeUndefined();
  });
});
