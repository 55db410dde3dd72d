import { describe, expect, it } from 'vitest';
import { cardFromContract, EMPTY_CARD, ModelCardSchema, parseCard } from './card';
import { FULL_CARD } from './test-fixtures';

describe('ModelCard schema', () => {
  it('accepts a full card and the empty one', () => {
    expect(ModelCardSchema.parse(FULL_CARD)).toEqual(FULL_CARD);
    expect(parseCard(EMPTY_CARD)).toEqual(EMPTY_CARD);
  });

  it.each([
    ['intended use over 4000 chars', { intendedUse: 'x'.repeat(4001) }, 'intendedUse'],
    ['known limits over 4000 chars', { knownLimits: 'x'.repeat(4001) }, 'knownLimits'],
    ['more than 1024 labels', { labels: Array.from({ length: 1025 }, (_, i) => ({ value: i, name: `l${i}` })) }, 'labels'],
    ['a label value over 65535', { labels: [{ value: 65536, name: 'big' }] }, 'labels.0.value'],
    ['a label colour component over 255', { labels: [{ value: 1, name: 'a', color: [256, 0, 0] }] }, 'labels.0.color.0'],
    ['a label without a name', { labels: [{ value: 1, name: '' }] }, 'labels.0.name'],
    ['17 modalities', { modality: Array.from({ length: 17 }, (_, i) => `M${i}`) }, 'modality'],
    ['51 references', { references: Array.from({ length: 51 }, (_, i) => `ref ${i}`) }, 'references'],
    ['an author name over 200 chars', { authors: ['a'.repeat(201)] }, 'authors.0'],
    ['a licence over 200 chars', { license: 'x'.repeat(201) }, 'license'],
    ['an unknown orientation code', { inputContract: { orientation: 'XYZ' } }, 'inputContract.orientation'],
    ['a 4-D spatial shape', { inputContract: { shape: [1, 2, 3, 4] } }, 'inputContract.shape'],
    ['a zero spacing', { inputContract: { spacingMm: [0] } }, 'inputContract.spacingMm.0'],
    ['an unknown field (misspelt)', { intendedUes: 'typo' }, ''],
  ])('refuses %s', (_name, patch, path) => {
    const r = ModelCardSchema.safeParse({ ...FULL_CARD, ...patch });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join('.'))).toContain(path);
  });

  it('a card implied by an input contract keeps its labels, grid and words', () => {
    const card = cardFromContract({ intendedUse: 'tissue', orientation: 'RAS', spacingMm: 2, shape: [64, 64, 64], labels: [{ value: 1, name: 'wm', color: [1.4, 2.6, 3] }], preprocessing: 'z-score', inputAxes: '[N,1,z,y,x]', modality: ['MR'] });
    expect(card).toEqual({
      ...EMPTY_CARD,
      intendedUse: 'tissue',
      modality: ['MR'],
      inputContract: { shape: [64, 64, 64], axisOrder: '[N,1,z,y,x]', orientation: 'RAS', spacingMm: [2], intensity: 'z-score' },
      labels: [{ value: 1, name: 'wm', color: [1, 3, 3] }],
    });
    expect(cardFromContract(undefined)).toEqual(EMPTY_CARD);
  });
});
