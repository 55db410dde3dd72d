import { describe, expect, it } from 'vitest';
import { EMPTY_CARD } from './card';
import { FULL_CARD } from './test-fixtures';
import { CARD_PROP, fromOnnxMetadataProps, toOnnxMetadataProps } from './onnx-props';

const asRecord = (props: { key: string; value: string }[]) => Object.fromEntries(props.map((p) => [p.key, p.value]));

describe('ONNX metadata_props', () => {
  it('round-trips a full card and the empty one', () => {
    for (const card of [FULL_CARD, EMPTY_CARD]) expect(fromOnnxMetadataProps(asRecord(toOnnxMetadataProps(card)))).toEqual(card);
  });

  it('writes the keys other tools read: ONNX model_author/model_license and brainchop’s', () => {
    const props = asRecord(toOnnxMetadataProps(FULL_CARD));
    expect(Object.keys(props).sort()).toEqual([CARD_PROP, 'input_axes', 'labels', 'model_author', 'model_license', 'preprocessing', 'source', 'task'].sort());
    expect(props).toMatchObject({ model_license: 'MIT', task: FULL_CARD.intendedUse, input_axes: FULL_CARD.inputContract.axisOrder });
    expect(JSON.parse(props.labels)).toEqual(FULL_CARD.labels);
    // Without studio.card, the other keys still give the labels, words and provenance.
    const { [CARD_PROP]: _, ...foreign } = props;
    const card = fromOnnxMetadataProps(foreign)!;
    expect(card.labels).toEqual(FULL_CARD.labels);
    expect(card.intendedUse).toBe(FULL_CARD.intendedUse);
    expect(card.inputContract.intensity).toBe(FULL_CARD.inputContract.intensity);
    expect(card.references).toEqual(FULL_CARD.references);
    expect(card.license).toBe('MIT');
  });

  it('reads brainchop’s keys: "conform to 256^3 1 mm" as shape, spacing and LIA; source as a reference', () => {
    const card = fromOnnxMetadataProps({
      task: 'brain extraction',
      labels: '[{"value": 0, "name": "outside brain"}, {"value": 1, "name": "brain", "color": [255, 255, 255]}]',
      input_axes: '[N,1,z,y,x]: NIfTI voxels in file order',
      preprocessing: 'conform to 256^3 1 mm (as t1_crop_256_uint8), min-max normalise the whole volume to [0,1]',
      source: 'brainchop mindgrab (MIT), converted from tfjs layers',
    })!;
    expect(card).toMatchObject({
      intendedUse: 'brain extraction',
      inputContract: { shape: [256, 256, 256], spacingMm: [1], orientation: 'LIA', axisOrder: '[N,1,z,y,x]: NIfTI voxels in file order' },
      labels: [{ value: 0, name: 'outside brain' }, { value: 1, name: 'brain', color: [255, 255, 255] }],
      references: ['brainchop mindgrab (MIT), converted from tfjs layers'],
    });
  });

  it('ignores a studio.card that is not a card, and metadata that says nothing', () => {
    expect(fromOnnxMetadataProps({ [CARD_PROP]: '{"intendedUse": 5}', task: 'tissue' })).toMatchObject({ intendedUse: 'tissue' });
    expect(fromOnnxMetadataProps({ [CARD_PROP]: 'not json' })).toBeUndefined();
    expect(fromOnnxMetadataProps({ producer_note: 'hello' })).toBeUndefined();
    expect(fromOnnxMetadataProps({ [CARD_PROP]: JSON.stringify(FULL_CARD) + ' '.repeat(70 * 1024) })).toBeUndefined();
  });
});
