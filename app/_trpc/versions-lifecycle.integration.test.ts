import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTissueClassifier, TISSUE_CLASSIFIER_FILE } from '../../demo/tissue-classifier';
import { auditEvents, pipelines } from '../../drizzle/schema';
import { mapError, ServiceError } from '../../server/errors';
import { appRouter } from './trpc/root';
import { createCallerFactory } from './trpc/init';
import { getVersion } from '../../server/versions/repo';
import type { ServiceDeps } from '../../server/context';
import { registerModelBytes } from '../../server/models/service';
import { createPipeline, saveDraft } from '../../server/pipelines/service';
import { createTestServices, segmentationGraph } from '../../server/test-fixtures';
import { listVersionDtos, publishVersion } from '../../server/versions/service';
import { exportVersion } from '../../server/versions/bundle-export';
import { diffVersions } from '../../server/versions/diff';
import { rollbackVersion } from '../../server/versions/rollback';
import { buildSwapModel } from '../../server/versions/test-models';

async function failure(p: Promise<unknown>): Promise<ServiceError> {
  const e = await p.then(() => undefined, (err) => err);
  if (!(e instanceof ServiceError)) throw new Error(`expected a ServiceError, got ${e}`);
  return e;
}

describe('version pins, rollback and diff (real PostgreSQL)', () => {
  let deps: ServiceDeps & { close(): Promise<void> };
  let tissue: string;
  let swap: string;
  let pipelineId: string;
  let v1: { id: string; semver: string };
  let v2: { id: string; semver: string };
  beforeAll(async () => {
    deps = await createTestServices();
    tissue = (await registerModelBytes(deps, { fileName: TISSUE_CLASSIFIER_FILE, bytes: buildTissueClassifier() })).sha256;
    swap = (await registerModelBytes(deps, { fileName: 'swap.onnx', name: 'swap', bytes: buildSwapModel() })).sha256;
    const graph = segmentationGraph({ sha256: tissue }, 'lifecycle');
    pipelineId = (await createPipeline(deps, { name: 'lifecycle', graph })).id;
    v1 = await publishVersion(deps, { pipelineId, bump: 'major' });
    // v2: a param change and a model swap.
    const next = structuredClone(graph);
    next.nodes.find((n) => n.id === 'norm')!.params = { method: 'z-score' };
    next.nodes.find((n) => n.id === 'model')!.params = { model: { sha256: swap } };
    await saveDraft(deps, { id: pipelineId, graph: next });
    v2 = await publishVersion(deps, { pipelineId, bump: 'minor' });
  });
  afterAll(async () => deps?.close());

  it('pins node kind@versions, model sha256s and runtime package versions beside the graph', async () => {
    const row = (await getVersion(deps.db, v1.id))!;
    expect(row.pins).toEqual({
      nodes: ['input.nifti@1', 'model.onnx@1', 'output.nifti-labels@1', 'post.argmax@1', 'pre.normalize@1'],
      models: [tissue],
      runtimes: { 'onnxruntime-node': expect.stringMatching(/^\d+\.\d+\.\d+$/), 'onnxruntime-web': expect.stringMatching(/^\d+\.\d+\.\d+$/), studio: expect.any(String) },
      contracts: {}, // the demo classifier's file carries no contract and none was edited
    });
    expect((await getVersion(deps.db, v2.id))!.pins!.models).toEqual([swap]);
  });

  it('refuses to publish the same content twice (VERSION_EXISTS names the existing version)', async () => {
    const e = await failure(publishVersion(deps, { pipelineId, bump: 'patch' }));
    expect(e.code).toBe('VERSION_EXISTS');
    expect(e.details).toMatchObject({ versionId: v2.id, semver: '1.1.0' });
  });

  it('lists versions newest first with the active one marked', async () => {
    const list = await listVersionDtos(deps, pipelineId);
    expect(list.map((v) => [v.semver, v.active])).toEqual([['1.1.0', true], ['1.0.0', false]]);
  });

  it('diffs two versions: the param change old -> new and the model swap with hash, opset and signature', async () => {
    const d = await diffVersions(deps, { fromId: v1.id, toId: v2.id });
    expect(d.sameContent).toBe(false);
    expect(d.graph.nodes).toMatchObject({ added: [], removed: [] });
    expect(d.graph.edges).toEqual({ added: [], removed: [] });
    expect(d.graph.nodes.changed).toEqual([
      { id: 'norm', params: [{ path: 'method', from: 'min-max', to: 'z-score' }] },
      { id: 'model', params: [{ path: 'model.sha256', from: tissue, to: swap }] },
    ]);
    expect(d.models).toHaveLength(1);
    const [m] = d.models;
    expect(m).toMatchObject({ nodeId: 'model', param: 'model', changed: ['sha256', 'opset', 'outputs'] });
    expect(m.from).toMatchObject({ sha256: tissue, opsets: { 'ai.onnx': 17 } });
    expect(m.to).toMatchObject({ sha256: swap, name: 'swap', opsets: { 'ai.onnx': 18 } });
    expect(m.from!.outputs![0].shape[1]).toBe(5);
    expect(m.to!.outputs![0].shape[1]).toBe(1);
    expect(d.pins.models).toEqual({ added: [swap], removed: [tissue] });
    expect(d.pins.runtimes).toEqual([]);
    // The reverse diff mirrors it; a version against itself is empty.
    expect((await diffVersions(deps, { fromId: v2.id, toId: v1.id })).graph.nodes.changed[0].params[0]).toEqual({ path: 'method', from: 'z-score', to: 'min-max' });
    const same = await diffVersions(deps, { fromId: v1.id, toId: v1.id });
    expect(same).toMatchObject({ sameContent: true, models: [], graph: { nodes: { added: [], removed: [], changed: [] } } });
  });

  it('rolls back to v1: active switches and the audit event carries from, to and the reason', async () => {
    const r = await rollbackVersion({ ...deps, audit: { actor: { type: 'user', id: 'u-ops' } } }, { pipelineId, versionId: v1.id, reason: '  v1.1 mis-segments CSF  ' });
    expect(r.activeVersionId).toBe(v1.id);
    const [p] = await deps.db.select().from(pipelines).where(eq(pipelines.id, pipelineId));
    expect(p.activeVersionId).toBe(v1.id);
    expect((await listVersionDtos(deps, pipelineId)).find((v) => v.active)!.id).toBe(v1.id);
    const events = await deps.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'version.rolled-back'), eq(auditEvents.objectId, v1.id)));
    expect(events).toHaveLength(1);
    expect(events[0].actor).toEqual({ type: 'user', id: 'u-ops' });
    expect(events[0].details).toEqual({ pipelineId, from: { versionId: v2.id, semver: '1.1.0' }, to: { versionId: v1.id, semver: '1.0.0' }, reason: 'v1.1 mis-segments CSF' });
  });

  it('refuses an empty reason, the already active version and a version of another pipeline, changing nothing', async () => {
    const countEvents = async () => (await deps.db.select().from(auditEvents).where(eq(auditEvents.action, 'version.rolled-back'))).length;
    const before = await countEvents();
    expect((await failure(rollbackVersion(deps, { pipelineId, versionId: v2.id, reason: '   ' }))).code).toBe('BAD_REQUEST');
    expect((await failure(rollbackVersion(deps, { pipelineId, versionId: v1.id, reason: 'again' }))).code).toBe('CONFLICT');
    const other = await createPipeline(deps, { name: 'other', graph: segmentationGraph({ sha256: tissue }, 'other') });
    const ov = await publishVersion(deps, { pipelineId: other.id, bump: 'major' });
    const e = await failure(rollbackVersion(deps, { pipelineId, versionId: ov.id, reason: 'wrong pipeline' }));
    expect(e.code).toBe('VERSION_NOT_IN_PIPELINE');
    expect((await failure(rollbackVersion(deps, { pipelineId, versionId: 'pv_nope', reason: 'x' }))).code).toBe('NOT_FOUND');
    const [p] = await deps.db.select().from(pipelines).where(eq(pipelines.id, pipelineId));
    expect(p.activeVersionId).toBe(v1.id);
    expect(await countEvents()).toBe(before);
    // Rolling forward again is the same operation.
    expect((await rollbackVersion(deps, { pipelineId, versionId: v2.id, reason: 'fixed upstream' })).from).toEqual({ versionId: v1.id, semver: '1.0.0' });
  });

  it('is available through tRPC: list, diff, rollback (engineers; a clinician is refused; a blank reason is BAD_REQUEST)', async () => {
    const caller = createCallerFactory(appRouter)({ ...deps, principal: { kind: 'user', userId: 'u-eng', email: 'e@x', workspaceId: 'ws_default', role: 'engineer' } });
    const clinician = createCallerFactory(appRouter)({ ...deps, principal: { kind: 'user', userId: 'u-cl', email: 'c@x', workspaceId: 'ws_default', role: 'clinician' } });
    const denied = await clinician.versions.rollback({ pipelineId, versionId: v1.id, reason: 'not mine to do' }).then(() => undefined, (err) => err);
    expect(mapError(denied).client.code).toBe('PERMISSION_DENIED');
    expect((await caller.versions.list({ pipelineId })).map((v) => v.semver)).toEqual(['1.1.0', '1.0.0']);
    const d = await caller.versions.diff({ fromId: v1.id, toId: v2.id });
    expect(d.graph.nodes.changed.map((c) => c.id)).toEqual(['norm', 'model']);
    const e = await caller.versions.rollback({ pipelineId, versionId: v1.id, reason: '  ' }).then(() => undefined, (err) => err);
    expect(mapError(e)).toMatchObject({ http: 400, client: { code: 'BAD_REQUEST' } });
    const wrong = await caller.versions.rollback({ pipelineId, versionId: 'pv_nope', reason: 'x' }).then(() => undefined, (err) => err);
    expect(mapError(wrong).client.code).toBe('NOT_FOUND');
  });

  it('hides versions of another workspace (diff, rollback, export are NOT_FOUND there)', async () => {
    const outsider = { ...deps, principal: { kind: 'user' as const, userId: 'u-x', email: 'x@x', workspaceId: 'ws_elsewhere', role: 'admin' as const } };
    expect((await failure(diffVersions(outsider, { fromId: v1.id, toId: v2.id }))).code).toBe('NOT_FOUND');
    expect((await failure(rollbackVersion(outsider, { pipelineId, versionId: v1.id, reason: 'not my workspace' }))).code).toBe('NOT_FOUND');
    expect((await failure(exportVersion(outsider, v1.id))).code).toBe('NOT_FOUND');
  });
});
