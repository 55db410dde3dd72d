import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTissueClassifier, TISSUE_CLASSIFIER_FILE } from '../../demo/tissue-classifier';
import { validatePipeline } from '../../domain/validation/validate';
import { ServiceError } from '../errors';
import { listVersions } from './repo';
import type { ServiceDeps } from '../context';
import { registerModelBytes } from '../models/service';
import { createPipeline, getPipelineDetail, listPipelineDtos, saveDraft } from '../pipelines/service';
import { createTestServices, segmentationGraph } from '../test-fixtures';
import { publishVersion } from './service';

async function failure(p: Promise<unknown>): Promise<ServiceError> {
  const e = await p.then(
    () => undefined,
    (err) => err,
  );
  if (!(e instanceof ServiceError)) throw new Error(`expected a ServiceError, got ${e}`);
  return e;
}

describe('pipelines and versions (real PostgreSQL)', () => {
  let deps: ServiceDeps & { close(): Promise<void> };
  let sha256: string;
  beforeAll(async () => {
    deps = await createTestServices();
    ({ sha256 } = await registerModelBytes(deps, { fileName: TISSUE_CLASSIFIER_FILE, bytes: buildTissueClassifier() }));
  });
  afterAll(async () => deps?.close());

  it('refuses to publish an invalid graph (cycle, unknown kind) with PIPELINE_INVALID and its issues', async () => {
    const graph = segmentationGraph({ sha256 });
    graph.nodes.push({ id: 'bogus', kind: 'pre.nope', version: 1, params: {} });
    graph.edges.push({ id: 'back', source: { node: 'argmax', port: 'labels' }, target: { node: 'norm', port: 'volume' } });
    const { id } = await createPipeline(deps, { name: 'broken', graph });
    const e = await failure(publishVersion(deps, { pipelineId: id, bump: 'major' }));
    expect(e.code).toBe('PIPELINE_INVALID');
    const codes = (e.details!.issues as { code: string }[]).map((i) => i.code);
    expect(codes).toContain('unknown-kind');
    expect(codes).toContain('cycle');
    expect(await listVersions(deps.db, id)).toEqual([]);
  });

  it('refuses to publish two outputs writing the same file name, naming the file on both nodes', async () => {
    const graph = segmentationGraph({ sha256 }, 'twice');
    graph.nodes.push({ id: 'png', kind: 'output.overlay-png', version: 1, params: { fileName: 'labels.nii.gz' } });
    graph.edges.push({ id: 'e5', source: { node: 'in', port: 'volume' }, target: { node: 'png', port: 'image' } });
    graph.edges.push({ id: 'e6', source: { node: 'argmax', port: 'labels' }, target: { node: 'png', port: 'labels' } });
    const { id } = await createPipeline(deps, { name: 'twice', graph });
    const e = await failure(publishVersion(deps, { pipelineId: id, bump: 'major' }));
    expect(e.code).toBe('PIPELINE_INVALID');
    const dup = (e.details!.issues as { code: string; nodeId: string; message: string }[]).filter((i) => i.code === 'duplicate-file-name');
    expect(dup.map((i) => i.nodeId)).toEqual(['out', 'png']);
    expect(dup.every((i) => i.message.includes('"labels.nii.gz"'))).toBe(true);
    expect(await listVersions(deps.db, id)).toEqual([]);
  });

  it('refuses to publish for a target whose runtime lacks an operator, naming it, and stores nothing', async () => {
    const { id } = await createPipeline(deps, { name: 'gpu', graph: segmentationGraph({ sha256 }) });
    const e = await failure(publishVersion(deps, { pipelineId: id, bump: 'major', targets: ['server-cpu', 'browser-webgpu'] }));
    expect(e.code).toBe('TARGET_UNSUPPORTED');
    expect(e.message).toMatch(/browser-webgpu: .*Conv/); // the demo model's 3-D convolutions
    expect(await listVersions(deps.db, id)).toEqual([]);
    expect((await publishVersion(deps, { pipelineId: id, bump: 'major', targets: ['server-cpu', 'browser-wasm', 'edge-node'] })).semver).toBe('1.0.0');
  });

  it('publishes 1.0.0, refuses the same content again, bumps from the latest', async () => {
    const graph = segmentationGraph({ file: TISSUE_CLASSIFIER_FILE }, 'seg');
    const { id } = await createPipeline(deps, { name: 'seg', graph });
    const v1 = await publishVersion(deps, { pipelineId: id, bump: 'major', notes: 'first' });
    expect(v1.semver).toBe('1.0.0');

    // Moving a node on the canvas is not new content.
    const moved = structuredClone(graph);
    moved.nodes[0].position = { x: 10, y: 20 };
    await saveDraft(deps, { id, graph: moved });
    const dup = await failure(publishVersion(deps, { pipelineId: id, bump: 'patch' }));
    expect(dup.code).toBe('VERSION_EXISTS');
    expect(dup.details).toMatchObject({ versionId: v1.id, semver: '1.0.0' });

    const changed = structuredClone(moved);
    changed.nodes[1].params = { method: 'z-score' };
    await saveDraft(deps, { id, graph: changed });
    expect((await publishVersion(deps, { pipelineId: id, bump: 'minor' })).semver).toBe('1.1.0');
    changed.nodes[1].params = { method: 'z-score', nonzeroOnly: true };
    await saveDraft(deps, { id, graph: changed });
    const v3 = await publishVersion(deps, { pipelineId: id, bump: 'patch' });
    expect(v3.semver).toBe('1.1.1');

    const detail = await getPipelineDetail(deps, id);
    expect(detail.versions.map((v) => v.semver)).toEqual(['1.1.1', '1.1.0', '1.0.0']);
    expect(detail.activeVersionId).toBe(v3.id);
    const listed = (await listPipelineDtos(deps)).find((p) => p.id === id)!;
    expect(listed).toMatchObject({ activeVersion: { id: v3.id, semver: '1.1.1' }, versionCount: 3 });
  });

  it('pins model file names to sha256 in the published graph', async () => {
    const { id } = await createPipeline(deps, { name: 'pinned', graph: segmentationGraph({ file: TISSUE_CLASSIFIER_FILE }) });
    await publishVersion(deps, { pipelineId: id, bump: 'major' });
    const [v] = await listVersions(deps.db, id);
    expect(v.graph.nodes.find((n) => n.id === 'model')!.params.model).toEqual({ sha256 });
    expect(validatePipeline(v.graph, () => undefined).some((i) => i.code === 'model-missing')).toBe(true);
  });

  it('saveDraft keeps an invalid draft and returns its issues; unknown pipeline is NOT_FOUND', async () => {
    const { id } = await createPipeline(deps, { name: 'wip' });
    const draft = segmentationGraph({ file: 'missing.onnx' });
    const saved = await saveDraft(deps, { id, graph: draft });
    expect(saved.issues.map((i) => i.code)).toContain('model-missing');
    expect((await getPipelineDetail(deps, id)).draft.nodes).toHaveLength(5);
    expect((await failure(saveDraft(deps, { id: 'pl_nope', graph: draft }))).code).toBe('NOT_FOUND');
    expect((await failure(saveDraft(deps, { id, graph: { schema: 'other' } }))).code).toBe('BAD_REQUEST');
  });
});
