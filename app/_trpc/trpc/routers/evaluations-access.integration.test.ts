import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workspaces } from '../../../../drizzle/schema';
import { KEY_ACTIONS, type Principal } from '../../../../domain/auth/permissions';
import { exportReport } from '../../../../server/evaluations/export';
import { testPrincipal } from '../../../../server/test-fixtures';
import { createEvalBed, demoPipeline, phantomDataset, type EvalBed } from '../../../../test/eval-fixtures';
import { createCallerFactory } from '../init';
import { appRouter } from '../root';

/**
 * Who may do what with evaluations, through the router: another workspace sees nothing (404 by
 * id guessing: report, export, cases, compare, cancel, override, criteria on a foreign dataset
 * version), clinicians and integrator keys cannot start or cancel evaluations or set criteria,
 * engineers cannot override a gate.
 */
let bed: EvalBed;
let evaluationId = '';
let versionId = '';
let datasetVersionId = '';
let pipelineId = '';
const as = (principal: Principal) => createCallerFactory(appRouter)({ ...bed.svc, principal, audit: { actor: { type: 'user', id: 'x' } } });
const denied = { cause: { code: 'PERMISSION_DENIED' } };
const key: Principal = { kind: 'key', keyId: 'k1', workspaceId: 'ws_default', actions: KEY_ACTIONS, createdBy: 'u-admin' };

beforeAll(async () => {
  bed = await createEvalBed();
  await bed.svc.db.insert(workspaces).values({ id: 'ws_other', name: 'Other' });
  datasetVersionId = (await phantomDataset(bed.svc, 'access', [31], 16)).id;
  ({ pipelineId } = await demoPipeline(bed.svc));
  const engineer = as(testPrincipal('engineer'));
  versionId = (await engineer.versions.publish({ pipelineId, bump: 'major' })).id;
  evaluationId = (await engineer.evaluations.start({ versionId, datasetVersionId })).evaluation.id;
}, 120_000);

afterAll(async () => bed?.dispose());

describe('evaluations: access control', () => {
  it('another workspace gets NOT_FOUND for every id of this one', async () => {
    const other = as(testPrincipal('admin', 'ws_other', 'u-other'));
    const notFound = { cause: { code: 'NOT_FOUND' } };
    await expect(other.evaluations.get({ id: evaluationId })).rejects.toMatchObject(notFound);
    await expect(other.evaluations.report({ id: evaluationId })).rejects.toMatchObject(notFound);
    await expect(other.evaluations.compare({ a: evaluationId, b: evaluationId })).rejects.toMatchObject(notFound);
    await expect(other.evaluations.cancel({ id: evaluationId })).rejects.toMatchObject(notFound);
    await expect(other.evaluations.listByVersion({ versionId })).rejects.toMatchObject(notFound);
    await expect(other.evaluations.start({ versionId, datasetVersionId })).rejects.toMatchObject(notFound);
    await expect(other.datasets.cases({ versionId: datasetVersionId })).rejects.toMatchObject(notFound);
    await expect(other.versions.override({ versionId, reason: 'mine now' })).rejects.toMatchObject(notFound);
    const { pipelineId: own } = await demoPipeline({ ...bed.svc, principal: testPrincipal('admin', 'ws_other', 'u-other') });
    await expect(other.evaluations.setCriteria({ pipelineId: own, criteria: [{ datasetVersionId, label: 3, metric: 'dice', statistic: 'mean', threshold: 0.5 }] })).rejects.toMatchObject(notFound);
    await expect(exportReport({ ...bed.svc, principal: testPrincipal('admin', 'ws_other', 'u-other') }, evaluationId, 'csv')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await as(testPrincipal('engineer')).evaluations.get({ id: evaluationId })).status).toBe('running');
  });

  it('clinicians and integrator keys read reports but cannot start, cancel or set criteria; engineers cannot override', async () => {
    const criteria = [{ datasetVersionId, label: 3, metric: 'dice' as const, statistic: 'mean' as const, threshold: 0.5 }];
    for (const p of [testPrincipal('clinician'), key]) {
      const c = as(p);
      await expect(c.evaluations.report({ id: evaluationId })).resolves.toMatchObject({ evaluation: { id: evaluationId } });
      await expect(c.evaluations.start({ versionId, datasetVersionId })).rejects.toMatchObject(denied);
      await expect(c.evaluations.cancel({ id: evaluationId })).rejects.toMatchObject(denied);
      await expect(c.evaluations.setCriteria({ pipelineId, criteria })).rejects.toMatchObject(denied);
      await expect(c.versions.override({ versionId, reason: 'x' })).rejects.toMatchObject(denied);
    }
    await expect(as(testPrincipal('engineer')).versions.override({ versionId, reason: 'x' })).rejects.toMatchObject(denied);
    expect((await as(testPrincipal('engineer')).evaluations.get({ id: evaluationId })).status).toBe('running');
  });
});
