import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { count } from 'drizzle-orm';
import { strToU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PipelineGraphSchema } from '../../domain/graph/schema';
import { canonicalJson } from '../../domain/versioning/canonical';
import { contentHash } from '../../domain/versioning/hash';
import { buildTissueClassifier, TISSUE_CLASSIFIER_FILE } from '../../demo/tissue-classifier';
import { models, pipelines } from '../../drizzle/schema';
import { workspaces } from '../../drizzle/schema-auth';
import { craftZip, deflated, deflatedZeros } from '../../test/zip-craft';
import { ServiceError } from '../errors';
import { registerModelBytes } from '../models/service';
import { createPipeline } from '../pipelines/service';
import { createTestServices, segmentationGraph } from '../test-fixtures';
import { exportVersion } from './bundle-export';
import { modelFile, type BundleManifest } from './bundle-format';
import { importVersion } from './bundle-import';
import { publishVersion } from './service';

type Deps = Awaited<ReturnType<typeof createTestServices>>;
const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

async function failure(p: Promise<unknown>): Promise<ServiceError> {
  const e = await p.then(() => undefined, (err) => err);
  if (!(e instanceof ServiceError)) throw new Error(`expected a ServiceError, got ${e}`);
  return e;
}

/**
 * The tissue classifier with `padBytes` of compressible data in an unknown field (99): a big,
 * valid ONNX file. The padding deflates about 13:1 (a repeated 1 KiB block with every 32nd byte
 * random): far more than real weights, under the bundle's model ratio limit (100:1).
 */
function paddedModel(padBytes: number): Uint8Array {
  const block = randomBytes(1024);
  const pad = Buffer.alloc(padBytes);
  for (let i = 0; i < padBytes; i += 1024) block.copy(pad, i);
  const noise = randomBytes(padBytes / 32);
  for (let i = 0; i < noise.length; i++) pad[i * 32] = noise[i];
  const len: number[] = [];
  for (let n = padBytes; ; n = Math.floor(n / 128)) {
    if (n < 128) {
      len.push(n);
      break;
    }
    len.push((n % 128) | 0x80);
  }
  return Buffer.concat([buildTissueClassifier(), Buffer.from([0x9a, 0x06, ...len]), pad]);
}

const staged = (d: Deps) => (existsSync(path.join(d.dataDir, 'blobs', 'tmp')) ? readdirSync(path.join(d.dataDir, 'blobs', 'tmp')) : []);

/** Security: version bundle import checks declared sizes before inflating, caps inflation, stays off the event loop. */
describe('security: version bundle limits before work', () => {
  let a: Deps; // exports
  let b: Deps; // receives
  let small: Uint8Array; // a real bundle with the small model
  let big: Uint8Array; // a real bundle with a 128 MiB model
  let smallSha: string;
  beforeAll(async () => {
    [a, b] = await Promise.all([createTestServices(), createTestServices()]);
    ({ sha256: smallSha } = await registerModelBytes(a, { fileName: TISSUE_CLASSIFIER_FILE, bytes: buildTissueClassifier() }));
    const p1 = await createPipeline(a, { name: 'Small', graph: segmentationGraph({ sha256: smallSha }, 'Small') });
    ({ zip: small } = await exportVersion(a, (await publishVersion(a, { pipelineId: p1.id, bump: 'major' })).id));
    const { sha256: bigSha } = await registerModelBytes(a, { fileName: 'big.onnx', bytes: paddedModel(128 * MiB) });
    const p2 = await createPipeline(a, { name: 'Big', graph: segmentationGraph({ sha256: bigSha }, 'Big') });
    ({ zip: big } = await exportVersion(a, (await publishVersion(a, { pipelineId: p2.id, bump: 'major' })).id));
    await b.db.insert(workspaces).values([{ id: 'ws_two', name: 'Two' }, { id: 'ws_three', name: 'Three' }]);
  }, 120_000);
  afterAll(async () => Promise.all([a, b].map((d) => d?.close())));

  it('refuses a zip declaring 3 GiB (two 1.5 GiB entries) from its central directory: 413 BUNDLE_TOO_LARGE, quickly, nothing inflated or stored', async () => {
    const bomb = craftZip([
      { name: 'manifest.json', data: strToU8('{}'), method: 0, declaredSize: 2 },
      { name: 'models/a.onnx', data: deflatedZeros(1.5 * GiB), method: 8, declaredSize: 1.5 * GiB },
      { name: 'models/b.onnx', data: deflatedZeros(1.5 * GiB), method: 8, declaredSize: 1.5 * GiB },
    ]);
    expect(bomb.byteLength).toBeLessThan(16 * MiB);
    const rss = process.memoryUsage().rss;
    const t0 = performance.now();
    const e = await failure(importVersion(b, { workspaceId: 'ws_default', bytes: bomb }));
    const ms = performance.now() - t0;
    const grewMiB = (process.memoryUsage().rss - rss) / MiB;
    console.info(`3 GiB declared: refused in ${ms.toFixed(1)} ms, rss +${grewMiB.toFixed(1)} MiB`);
    expect(e.code).toBe('BUNDLE_TOO_LARGE');
    expect(e.details).toMatchObject({ file: 'models/b.onnx', limitBytes: 2 * GiB });
    expect(ms).toBeLessThan(200);
    expect(grewMiB).toBeLessThan(64);
    expect(staged(b)).toEqual([]);
    expect((await b.db.select({ n: count() }).from(models))[0].n).toBe(0);
  });

  it('refuses a consistent bundle whose model is 1 GiB of zeros (1028:1) from its central directory: 413 BUNDLE_TOO_LARGE, quickly, nothing inflated', async () => {
    const zeros = Buffer.alloc(16 * MiB);
    const h = createHash('sha256');
    for (let i = 0; i < 64; i++) h.update(zeros);
    const zeroSha = h.digest('hex');
    // Everything agrees (hashes, sizes, content hash, graph references): only the model's bytes are a bomb.
    const template = JSON.parse(new TextDecoder().decode(unzipSync(small)['manifest.json'])) as BundleManifest;
    const graph = PipelineGraphSchema.parse(segmentationGraph({ sha256: zeroSha }, 'Zeros'));
    const pipelineJson = strToU8(canonicalJson(graph));
    const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
    const manifest: BundleManifest = {
      ...template,
      pipeline: { name: 'Zeros', description: '' },
      contentHash: await contentHash(graph),
      graphSha256: sha(pipelineJson),
      models: [{ ...template.models[0], sha256: zeroSha, size: GiB }],
      pins: null,
      files: { [modelFile(zeroSha)]: zeroSha, 'pipeline.json': sha(pipelineJson) },
    };
    const manifestJson = strToU8(JSON.stringify(manifest));
    const model = deflatedZeros(GiB, 9);
    const bomb = craftZip([
      { name: 'manifest.json', data: manifestJson, method: 0, declaredSize: manifestJson.byteLength },
      { name: 'pipeline.json', data: pipelineJson, method: 0, declaredSize: pipelineJson.byteLength },
      { name: modelFile(zeroSha), data: model, method: 8, declaredSize: GiB },
    ]);
    const ratio = GiB / model.byteLength;
    expect(bomb.byteLength).toBeLessThan(1.1 * MiB);
    expect(ratio).toBeGreaterThan(1000);
    expect(ratio).toBeLessThan(1032); // under the directory's deflate limit: only the model ratio refuses it
    const rss = process.memoryUsage().rss;
    const t0 = performance.now();
    const e = await failure(importVersion(b, { workspaceId: 'ws_default', bytes: bomb }));
    const ms = performance.now() - t0;
    const grewMiB = (process.memoryUsage().rss - rss) / MiB;
    console.info(`consistent bundle, 1 GiB zero model (${ratio.toFixed(0)}:1, ${(bomb.byteLength / MiB).toFixed(2)} MiB zip): refused in ${ms.toFixed(1)} ms, rss +${grewMiB.toFixed(1)} MiB`);
    expect(e.code).toBe('BUNDLE_TOO_LARGE');
    expect(e.details).toMatchObject({ file: modelFile(zeroSha), problem: 'ratio', declaredBytes: GiB, limitRatio: 100 });
    expect(ms).toBeLessThan(500);
    expect(grewMiB).toBeLessThan(64);
    expect(staged(b)).toEqual([]);
    expect((await b.db.select({ n: count() }).from(pipelines))[0].n).toBe(0);
  }, 60_000);

  it.each([
    ['an absolute path', '/etc/passwd'],
    ['a parent segment', 'models/../../x.onnx'],
    ['a backslash path', 'models\\x.onnx'],
  ])('refuses a file name with %s (422 BUNDLE_INVALID) before inflating', async (_what, name) => {
    const zip = craftZip([{ name, data: strToU8('x'), method: 0, declaredSize: 1 }]);
    const e = await failure(importVersion(b, { workspaceId: 'ws_default', bytes: zip }));
    expect(e.code).toBe('BUNDLE_INVALID');
    expect(e.details).toMatchObject({ file: name, problem: 'name' });
  });

  it('refuses duplicate entries (422 BUNDLE_INVALID)', async () => {
    const entry = { name: 'pipeline.json', data: strToU8('{}'), method: 0 as const, declaredSize: 2 };
    const e = await failure(importVersion(b, { workspaceId: 'ws_default', bytes: craftZip([entry, entry]) }));
    expect(e.code).toBe('BUNDLE_INVALID');
    expect(e.details).toMatchObject({ file: 'pipeline.json', problem: 'duplicate' });
  });

  it('stops an entry whose header lies about its size at the cap (declared size + 1 byte), not at the end of its 1 GiB of data', async () => {
    const files = unzipSync(small);
    const model = modelFile(smallSha);
    const honest = (name: string) => ({ name, data: deflated(files[name]), method: 8 as const, declaredSize: files[name].byteLength });
    const lying = craftZip([
      ...Object.keys(files).filter((name) => name !== model).map(honest), // manifest, pipeline, card
      { name: model, data: deflatedZeros(1 * GiB), method: 8, declaredSize: files[model].byteLength },
    ]);
    const rss = process.memoryUsage().rss;
    const t0 = performance.now();
    const e = await failure(importVersion(b, { workspaceId: 'ws_default', bytes: lying }));
    const ms = performance.now() - t0;
    const grewMiB = (process.memoryUsage().rss - rss) / MiB;
    console.info(`lying header (declares ${files[model].byteLength} B, holds 1 GiB): refused in ${ms.toFixed(1)} ms, rss +${grewMiB.toFixed(1)} MiB`);
    expect(e.code).toBe('BUNDLE_INVALID');
    expect(e.details).toMatchObject({ file: model, problem: 'size', declaredBytes: files[model].byteLength });
    expect(ms).toBeLessThan(1000);
    expect(grewMiB).toBeLessThan(64);
    expect(staged(b)).toEqual([]);
    expect((await b.db.select({ n: count() }).from(pipelines))[0].n).toBe(0);
  });

  it('three concurrent imports of a 128 MiB bundle keep the event loop responsive (max delay well under 1 s) and succeed', async () => {
    const h = monitorEventLoopDelay({ resolution: 10 });
    h.enable();
    const t0 = performance.now();
    const results = await Promise.all(['ws_default', 'ws_two', 'ws_three'].map((workspaceId) => importVersion(b, { workspaceId, bytes: big })));
    const ms = performance.now() - t0;
    h.disable();
    const maxMs = h.max / 1e6;
    console.info(`3 concurrent imports of ${(big.byteLength / MiB).toFixed(1)} MiB zips (128 MiB model): ${ms.toFixed(0)} ms, event-loop delay max ${maxMs.toFixed(1)} ms, p99 ${(h.percentile(99) / 1e6).toFixed(1)} ms`);
    expect(results.map((r) => r.created)).toEqual([true, true, true]);
    expect(maxMs).toBeLessThan(500); // a shared 2-core machine; the old synchronous unzip blocked for seconds
    expect(staged(b)).toEqual([]);
  }, 120_000);
});
