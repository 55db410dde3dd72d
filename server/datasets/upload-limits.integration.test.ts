import { readFileSync } from 'node:fs';
import path from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusPath, needFiles } from '../../test/needs';
import type { ServiceDeps } from '../context';
import { createTestServices, testPrincipal } from '../test-fixtures';
import { DATASET_LIMITS } from './mapping';
import { createDataset } from './service';
import { uploadDatasetVersion } from './upload';

const LIMIT = 64 * 1024 * 1024;
const CT = corpusPath('dicom/ct_series_seg');
const ctNeed = needFiles(CT);

function request(files: Record<string, Uint8Array>, fields: Record<string, string> = {}) {
  const form = new FormData();
  for (const [name, bytes] of Object.entries(files)) form.append('file', new Blob([new Uint8Array(bytes)]), name);
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  return new Request('http://studio.test/', { method: 'POST', body: form });
}

/** Refusals that come before any volume is read. */
describe('dataset uploads: limits (real PostgreSQL)', () => {
  let base: ServiceDeps & { close(): Promise<void> };
  let deps: ServiceDeps;
  let datasetId = '';
  beforeAll(async () => {
    base = await createTestServices();
    deps = { ...base, principal: testPrincipal('engineer') };
    datasetId = (await createDataset(deps, { name: 'limits' })).id;
  });
  afterAll(async () => base?.close());

  it(`more than ${DATASET_LIMITS.maxCases} cases are refused from the names alone (the files are not NIfTI at all)`, async () => {
    const files: Record<string, Uint8Array> = {};
    for (let i = 0; i <= DATASET_LIMITS.maxCases; i++) Object.assign(files, { [`images/c${i}.nii`]: new Uint8Array([1]), [`labels/c${i}.nii`]: new Uint8Array([1]) });
    await expect(uploadDatasetVersion(deps, datasetId, request({ 'many.zip': zipSync(files) }), LIMIT)).rejects.toMatchObject({ code: 'DATASET_TOO_LARGE', details: { cases: 501 } });
  });

  it('a bad label mapping is refused before any volume is read', async () => {
    const files = { 'a.nii': new Uint8Array([1]), 'a_seg.nii': new Uint8Array([1]) };
    await expect(uploadDatasetVersion(deps, datasetId, request(files, { labelMapping: '{"entries":[{"reference":1,"label":1},{"reference":1,"label":2}]}' }), LIMIT)).rejects.toMatchObject({
      code: 'DATASET_MAPPING_INVALID',
    });
  });

  it('the request limit holds across the files of a folder', async () => {
    const files = { 'a.nii': new Uint8Array(600), 'a_seg.nii': new Uint8Array(600) };
    await expect(uploadDatasetVersion(deps, datasetId, request(files), 1000)).rejects.toMatchObject({ code: 'UPLOAD_TOO_LARGE' });
  });

  it.skipIf(!ctNeed.ok)(ctNeed.title('a DICOM folder without a SEG is unpaired, naming the case'), async () => {
    const files = Object.fromEntries(['ct_01.dcm', 'ct_02.dcm'].map((n) => [`liver/${n}`, new Uint8Array(readFileSync(path.join(CT, n)))]));
    await expect(uploadDatasetVersion(deps, datasetId, request(files), LIMIT)).rejects.toMatchObject({ code: 'DATASET_UNPAIRED', details: { caseKey: 'liver' } });
  });
});
