import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { count, eq } from 'drizzle-orm';
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTissueClassifier, TISSUE_CLASSIFIER_FILE } from '../../demo/tissue-classifier';
import { canonicalJson } from '../../domain/versioning/canonical';
import { contentHash } from '../../domain/versioning/hash';
import { auditEvents, models, pipelines, pipelineVersions } from '../../drizzle/schema';
import { workspaces } from '../../drizzle/schema-auth';
import { ServiceError } from '../errors';
import { getModel } from '../models/repo';
import { getVersion, listVersions } from './repo';
import type { ServiceDeps } from '../context';
import { registerModelBytes } from '../models/service';
import { createPipeline } from '../pipelines/service';
import { createTestServices, segmentationGraph } from '../test-fixtures';
import { exportVersion } from './bundle-export';
import { DEFAULT_BUNDLE_LIMITS, modelFile } from './bundle-format';
import { importVersion } from './bundle-import';
import { publishVersion } from './service';

type Deps = ServiceDeps & { dataDir: string; close(): Promise<void> };

async function failure(p: Promise<unknown>): Promise<ServiceError> {
  const e = await p.then(() => undefined, (err) => err);
  if (!(e instanceof ServiceError)) throw new Error(`expected a ServiceError, got ${e}`);
  return e;
}

/** Rewrite a bundle: `edit` gets the unpacked files and may change, add or delete entries. */
function rezip(zip: Uint8Array, edit: (files: Record<string, Uint8Array>) => void): Uint8Array {
  const files = unzipSync(zip);
  edit(files);
  return zipSync(files as Zippable);
}

describe('version export / import (real PostgreSQL)', () => {
  let a: Deps; // the exporting instance
  let b: Deps; // "another instance": a second, fresh database and blob directory
  let c: Deps; // receives only refused bundles
  let sha256: string;
  let version: { id: string; semver: string; contentHash: string };
  let zip: Uint8Array;
  beforeAll(async () => {
    [a, b, c] = await Promise.all([createTestServices(), createTestServices(), createTestServices()]);
    ({ sha256 } = await registerModelBytes(a, { fileName: TISSUE_CLASSIFIER_FILE, bytes: buildTissueClassifier() }));
    const graph = segmentationGraph({ sha256 }, 'Brain seg');
    graph.nodes[0].position = { x: 12, y: 34 };
    const { id } = await createPipeline(a, { name: 'Brain seg', description: 'demo', graph });
    version = await publishVersion(a, { pipelineId: id, bump: 'major', notes: 'first' });
    ({ zip } = await exportVersion(a, version.id));
  });
  afterAll(async () => Promise.all([a, b, c].map((d) => d?.close())));

  it('exports manifest.json, pipeline.json, the model by sha256 and the card, named <pipeline>-<semver>.studio.zip, audited', async () => {
    const out = await exportVersion(a, version.id);
    expect(out.fileName).toBe('brain-seg-1.0.0.studio.zip');
    const files = unzipSync(out.zip);
    expect(Object.keys(files).sort()).toEqual(['card.json', 'manifest.json', 'metadata.json', modelFile(sha256), 'pipeline.json']);
    const manifest = JSON.parse(strFromU8(files['manifest.json']));
    expect(manifest).toMatchObject({
      format: 'studio.version-bundle',
      formatVersion: 2,
      pipeline: { name: 'Brain seg', description: 'demo' },
      semver: '1.0.0',
      notes: 'first',
      contentHash: version.contentHash,
      models: [{ sha256, name: 'demo-tissue-classifier', size: buildTissueClassifier().byteLength, signature: { inputs: [{ name: 'input' }] } }],
      pins: { models: [sha256], runtimes: { 'onnxruntime-node': expect.any(String) } },
      studio: { version: expect.any(String) },
    });
    expect(JSON.parse(strFromU8(files['pipeline.json'])).nodes[0].position).toEqual({ x: 12, y: 34 });
    const events = await a.db.select().from(auditEvents).where(eq(auditEvents.action, 'version.exported'));
    expect(events.map((e) => e.objectId)).toEqual([version.id, version.id]);
    expect(events[0].details).toMatchObject({ semver: '1.0.0', contentHash: version.contentHash, models: 1 });
    expect((await failure(exportVersion(a, 'pv_nope'))).code).toBe('NOT_FOUND');
  });

  it('imports into another instance with the same content hash, model sha256s and pins, audited', async () => {
    const r = await importVersion(b, { workspaceId: 'ws_default', bytes: zip });
    expect(r).toMatchObject({ semver: '1.0.0', contentHash: version.contentHash, createdPipeline: true, created: true, models: [sha256] });
    const imported = (await getVersion(b.db, r.versionId))!;
    const original = (await getVersion(a.db, version.id))!;
    expect(imported.contentHash).toBe(original.contentHash);
    expect(imported.graph).toEqual(original.graph);
    expect(imported.pins).toEqual(original.pins);
    expect(await b.blobs.has(sha256)).toBe(true);
    const [model] = await b.db.select().from(models).where(eq(models.sha256, sha256));
    expect(model.name).toBe('demo-tissue-classifier');
    const [p] = await b.db.select().from(pipelines).where(eq(pipelines.id, r.pipelineId));
    expect(p).toMatchObject({ name: 'Brain seg', workspaceId: 'ws_default', activeVersionId: r.versionId });
    const [event] = await b.db.select().from(auditEvents).where(eq(auditEvents.action, 'version.imported'));
    expect(event).toMatchObject({ objectType: 'version', objectId: r.versionId, details: { pipelineId: r.pipelineId, contentHash: version.contentHash, created: true } });
    // Importing the same bundle again adds nothing.
    const again = await importVersion(b, { workspaceId: 'ws_default', bytes: zip });
    expect(again).toMatchObject({ versionId: r.versionId, created: false, createdPipeline: false });
    expect(await listVersions(b.db, r.pipelineId)).toHaveLength(1);
  });

  it('imports into a second workspace of the same instance as a separate pipeline', async () => {
    await a.db.insert(workspaces).values({ id: 'ws_second', name: 'Second' });
    const r = await importVersion(a, { workspaceId: 'ws_second', bytes: zip });
    expect(r).toMatchObject({ createdPipeline: true, created: true, semver: '1.0.0', contentHash: version.contentHash });
    const [p] = await a.db.select().from(pipelines).where(eq(pipelines.id, r.pipelineId));
    expect(p.workspaceId).toBe('ws_second');
    expect((await getVersion(a.db, r.versionId))!.pipelineId).not.toBe((await getVersion(a.db, version.id))!.pipelineId);
    // Its models are registered in the importing workspace (models are visible per workspace).
    expect(await getModel(a.db, 'ws_second', sha256)).toMatchObject({ sha256, name: 'demo-tissue-classifier' });
  });

  describe('refuses a tampered or malformed bundle, naming the file, and stores nothing', () => {
    const flipLastByte = (bytes: Uint8Array) => {
      const copy = bytes.slice();
      copy[copy.length - 1] ^= 0xff;
      return copy;
    };
    const editJson = (files: Record<string, Uint8Array>, name: string, edit: (doc: Record<string, any>) => void) => {
      const doc = JSON.parse(strFromU8(files[name]));
      edit(doc);
      files[name] = strToU8(JSON.stringify(doc));
    };
    const model = () => modelFile(sha256); // sha256 is known once beforeAll ran
    const cases: [string, () => Uint8Array, string, () => Record<string, unknown>][] = [
      ['a flipped byte in the model', () => rezip(zip, (f) => void (f[modelFile(sha256)] = flipLastByte(f[modelFile(sha256)]))), 'BUNDLE_TAMPERED', () => ({ file: model(), problem: 'hash' })],
      ['an edited pipeline.json', () => rezip(zip, (f) => editJson(f, 'pipeline.json', (g) => void (g.nodes[1].params.method = 'z-score'))), 'BUNDLE_TAMPERED', () => ({ file: 'pipeline.json', problem: 'hash' })],
      ['a manifest claiming another content hash', () => rezip(zip, (f) => editJson(f, 'manifest.json', (m) => void (m.contentHash = 'f'.repeat(64)))), 'BUNDLE_TAMPERED', () => ({ file: 'manifest.json', field: 'contentHash' })],
      ['a manifest with another model signature', () => rezip(zip, (f) => editJson(f, 'manifest.json', (m) => void (m.models[0].signature.outputs[0].shape[1] = 9))), 'BUNDLE_TAMPERED', () => ({ file: 'manifest.json', field: 'signature' })],
      ['a manifest whose file list disagrees with its hashes', () => rezip(zip, (f) => editJson(f, 'manifest.json', (m) => void (m.files['pipeline.json'] = 'e'.repeat(64)))), 'BUNDLE_TAMPERED', () => ({ file: 'manifest.json', field: 'files' })],
      ['a removed model file', () => rezip(zip, (f) => void delete f[modelFile(sha256)]), 'BUNDLE_TAMPERED', () => ({ file: model(), problem: 'missing' })],
      ['a removed pipeline.json', () => rezip(zip, (f) => void delete f['pipeline.json']), 'BUNDLE_TAMPERED', () => ({ file: 'pipeline.json', problem: 'missing' })],
      ['an extra file', () => rezip(zip, (f) => void (f['run.sh'] = strToU8('rm -rf /'))), 'BUNDLE_TAMPERED', () => ({ file: 'run.sh', problem: 'unexpected' })],
      ['a removed manifest', () => rezip(zip, (f) => void delete f['manifest.json']), 'BUNDLE_INVALID', () => ({ file: 'manifest.json' })],
      ['a manifest of another format', () => rezip(zip, (f) => editJson(f, 'manifest.json', (m) => void (m.format = 'other'))), 'BUNDLE_INVALID', () => ({ file: 'manifest.json' })],
      ['a file that is not a zip', () => strToU8('PK not really a zip file at all, just text'), 'BUNDLE_INVALID', () => ({})],
      ['a truncated zip', () => zip.slice(0, zip.length - 40), 'BUNDLE_INVALID', () => ({})],
    ];
    it.each(cases)('%s', async (_name, make, code, details) => {
      const e = await failure(importVersion(c, { workspaceId: 'ws_default', bytes: make() }));
      expect(e.code).toBe(code);
      expect(e.details).toMatchObject(details());
    });

    it('refuses a zip bomb from its declared sizes, before inflating', async () => {
      const bomb = zipSync({ 'manifest.json': strToU8('{}'), 'models/x.onnx': new Uint8Array(8 * 1024 * 1024) }, { level: 1 }); // 8 MiB of zeros, a few KiB zipped
      expect(bomb.byteLength).toBeLessThan(1024 * 1024);
      const e = await failure(importVersion(c, { workspaceId: 'ws_default', bytes: bomb, limits: { ...DEFAULT_BUNDLE_LIMITS, totalBytes: 1024 * 1024 } }));
      expect(e.code).toBe('BUNDLE_TOO_LARGE');
      expect(e.details).toMatchObject({ file: 'models/x.onnx', limitBytes: 1024 * 1024 });
      const big = await failure(importVersion(c, { workspaceId: 'ws_default', bytes: zip, limits: { ...DEFAULT_BUNDLE_LIMITS, bundleBytes: 1000 } }));
      expect(big.code).toBe('BUNDLE_TOO_LARGE');
    });

    it('refuses an entry whose declared size differs from the manifest, before inflating it', async () => {
      const lying = zip.slice();
      const name = strToU8(modelFile(sha256));
      const view = new DataView(lying.buffer);
      // Central directory header of the model: signature PK\1\2, uncompressed size at +24, name at +46.
      let patched = false;
      for (let i = 0; i + 46 + name.length <= lying.length; i++) {
        if (view.getUint32(i, true) !== 0x02014b50) continue;
        if (view.getUint16(i + 28, true) !== name.length || strFromU8(lying.subarray(i + 46, i + 46 + name.length)) !== modelFile(sha256)) continue;
        view.setUint32(i + 24, 100, true);
        patched = true;
      }
      expect(patched).toBe(true);
      const e = await failure(importVersion(c, { workspaceId: 'ws_default', bytes: lying }));
      expect(e.code).toBe('BUNDLE_TAMPERED');
      expect(e.details).toMatchObject({ file: modelFile(sha256), problem: 'size' });
    });

    it('refuses a consistent bundle whose graph this instance cannot run (unknown node kind) with PIPELINE_INVALID', async () => {
      const files = unzipSync(zip);
      const graph = JSON.parse(strFromU8(files['pipeline.json']));
      graph.nodes.push({ id: 'future', kind: 'pre.from-the-future', version: 3, params: {} });
      const pipelineJson = strToU8(canonicalJson(graph));
      const manifest = JSON.parse(strFromU8(files['manifest.json']));
      manifest.contentHash = await contentHash(graph);
      manifest.graphSha256 = createHash('sha256').update(pipelineJson).digest('hex');
      manifest.files['pipeline.json'] = manifest.graphSha256;
      const card = JSON.parse(strFromU8(files['card.json']));
      card.pipeline.contentHash = manifest.contentHash; // the card names the content it describes
      const cardJson = strToU8(JSON.stringify(card));
      manifest.cardSha256 = manifest.files['card.json'] = createHash('sha256').update(cardJson).digest('hex');
      const resigned = zipSync({ ...files, 'pipeline.json': pipelineJson, 'card.json': cardJson, 'manifest.json': strToU8(JSON.stringify(manifest)) } as Zippable);
      const e = await failure(importVersion(c, { workspaceId: 'ws_default', bytes: resigned }));
      expect(e.code).toBe('PIPELINE_INVALID');
      expect((e.details!.issues as { code: string }[]).map((i) => i.code)).toContain('unknown-kind');
    });

    it('stored nothing for any refused bundle', async () => {
      for (const table of [pipelines, pipelineVersions, models]) expect((await c.db.select({ n: count() }).from(table))[0].n).toBe(0);
      expect((await c.db.select({ n: count() }).from(auditEvents))[0].n).toBe(0);
      const blobFiles = readdirSync(c.dataDir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile());
      expect(blobFiles).toEqual([]);
    });
  });
});
