import type { ModelCard } from './card';

/** A card with every field set (tests of the round trips). */
export const FULL_CARD: ModelCard = {
  intendedUse: 'Segment grey and white matter in adult T1 brain MRI; research use only.',
  modality: ['MR', 'T1'],
  inputContract: {
    shape: [256, 256, 256],
    axisOrder: '[N,1,z,y,x]: NIfTI voxels in file order',
    orientation: 'LIA',
    spacingMm: [1, 1, 1.2],
    dtype: 'float32',
    channels: 1,
    valueRange: [0, 1],
    intensity: 'min-max normalise the whole volume to [0,1]',
  },
  labels: [
    { value: 0, name: 'background' },
    { value: 1, name: 'white matter', color: [245, 245, 245] },
    { value: 2, name: 'grey matter, cortex', color: [205, 62, 78] },
  ],
  trainingData: 'OpenNeuro T1 scans conformed with FreeSurfer (256^3, 1 mm).',
  knownLimits: 'Paediatric scans and lesions were not in the training data.',
  references: ['Fedorov et al., MeshNet (2017)', 'https://github.com/neuroneural/brainchop'],
  authors: ['Ada Lovelace, PhD', 'Alan Turing'],
  license: 'MIT',
};
