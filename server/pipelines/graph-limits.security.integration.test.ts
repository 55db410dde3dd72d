import { createHash } from 'node:crypto';
import { count } from 'drizzle-orm';
import { strFromU8, strToU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTissueClassifier, TISSUE_CLASSIFIER_FILE } from '../../demo/tissue-classifier';
import { DomainError } from '../../domain/errors';
import { chainGraph } from '../../domain/validation/test-graphs';
import { contentHash } from '../../domain/versioning/hash';
import { pipelines } from '../../drizzle/schema';
import { craftZip, deflated } from '../../test/zip-craft';
import { getPipeline } from './repo';
import { registerModelBytes } from '../models/service';
import { createPipeline, saveDraft } from './service';
import { createTestServices, segmentationGraph, testPrincipal } from '../test-fixtures';
import { exportVersion } from '../versions/bundle-export';
import { importVersion } from '../versions/bundle-import';
import { publishVersion } from '../versions/service';

type Deps = Awaited<ReturnType<typeof createTestServices>>;

async function tooLarge(p: Promise<unknown>) {
  const e = await p.then(() => undefined, (err) => err);
  expect(e).toBeInstanceOf(DomainError);
  expect((e as DomainError).code).toBe('GRAPH_TOO_LARGE');
  return e as DomainError;
}

/** Security: the services refuse oversized graphs before storing, whoever calls them (tRPC, REST, CLI). */
describe('security: graph size limits in the services (drafts, create, import)', () => {
  let d: Deps;
  let svc: Deps & { principal: ReturnType<typeof testPrincipal> };
  beforeAll(async () => {
    d = await createTestServices();
    svc = { ...d, principal: testPrincipal('admin') };
  });
  afterAll(async () => d?.close());

  it('saveDraft and createPipeline refuse 10,000- and 100,000-node graphs with GRAPH_TOO_LARGE and store nothing', async () => {
    const { id } = await createPipeline(svc, { name: 'Drafts' });
    const before = (await getPipeline(d.db, id))!.draft;
    for (const n of [10_000, 100_000]) {
      const t0 = performance.now();
      const e = await tooLarge(saveDraft(svc, { id, graph: chainGraph(n) }));
      expect(e.details).toMatchObject({ what: 'nodes', actual: n, limit: 500 });
      expect(performance.now() - t0).toBeLessThan(1000);
      expect((await getPipeline(d.db, id))!.draft).toEqual(before);
    }
    const rows = (await d.db.select({ n: count() }).from(pipelines))[0].n;
    await tooLarge(createPipeline(svc, { name: 'Huge', graph: chainGraph(100_000) }));
    expect((await d.db.select({ n: count() }).from(pipelines))[0].n).toBe(rows);
  });

  it('import refuses a consistent bundle whose pipeline.json holds 600 nodes, before storing its model or pipeline', async () => {
    const { sha256 } = await registerModelBytes(svc, { fileName: TISSUE_CLASSIFIER_FILE, bytes: buildTissueClassifier() });
    const { id } = await createPipeline(svc, { name: 'Exported', graph: segmentationGraph({ sha256 }, 'Exported') });
    const { zip } = await exportVersion(svc, (await publishVersion(svc, { pipelineId: id, bump: 'major' })).id);
    const files = unzipSync(zip);
    const graph = JSON.parse(strFromU8(files['pipeline.json']));
    graph.nodes.push(...chainGraph(600).nodes.map((n) => ({ ...n, id: `extra${n.id}` })));
    const pipelineJson = strToU8(JSON.stringify(graph));
    const manifest = JSON.parse(strFromU8(files['manifest.json']));
    manifest.contentHash = await contentHash(graph); // consistent: only the size is wrong
    manifest.graphSha256 = manifest.files['pipeline.json'] = createHash('sha256').update(pipelineJson).digest('hex');
    const entry = (name: string, data: Uint8Array) => ({ name, data: deflated(data), method: 8 as const, declaredSize: data.byteLength });
    const bundle = craftZip([entry('manifest.json', strToU8(JSON.stringify(manifest))), entry('pipeline.json', pipelineJson), entry(`models/${sha256}.onnx`, files[`models/${sha256}.onnx`]), entry('card.json', files['card.json']), entry('metadata.json', files['metadata.json'])]);
    const rows = (await d.db.select({ n: count() }).from(pipelines))[0].n;
    const e = await tooLarge(importVersion(svc, { workspaceId: 'ws_default', bytes: bundle }));
    expect(e.details).toMatchObject({ what: 'nodes', actual: 605 });
    expect((await d.db.select({ n: count() }).from(pipelines))[0].n).toBe(rows);
  });
});
