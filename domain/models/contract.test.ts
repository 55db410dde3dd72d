import { describe, expect, it } from 'vitest';
import { contractFromMetadata } from './contract';

// As brainchop's converted mindgrab model carries them (shared corpus, models/README).
const brainchop = {
  task: 'brain extraction (skull stripping), any MR contrast or CT',
  labels: '[{"value": 0, "name": "outside brain"}, {"value": 1, "name": "brain", "color": [255, 255, 255]}]',
  input_axes: '[N,1,z,y,x]: NIfTI voxels in file order',
  preprocessing: 'conform to 256^3 1 mm (as t1_crop_256_uint8), min-max normalise the whole volume to [0,1]',
  source: 'brainchop mindgrab (MIT), converted from tfjs layers',
};

describe('contractFromMetadata', () => {
  it('reads brainchop metadata: labels, use, axes, and FreeSurfer conform as LIA 256^3 at 1 mm', () => {
    expect(contractFromMetadata(brainchop)).toEqual({
      intendedUse: brainchop.task,
      labels: [{ value: 0, name: 'outside brain' }, { value: 1, name: 'brain', color: [255, 255, 255] }],
      inputAxes: brainchop.input_axes,
      preprocessing: brainchop.preprocessing,
      shape: [256, 256, 256],
      spacingMm: 1,
      orientation: 'LIA',
    });
  });

  it("prefers the studio's own contract, and leaves out what does not parse", () => {
    expect(contractFromMetadata({ ...brainchop, 'studio.contract': JSON.stringify({ orientation: 'RAS', modality: ['CT'] }) })).toEqual({ orientation: 'RAS', modality: ['CT'] });
    expect(contractFromMetadata({ labels: '{not json', task: 'x'.repeat(3000), preprocessing: 'z-score' })).toEqual({ preprocessing: 'z-score' });
    expect(contractFromMetadata({ labels: 'y'.repeat(70_000) })).toBeUndefined();
    expect(contractFromMetadata({})).toBeUndefined();
  });
});
