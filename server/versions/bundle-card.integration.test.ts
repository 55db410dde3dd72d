import { createHash } from 'node:crypto';
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTissueClassifier, TISSUE_CLASSIFIER_FILE } from '../../demo/tissue-classifier';
import { fromMonaiMetadata } from '../../domain/cards/monai';
import { FULL_CARD } from '../../domain/cards/test-fixtures';
import { mergedCard, versionMonaiMetadata } from '../../domain/cards/version-card';
import { models, pipelineVersions, versionCards } from '../../drizzle/schema';
import { getVersionCard } from '../cards/repo';
import { updateModelCard, updatePipelineCard } from '../cards/service';
import type { ServiceDeps } from '../context';
import { ServiceError } from '../errors';
import { registerModelBytes } from '../models/service';
import { createPipeline } from '../pipelines/service';
import { createTestServices, segmentationGraph } from '../test-fixtures';
import { exportVersion } from './bundle-export';
import { importVersion } from './bundle-import';
import { publishVersion } from './service';

type Deps = ServiceDeps & { close(): Promise<void> };
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const json = (b: Uint8Array) => JSON.parse(strFromU8(b));

async function failure(p: Promise<unknown>): Promise<ServiceError> {
  const e = await p.then(() => undefined, (err) => err);
  if (!(e instanceof ServiceError)) throw new Error(`expected a ServiceError, got ${e}`);
  return e;
}

/** Rewrites files of a bundle; `resign` also puts the new sha256s of card.json / metadata.json in the manifest. */
function rewrite(zip: Uint8Array, edit: (f: Record<string, Uint8Array>) => void, resign = false): Uint8Array {
  const files = unzipSync(zip);
  edit(files);
  if (resign) {
    const m = json(files['manifest.json']);
    m.cardSha256 = m.files['card.json'] = sha(files['card.json']);
    m.metadataSha256 = m.files['metadata.json'] = sha(files['metadata.json']);
    files['manifest.json'] = strToU8(JSON.stringify(m));
  }
  return zipSync(files as Zippable);
}
const editJson = (f: Record<string, Uint8Array>, name: string, edit: (d: Record<string, any>) => void) => {
  const d = json(f[name]);
  edit(d);
  f[name] = strToU8(JSON.stringify(d));
};

describe('the version card in export bundles (real PostgreSQL)', () => {
  let a: Deps;
  let b: Deps;
  let c: Deps; // receives the refused bundles
  let versionId = '';
  let zip: Uint8Array;
  beforeAll(async () => {
    [a, b, c] = await Promise.all([createTestServices(), createTestServices(), createTestServices()]);
    const { sha256 } = await registerModelBytes(a, { fileName: TISSUE_CLASSIFIER_FILE, bytes: buildTissueClassifier() });
    await updateModelCard(a, { sha256, card: FULL_CARD });
    const { id } = await createPipeline(a, { name: 'Carded export', description: 'for export', graph: segmentationGraph({ sha256 }, 'Carded export') });
    await updatePipelineCard(a, { pipelineId: id, card: { intendedUse: 'Export test.', modality: ['MR'], trainingData: '', knownLimits: 'None known.' } });
    versionId = (await publishVersion(a, { pipelineId: id, bump: 'major', notes: 'first' })).id;
    ({ zip } = await exportVersion(a, versionId));
  });
  afterAll(async () => Promise.all([a, b, c].map((d) => d?.close())));

  it('carries card.json (the pinned card) and metadata.json (its MONAI form), both hashed in the manifest', async () => {
    const files = unzipSync(zip);
    const pinned = (await getVersionCard(a.db, versionId))!;
    const manifest = json(files['manifest.json']);
    expect(json(files['card.json'])).toEqual(pinned);
    expect(json(files['metadata.json'])).toEqual(JSON.parse(JSON.stringify(versionMonaiMetadata(pinned, 'for export'))));
    expect(manifest).toMatchObject({ formatVersion: 2, cardSha256: sha(files['card.json']), metadataSha256: sha(files['metadata.json']) });
    expect(manifest.files).toMatchObject({ 'card.json': sha(files['card.json']), 'metadata.json': sha(files['metadata.json']) });
    // metadata.json reads back as the merged card (MONAI tools see the same labels and words)
    expect(fromMonaiMetadata(json(files['metadata.json']))).toEqual(mergedCard(pinned));
    expect(json(files['metadata.json']).network_data_format.outputs.pred.channel_def).toEqual({ '0': 'background', '1': 'white matter', '2': 'grey matter, cortex' });
  });

  it('import pins the same card to the imported version', async () => {
    const r = await importVersion(b, { workspaceId: 'ws_default', bytes: zip });
    expect(await getVersionCard(b.db, r.versionId)).toEqual(await getVersionCard(a.db, versionId));
  });

  it.each([
    ['an edited card.json', () => rewrite(zip, (f) => editJson(f, 'card.json', (c) => void (c.card.knownLimits = 'none at all'))), { file: 'card.json', problem: 'hash' }],
    ['an edited metadata.json', () => rewrite(zip, (f) => editJson(f, 'metadata.json', (m) => void (m.intended_use = 'diagnosis'))), { file: 'metadata.json', problem: 'hash' }],
    ['a removed card.json', () => rewrite(zip, (f) => void delete f['card.json']), { file: 'card.json', problem: 'missing' }],
    ['metadata.json re-hashed but no longer the MONAI form of card.json', () => rewrite(zip, (f) => editJson(f, 'metadata.json', (m) => void (m.intended_use = 'diagnosis')), true), { file: 'metadata.json', field: 'card' }],
    ['card.json re-hashed, describing other content', () => rewrite(zip, (f) => editJson(f, 'card.json', (c) => void (c.pipeline.contentHash = 'f'.repeat(64))), true), { file: 'card.json', field: 'contentHash' }],
  ])('refuses %s with BUNDLE_TAMPERED, storing nothing', async (_name, make, details) => {
    const e = await failure(importVersion(c, { workspaceId: 'ws_default', bytes: make() }));
    expect(e.code).toBe('BUNDLE_TAMPERED');
    expect(e.details).toMatchObject(details);
    for (const table of [pipelineVersions, versionCards, models]) expect((await c.db.select({ n: count() }).from(table))[0].n).toBe(0);
  });

  it('refuses a card.json over the limits with BUNDLE_INVALID; a format-1 bundle (no card) still imports, without a card', async () => {
    const big = rewrite(zip, (f) => editJson(f, 'card.json', (card) => void (card.card.intendedUse = 'x'.repeat(5000))), true);
    expect((await failure(importVersion(c, { workspaceId: 'ws_default', bytes: big }))).code).toBe('BUNDLE_INVALID');
    const v1 = rewrite(zip, (f) => {
      delete f['card.json'];
      delete f['metadata.json'];
      editJson(f, 'manifest.json', (m) => {
        m.formatVersion = 1;
        delete m.cardSha256;
        delete m.metadataSha256;
        delete m.files['card.json'];
        delete m.files['metadata.json'];
      });
    });
    const r = await importVersion(c, { workspaceId: 'ws_default', bytes: v1 });
    expect(r.created).toBe(true);
    expect(await getVersionCard(c.db, r.versionId)).toBeUndefined();
  });
});
