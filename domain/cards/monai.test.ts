import { describe, expect, it } from 'vitest';
import { EMPTY_CARD } from './card';
import { FULL_CARD } from './test-fixtures';
import { fromMonaiMetadata, toMonaiMetadata } from './monai';

describe('MONAI bundle metadata.json', () => {
  const ctx = { name: 'Brain seg', version: '1.2.0', description: 'grey/white', changelog: { '1.2.0': 'tiles', '1.0.0': 'first' } };

  it('uses the specification’s field names', () => {
    const m = toMonaiMetadata(FULL_CARD, ctx);
    expect(m).toMatchObject({
      version: '1.2.0',
      changelog: { '1.2.0': 'tiles', '1.0.0': 'first' },
      task: FULL_CARD.intendedUse,
      intended_use: FULL_CARD.intendedUse,
      description: 'grey/white',
      authors: 'Ada Lovelace, PhD, Alan Turing',
      license: 'MIT',
      data_source: FULL_CARD.trainingData,
      references: FULL_CARD.references,
      network_data_format: {
        inputs: { image: { type: 'image', format: 'magnitude', modality: 'MR+T1', num_channels: 1, spatial_shape: [256, 256, 256], dtype: 'float32', value_range: [0, 1], is_patch_data: false } },
        outputs: { pred: { type: 'image', format: 'labels', num_channels: 3, channel_def: { '0': 'background', '1': 'white matter', '2': 'grey matter, cortex' } } },
      },
    });
    expect(toMonaiMetadata({ ...FULL_CARD, modality: ['CT'] }, ctx).network_data_format.inputs.image.format).toBe('hounsfield');
  });

  it('round-trips a full card and the empty one through JSON', () => {
    for (const card of [FULL_CARD, EMPTY_CARD]) {
      expect(fromMonaiMetadata(JSON.parse(JSON.stringify(toMonaiMetadata(card, ctx))))).toEqual(card);
    }
  });

  it('reads a MONAI model-zoo metadata.json that has no studio key', () => {
    const spleen = {
      version: '0.1.0',
      task: 'Decathlon spleen segmentation',
      description: 'A pre-trained model for volumetric (3D) segmentation of the spleen from CT image',
      authors: 'MONAI team',
      copyright: 'Copyright (c) MONAI Consortium',
      data_source: 'Task09_Spleen.tar from http://medicaldecathlon.com/',
      intended_use: 'This is an example, not to be used for diagnostic purposes',
      references: ['Xia, Yingda, et al. 3D Semi-Supervised Learning (2018)'],
      network_data_format: {
        inputs: { image: { type: 'image', format: 'hounsfield', modality: 'CT', num_channels: 1, spatial_shape: [96, 96, 96], dtype: 'float32', value_range: [0, 1], is_patch_data: true, channel_def: { '0': 'image' } } },
        outputs: { pred: { type: 'image', format: 'segmentation', num_channels: 2, spatial_shape: [96, 96, 96], dtype: 'float32', value_range: [0, 1], is_patch_data: true, channel_def: { '0': 'background', '1': 'spleen' } } },
      },
    };
    expect(fromMonaiMetadata(spleen)).toEqual({
      intendedUse: 'This is an example, not to be used for diagnostic purposes',
      modality: ['CT'],
      inputContract: { shape: [96, 96, 96], dtype: 'float32', channels: 1, valueRange: [0, 1] },
      labels: [{ value: 0, name: 'background' }, { value: 1, name: 'spleen' }],
      trainingData: 'Task09_Spleen.tar from http://medicaldecathlon.com/',
      knownLimits: '',
      references: ['Xia, Yingda, et al. 3D Semi-Supervised Learning (2018)'],
      authors: ['MONAI team'],
    });
  });

  it('leaves out what does not fit the card and reads nonsense as an empty card', () => {
    const m = toMonaiMetadata(FULL_CARD, ctx) as Record<string, any>;
    m.network_data_format.inputs.image.spatial_shape = ['2**n', '2**n', '*'];
    delete m.studio.input_contract;
    m.intended_use = 'x'.repeat(5000);
    m.references = 'not a list';
    const card = fromMonaiMetadata(m);
    expect(card.inputContract).toEqual({ dtype: 'float32', channels: 1, valueRange: [0, 1] });
    expect(card.intendedUse).toBe(FULL_CARD.intendedUse); // from `task`, the too-long intended_use left out
    expect(card.references).toBeUndefined();
    expect(card.labels).toEqual(FULL_CARD.labels);
    m.studio.input_contract = { orientation: 'nonsense', dtype: 'uint8' };
    expect(fromMonaiMetadata(m).inputContract).toEqual({ dtype: 'uint8' });
    expect(fromMonaiMetadata('not an object')).toEqual(EMPTY_CARD);
  });
});
