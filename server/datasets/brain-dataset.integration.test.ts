import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBrainDataset, REFERENCE_MODEL } from '../../test/eval-dataset';
import { corpusT1 } from '../../test/material';
import { needFiles } from '../../test/needs';
import type { ServiceDeps } from '../context';
import { createTestServices, testPrincipal } from '../test-fixtures';
import { listVersionCases } from './read';
import { createDataset } from './service';
import { uploadDatasetVersion } from './upload';

const need = needFiles(corpusT1, REFERENCE_MODEL);

/** The evaluation fixture's brain dataset goes through the upload as the studio takes it (the permuted copies included). */
describe('the brain evaluation dataset as an upload (real PostgreSQL)', () => {
  let base: ServiceDeps & { close(): Promise<void> };
  let dir = '';
  beforeAll(async () => {
    base = await createTestServices();
    dir = await mkdtemp(path.join(os.tmpdir(), 'brain-ds-'));
  });
  afterAll(async () => {
    await base?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it.skipIf(!need.ok)(need.title('three T1 cases (two with permuted, flipped axes) stored with the reference counts and the given mapping'), async () => {
    const built = await buildBrainDataset(dir);
    const deps = { ...base, principal: testPrincipal('engineer') };
    const ds = await createDataset(deps, { name: 'brain' });
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(await readFile(built.zipPath))]), 'brain-dataset.zip');
    form.append('labelMapping', JSON.stringify(built.labelMapping));
    const v = await uploadDatasetVersion(deps, ds.id, new Request('http://studio.test/', { method: 'POST', body: form }), 1024 ** 3);
    expect(v.labelMapping).toEqual(built.labelMapping);
    const cases = await listVersionCases(deps, v.id);
    expect(cases.map((c) => [c.caseKey, c.referenceCounts])).toEqual([...built.cases].sort((a, b) => a.key.localeCompare(b.key)).map((c) => [c.key, c.counts]));
    expect(cases[0].referenceCounts).toEqual({ 0: 15581178, 1: 474570, 2: 721468 });
  });
});
