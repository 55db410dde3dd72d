import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeHeadPhantom } from '../../../../demo/phantom';
import { auditEvents } from '../../../../drizzle/schema';
import { writeNifti } from '../../../../runtimes/imaging/nifti';
import type { ServiceDeps } from '../../../../server/context';
import { uploadDatasetVersion } from '../../../../server/datasets/upload';
import { createTestServices, testPrincipal } from '../../../../server/test-fixtures';
import { createCallerFactory } from '../init';
import { appRouter } from '../root';

function request(files: Record<string, Uint8Array>) {
  const form = new FormData();
  for (const [name, bytes] of Object.entries(files)) form.append('file', new Blob([new Uint8Array(bytes)]), name);
  return new Request('http://studio.test/', { method: 'POST', body: form });
}

/** The datasets router over a real upload, and the audit trail it leaves. */
describe('datasets router (real PostgreSQL)', () => {
  let base: ServiceDeps & { close(): Promise<void> };
  let deps: ServiceDeps;
  let datasetId = '';
  const caller = () => createCallerFactory(appRouter)({ ...deps, principal: testPrincipal('engineer') });
  const LIMIT = 64 * 1024 * 1024;
  beforeAll(async () => {
    base = await createTestServices();
    deps = { ...base, principal: testPrincipal('engineer') };
    datasetId = (await caller().datasets.create({ name: 'limits' })).id;
  });
  afterAll(async () => base?.close());

  it('versions, cases and the audit trail through the router', async () => {
    const p = makeHeadPhantom({ size: 16 });
    const v = await uploadDatasetVersion(deps, datasetId, request({ 'p.nii.gz': writeNifti(p.volume, { gzip: true }), 'p_seg.nii.gz': writeNifti(p.labels, { gzip: true }) }), LIMIT);
    expect((await caller().datasets.versions({ id: datasetId })).map((x) => [x.number, x.caseCount, x.contentHash])).toEqual([[1, 1, v.contentHash]]);
    const [c] = await caller().datasets.cases({ versionId: v.id });
    expect([c.caseKey, c.scanName, Object.values(c.referenceCounts).reduce((a, n) => a + n, 0)]).toEqual(['p', 'p', 16 ** 3]);
    const clinician = createCallerFactory(appRouter)({ ...base, principal: testPrincipal('clinician') });
    expect((await clinician.datasets.list()).map((d) => d.name)).toEqual(['limits']);
    await expect(clinician.datasets.create({ name: 'x' })).rejects.toThrow('Not allowed: dataset.manage');
    const actions = (await base.db.select().from(auditEvents)).map((e) => [e.action, e.objectType]);
    expect(actions).toEqual([['dataset.created', 'dataset'], ['scan.uploaded', 'scan'], ['dataset.version-added', 'dataset-version']]);
  });
});
