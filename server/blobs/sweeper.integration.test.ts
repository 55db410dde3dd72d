import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, createDb, migrate, type Db } from '../../drizzle/client';
import { LocalBlobStore } from './local-store';
import { sweepOnce } from './sweeper';
import { createTestServices } from '../test-fixtures';

/**
 * The sweeper deletes files nobody needs (staged files of dead uploads, blobs no row
 * references) and nothing else: a wrong deletion loses a patient's scan or a model. Every
 * kind of reference the schema has is planted, on blobs older than the grace period, and each
 * must survive; an old orphan and an old staged file go; fresh ones stay.
 */
const DAY_MS = 86_400_000;
const GRACE_MS = DAY_MS;
const WS = 'ws_default';

const age = (file: string, ms: number) => {
  const t = (Date.now() - ms) / 1000;
  utimesSync(file, t, t);
};

async function oldBlob(blobs: LocalBlobStore): Promise<string> {
  const { sha256 } = await blobs.putBytes(randomBytes(256));
  age(blobs.path(sha256), 3 * DAY_MS);
  return sha256;
}

/** One blob referenced from each place the schema can hold a blob's hash. */
async function plantReferences(db: Db, blobs: LocalBlobStore): Promise<Record<string, string>> {
  const k = {} as Record<string, string>;
  for (const kind of ['model', 'variant', 'scanFile', 'scanVolume', 'draftModel', 'versionModel', 'versionPin', 'runArtifact', 'nodeOutput', 'nodeArtifact', 'embeddedUpper']) k[kind] = await oldBlob(blobs);
  const j = (v: unknown) => JSON.stringify(v);
  const sig = j({ inputs: [], outputs: [] });
  await db.execute(sql`insert into models (sha256, name, file_name, size_bytes, signature) values
    (${k.model}, 'm', 'm.onnx', 256, ${sig}::jsonb), (${k.variant}, 'v', 'v.onnx', 256, ${sig}::jsonb)`);
  await db.execute(sql`insert into model_variants (sha256, source_sha256, kind, report) values (${k.variant}, ${k.model}, 'fp16', '{}'::jsonb)`);
  await db.execute(sql`insert into scans (id, workspace_id, name, format, files, size_bytes, volume_sha256)
    values ('scan_sw', ${WS}, 's', 'dicom', ${j([{ sha256: k.scanFile, name: 'a.dcm', size: 256 }])}::jsonb, 256, ${k.scanVolume})`);
  const graph = (sha: string) => j({ schema: 'studio.pipeline/v1', nodes: [{ id: 'm', kind: 'model.onnx@1', params: { model: { sha256: sha } } }], edges: [] });
  // A hash inside free text, upper case, right after other hex digits: only the exact check finds it.
  await db.execute(sql`insert into pipelines (id, workspace_id, name, description, draft)
    values ('pl_sw', ${WS}, 'p', ${'checksum ab' + k.embeddedUpper.toUpperCase()}, ${graph(k.draftModel)}::jsonb)`);
  await db.execute(sql`insert into pipeline_versions (id, pipeline_id, semver, graph, content_hash, pins)
    values ('pv_sw', 'pl_sw', '1.0.0', ${graph(k.versionModel)}::jsonb, 'h', ${j({ models: [k.versionPin] })}::jsonb)`);
  const art = (sha: string) => j([{ nodeId: 'm', name: 'o.nii.gz', mediaType: 'application/gzip', sha256: sha, size: 256 }]);
  await db.execute(sql`insert into runs (id, pipeline_version_id, scan_id, workspace_id, executor, status, artifacts)
    values ('run_sw', 'pv_sw', 'scan_sw', ${WS}, 'embedded', 'succeeded', ${art(k.runArtifact)}::jsonb)`);
  await db.execute(sql`insert into run_nodes (run_id, node_id, kind, outputs, artifacts)
    values ('run_sw', 'm', 'model.onnx', ${j({ out: { sha256: k.nodeOutput, size: 256 } })}::jsonb, ${art(k.nodeArtifact)}::jsonb)`);
  return k;
}

function stagedFile(blobs: LocalBlobStore, ageMs: number): string {
  const dir = path.join(blobs.root, 'tmp');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${Date.now()}-${randomBytes(4).toString('hex')}.part`);
  writeFileSync(file, randomBytes(64));
  age(file, ageMs);
  return file;
}

async function expectSweepKeepsReferences(db: Db, blobs: LocalBlobStore) {
  const refs = await plantReferences(db, blobs);
  const orphan = await oldBlob(blobs);
  const { sha256: fresh } = await blobs.putBytes(randomBytes(256)); // unreferenced but young: maybe an upload in flight
  const storedAgain = await oldBlob(blobs);
  const oldStaged = stagedFile(blobs, 2 * DAY_MS);
  const freshStaged = stagedFile(blobs, 60_000);

  // Bytes stored again are being referenced by someone right now: the commit refreshes the blob.
  const again = await blobs.stage([await blobs.read(storedAgain)]);
  expect(await again.commit()).toMatchObject({ sha256: storedAgain, created: false });

  const result = await sweepOnce({ db, blobs }, { graceMs: GRACE_MS });
  for (const [kind, sha] of Object.entries(refs)) expect(await blobs.has(sha), `${kind} blob kept`).toBe(true);
  expect(await blobs.has(orphan)).toBe(false);
  expect(await blobs.has(fresh)).toBe(true);
  expect(await blobs.has(storedAgain)).toBe(true);
  expect(existsSync(oldStaged)).toBe(false);
  expect(existsSync(freshStaged)).toBe(true);
  expect(result).toEqual({ stagedRemoved: 1, blobsRemoved: 1, blobsReferenced: Object.keys(refs).length });

  // A second sweep finds nothing more to do.
  expect(await sweepOnce({ db, blobs }, { graceMs: GRACE_MS })).toMatchObject({ stagedRemoved: 0, blobsRemoved: 0 });
}

describe('security: the sweeper removes orphans and never a referenced blob', () => {
  let deps: Awaited<ReturnType<typeof createTestServices>>;
  beforeAll(async () => {
    deps = await createTestServices();
  });
  afterAll(async () => deps?.close());

  it('real PostgreSQL: every kind of reference survives; an old orphan and an old staged file go', async () => {
    await expectSweepKeepsReferences(deps.db, deps.blobs);
  });

  it('embedded PGlite: the same', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'studio-sweep-'));
    const db = await createDb(undefined, { pgliteDir: path.join(dir, 'pglite') });
    try {
      await migrate(db);
      await expectSweepKeepsReferences(db, new LocalBlobStore(dir));
    } finally {
      await closeDb(db);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps everything when the database cannot say what is referenced', async () => {
    const sha = await oldBlob(deps.blobs);
    const broken = { execute: () => Promise.reject(Object.assign(new Error('down'), { code: 'ECONNREFUSED' })) } as unknown as Db;
    await expect(sweepOnce({ db: broken, blobs: deps.blobs }, { graceMs: GRACE_MS })).rejects.toThrow('down');
    expect(await deps.blobs.has(sha)).toBe(true);
  });
});
