import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditEvents, workspaces } from '../../drizzle/schema';
import { validateGraph } from '../../domain/validation/validate';
import { buildFixedShapeModel, readExample } from '../../test/material';
import type { ServiceDeps } from '../context';
import { createPipeline } from '../pipelines/service';
import { createTestServices, testPrincipal } from '../test-fixtures';
import { getVersion } from '../versions/repo';
import { publishVersion } from '../versions/service';
import { listModelDtos, loadModelLookup, registerModelBytes, setModelContract } from './service';

describe('model contracts edited per workspace, pinned in versions (real PostgreSQL)', () => {
  let base: ServiceDeps & { close(): Promise<void> };
  const as = (ws: string): ServiceDeps => ({ ...base, principal: testPrincipal('engineer', ws) });
  beforeAll(async () => {
    base = await createTestServices();
    await base.db.insert(workspaces).values({ id: 'ws_other', name: 'Other' });
  });
  afterAll(async () => base?.close());

  it('an edited contract is what the validator and new versions see; earlier versions keep theirs; other workspaces keep the file', async () => {
    const a = as('ws_default');
    const bytes = buildFixedShapeModel(16);
    const { sha256 } = await registerModelBytes(a, { fileName: 'fixed-16.onnx', bytes });
    await registerModelBytes(as('ws_other'), { fileName: 'fixed-16.onnx', bytes });
    const demo = await readExample('demo-tissue.json');
    const graph = { ...demo, nodes: demo.nodes.map((n) => (n.id === 'model' ? { ...n, params: { ...n.params, model: { sha256 } } } : n)) };
    const { id: pipelineId } = await createPipeline(a, { name: 'contracted', description: '', graph });

    // the file has no metadata: no contract, no warning, nothing pinned
    expect((await listModelDtos(a)).find((m) => m.sha256 === sha256)).toMatchObject({ contractEdited: false });
    expect(validateGraph(graph, await loadModelLookup(a)).filter((i) => i.code === 'model-contract')).toEqual([]);
    const v1 = await publishVersion(a, { pipelineId, bump: 'minor' });

    const edited = await setModelContract(a, { sha256, contract: { orientation: 'LIA', intendedUse: 'brain T1, research only' } });
    expect(edited).toMatchObject({ contractEdited: true, signature: { contract: { orientation: 'LIA' } } });
    expect(validateGraph(graph, await loadModelLookup(a))).toEqual([expect.objectContaining({ code: 'model-contract', nodeId: 'model', severity: 'warning' })]);
    // another workspace that registered the same bytes still sees the file's (none)
    expect((await listModelDtos(as('ws_other'))).find((m) => m.sha256 === sha256)).toMatchObject({ contractEdited: false });
    expect((await listModelDtos(as('ws_other'))).find((m) => m.sha256 === sha256)?.signature.contract).toBeUndefined();

    // a version published now pins the edited contract; the earlier one keeps none
    const v2 = await publishVersion(a, { pipelineId, bump: 'minor', notes: 'same graph is refused unless it changed' }).catch((e) => e);
    expect(v2).toMatchObject({ code: 'VERSION_EXISTS' }); // the graph did not change: no new version
    const changed = { ...graph, description: 'now with a contract' };
    await createPipeline(a, { name: 'contracted 2', description: '', graph: changed }).then((p) => publishVersion(a, { pipelineId: p.id, bump: 'minor' })).then(async (v) => {
      expect((await getVersion(base.db, v.id))?.pins?.contracts).toEqual({ [sha256]: { orientation: 'LIA', intendedUse: 'brain T1, research only' } });
    });
    expect((await getVersion(base.db, v1.id))?.pins?.contracts).toEqual({});

    // back to the file's; the edits are audited
    expect(await setModelContract(a, { sha256, contract: null })).toMatchObject({ contractEdited: false });
    const events = await base.db.select().from(auditEvents).where(eq(auditEvents.action, 'model.contract-changed'));
    expect(events.map((e) => (e.details as { contract: unknown }).contract)).toEqual(expect.arrayContaining([null, { orientation: 'LIA', intendedUse: 'brain T1, research only' }]));
  });
});
