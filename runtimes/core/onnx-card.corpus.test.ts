import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { toMonaiMetadata } from '../../domain/cards/monai';
import { corpusPath, needFiles } from '../../test/needs';
import { readModelSignature } from './onnx-signature';

const MODELS = corpusPath('models');
const SUBCORTICAL = path.join(MODELS, 'brainchop_subcortical_gwm_18cls.onnx');
const MINDGRAB = path.join(MODELS, 'brainchop_mindgrab_brain_extraction.onnx');
const PLAIN = path.join(MODELS, 'niivue_meshnet_gwm_256.onnx');
const CORPUS = needFiles(SUBCORTICAL, MINDGRAB, PLAIN);
const card = (file: string) => readModelSignature(readFileSync(file), 'ab'.repeat(32)).card;

describe.skipIf(!CORPUS.ok)(CORPUS.title('model cards read from brainchop models’ metadata_props'), () => {
  it('subcortical atlas: 18 named, coloured labels, reversed axes, the conform grid, its source', () => {
    const c = card(SUBCORTICAL)!;
    expect(c.labels).toHaveLength(18);
    expect(c.labels.map((l) => l.value)).toEqual([...Array(18).keys()]);
    expect(c.labels.find((l) => l.value === 7)).toEqual({ value: 7, name: 'Thalamus', color: [0, 118, 14] });
    expect(c.labels.find((l) => l.value === 14)?.name).toBe('Hippocampus');
    expect(c.labels.every((l) => l.name.length > 0 && l.color?.length === 3)).toBe(true);
    expect(c.intendedUse).toMatch(/subcortical/);
    expect(c.inputContract).toMatchObject({ shape: [256, 256, 256], spacingMm: [1], orientation: 'LIA' });
    expect(c.inputContract.axisOrder).toMatch(/reversed/);
    expect(c.inputContract.intensity).toMatch(/min-max/);
    expect(c.references?.[0]).toMatch(/model30chan18cls \(MIT\)/);
    // ... and as MONAI metadata: 18 output channels named by label.
    const monai = toMonaiMetadata(c, { name: 'subcortical', version: '1.0.0' });
    expect(monai.network_data_format.outputs.pred.num_channels).toBe(18);
    expect(monai.network_data_format.outputs.pred.channel_def['2']).toBe('Cerebral-Cortex');
  });

  it('mindgrab: 2 labels in file order; a model without metadata_props has no card', () => {
    const c = card(MINDGRAB)!;
    expect(c.labels.map((l) => l.name)).toEqual(['outside brain', 'brain']);
    expect(c.inputContract.axisOrder).toMatch(/file order/);
    expect(card(PLAIN)).toBeUndefined();
  });
});
