import { describe, expect, it } from 'vitest';
import { EMPTY_CARD } from './card';
import { FULL_CARD } from './test-fixtures';
import { fromMonaiMetadata } from './monai';
import { buildVersionCard, mergedCard, VersionCardSchema, versionMonaiMetadata } from './version-card';

const SHA_A = 'a'.repeat(64);
const SHA_B = 'b'.repeat(64);
const base = {
  pipeline: { name: 'Brain', semver: '1.1.0', contentHash: 'c'.repeat(64) },
  card: { intendedUse: 'Research pipeline.', modality: ['MR'], trainingData: '', knownLimits: 'Adults only.', license: 'Apache-2.0' },
  history: [
    { semver: '1.1.0', notes: 'tiles', publishedAt: '2026-12-07T10:00:00.000Z' },
    { semver: '1.0.0', notes: 'first', publishedAt: '2026-12-01T10:00:00.000Z' },
  ],
};

describe('version card', () => {
  it('pins the pipeline card, model cards in graph order and the history', () => {
    const extractor = { ...EMPTY_CARD, intendedUse: 'Skull strip.', inputContract: { shape: [256, 256, 256] }, labels: [{ value: 1, name: 'brain' }], authors: ['Alan Turing'] };
    const v = buildVersionCard({ ...base, models: [{ sha256: SHA_B, name: 'extract', card: extractor }, { sha256: SHA_A, name: 'seg', card: FULL_CARD }] });
    expect(v.models.map((m) => m.name)).toEqual(['extract', 'seg']);
    const merged = mergedCard(v);
    expect(merged.intendedUse).toBe(`Research pipeline.\n\nSkull strip.\n\n${FULL_CARD.intendedUse}`);
    expect(merged.inputContract).toEqual({ shape: [256, 256, 256] }); // the first model reads the scan
    expect(merged.labels).toEqual(FULL_CARD.labels); // the last one labels it
    expect(merged.modality).toEqual(['MR', 'T1']);
    expect(merged.authors).toEqual(['Alan Turing', 'Ada Lovelace, PhD']);
    expect(merged.license).toBe('Apache-2.0');
    expect(merged.knownLimits).toBe(`Adults only.\n\n${FULL_CARD.knownLimits}`);
    const monai = versionMonaiMetadata(v, 'desc');
    expect(monai).toMatchObject({ name: 'Brain', version: '1.1.0', description: 'desc', changelog: { '1.1.0': 'tiles', '1.0.0': 'first' } });
    expect(fromMonaiMetadata(JSON.parse(JSON.stringify(monai)))).toEqual(merged);
  });

  it('has an optional, typed evaluation and refuses a malformed one', () => {
    const v = buildVersionCard({ ...base, models: [] });
    expect(v.evaluation).toBeUndefined();
    const dice = { n: 12, mean: 0.91, median: 0.92, ci95: [0.88, 0.93] as [number, number], missing: 0 };
    const evaluation = { datasetVersionId: 'dsv_1', cases: 12, perLabel: [{ label: 1, name: 'wm', metrics: { dice } }] };
    expect(VersionCardSchema.parse({ ...v, evaluation }).evaluation).toEqual(evaluation);
    expect(VersionCardSchema.safeParse({ ...v, evaluation: { ...evaluation, perLabel: [{ label: 1, name: 'wm', metrics: { dice: { ...dice, mean: 'high' } } }] } }).success).toBe(false);
    expect(VersionCardSchema.safeParse({ ...v, evaluation: { ...evaluation, perLabel: [{ label: 1, name: 'wm', metrics: { accuracy: dice } }] } }).success).toBe(false); // not a metric evaluations compute
    expect(() => buildVersionCard({ ...base, pipeline: { ...base.pipeline, contentHash: 'nope' }, models: [] })).toThrow();
  });
});
