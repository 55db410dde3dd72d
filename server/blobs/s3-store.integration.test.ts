import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { text } from 'node:stream/consumers';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../drizzle/test-db';
import { hasWeed, startSeaweedFs, type S3TestServer } from '../../test/seaweedfs';
import { ServiceError } from '../errors';
import { parseEnv } from '../env';
import { healthReport } from '../health';
import { openBlobStore } from './open';
import type { S3BlobStore } from './s3-store';
import { sweepOnce } from './sweeper';

/**
 * The S3 blob store against a real S3-compatible server (SeaweedFS built by scripts/prereqs.sh),
 * never a mock: round trip, multipart upload past the part size, a tampered object detected on
 * read, a missing object, the read-through cache, and the sweeper deleting an orphan.
 */
const MiB = 1024 ** 2;
const PART = 5 * MiB;
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

let weed: S3TestServer;
const dirs: string[] = [];

beforeAll(async () => {
  if (hasWeed()) weed = await startSeaweedFs();
});

afterAll(async () => {
  await weed?.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function store(bucket?: string, cacheBytes = 64 * MiB): Promise<{ blobs: S3BlobStore; bucket: string; dataDir: string }> {
  const b = bucket ?? (await weed.bucket());
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'studio-s3-'));
  dirs.push(dataDir);
  const e = parseEnv({ ...weed.env(b), S3_PART_SIZE_BYTES: `${PART}`, STUDIO_BLOB_CACHE_BYTES: `${cacheBytes}` });
  return { blobs: openBlobStore(e, dataDir) as S3BlobStore, bucket: b, dataDir };
}

async function caught(p: Promise<unknown>): Promise<ServiceError> {
  const e = await p.then(() => undefined, (x: unknown) => x);
  expect(e).toBeInstanceOf(ServiceError);
  return e as ServiceError;
}

describe.runIf(hasWeed())('S3 blob store on SeaweedFS', () => {
  it('stores under blobs/ab/<sha256> and reads back the same bytes from another process\'s store', async () => {
    const { blobs, bucket } = await store();
    const bytes = randomBytes(100_000);
    const ref = await blobs.putBytes(bytes);
    expect(ref).toEqual({ sha256: sha(bytes), size: bytes.length });
    const head = await weed.client().send(new HeadObjectCommand({ Bucket: bucket, Key: `blobs/${ref.sha256.slice(0, 2)}/${ref.sha256}` }));
    expect(head.ContentLength).toBe(bytes.length);
    // A second process (own data dir, empty cache) sees it through the bucket only.
    const { blobs: other } = await store(bucket);
    expect(await other.has(ref.sha256)).toBe(true);
    expect(await other.size(ref.sha256)).toBe(bytes.length);
    // Two readers of a blob not cached yet share one download.
    const both = await Promise.all([other.read(ref.sha256), other.read(ref.sha256)]);
    expect(both.every((b) => Buffer.from(b).equals(bytes))).toBe(true);
    expect(other.cache.stats()).toMatchObject({ misses: 1, hits: 0, bytesFetched: bytes.length });
    expect(Buffer.from(await other.read(ref.sha256)).equals(bytes)).toBe(true);
    expect(other.cache.stats()).toMatchObject({ misses: 1, hits: 1 });
    const chunks: Buffer[] = [];
    for await (const c of await other.openRead(ref.sha256)) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
  });

  it('uploads an object larger than the part size in parts and streams it back intact', async () => {
    const { blobs, bucket } = await store();
    const bytes = randomBytes(2 * PART + 12_345);
    const ref = await blobs.putStream((async function* () {
      for (let i = 0; i < bytes.length; i += MiB) yield bytes.subarray(i, i + MiB);
    })());
    const key = `blobs/${ref.sha256.slice(0, 2)}/${ref.sha256}`;
    const head = await weed.client().send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    expect(head.ContentLength).toBe(bytes.length);
    // A multipart object's ETag is "<md5 of part md5s>-<parts>".
    expect(head.ETag).toMatch(/-3"?$/);
    const { blobs: other } = await store(bucket);
    const hash = createHash('sha256');
    let size = 0;
    for await (const c of await other.openRead(ref.sha256)) {
      hash.update(c as Buffer);
      size += (c as Buffer).length;
    }
    expect({ sha256: hash.digest('hex'), size }).toEqual(ref);
  });

  it('detects an object overwritten with other bytes: BLOB_CORRUPT on read, stream and local file', async () => {
    const { blobs, bucket } = await store();
    const ref = await blobs.putBytes(randomBytes(50_000));
    const key = `blobs/${ref.sha256.slice(0, 2)}/${ref.sha256}`;
    await weed.client().send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: randomBytes(50_000) }));
    const { blobs: reader, dataDir } = await store(bucket);
    expect((await caught(reader.read(ref.sha256))).code).toBe('BLOB_CORRUPT');
    expect((await caught(reader.localPath(ref.sha256))).code).toBe('BLOB_CORRUPT');
    expect(existsSync(path.join(dataDir, 'blob-cache', ref.sha256.slice(0, 2), ref.sha256))).toBe(false);
    const stream = await reader.openRead(ref.sha256);
    expect((await caught(text(stream))).code).toBe('BLOB_CORRUPT');
    expect(reader.cache.stats()).toMatchObject({ hits: 0, misses: 0 });
  });

  it('checks at start-up that the bucket exists and the credentials are accepted', async () => {
    const { blobs } = await store();
    await expect(blobs.assertReachable()).resolves.toBeUndefined();
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'studio-s3-'));
    dirs.push(dataDir);
    const missing = openBlobStore(parseEnv({ ...weed.env('no-such-bucket'), S3_PART_SIZE_BYTES: `${PART}` }), dataDir) as S3BlobStore;
    await expect(missing.assertReachable()).rejects.toThrow(/no-such-bucket does not exist/);
    const bucket = await weed.bucket();
    const wrongKey = openBlobStore(parseEnv({ ...weed.env(bucket), S3_SECRET_ACCESS_KEY: 'wrong-secret' }), dataDir) as S3BlobStore;
    await expect(wrongKey.assertReachable()).rejects.toThrow(/refuses these credentials/);
  });

  it('answers NOT_FOUND for a missing blob and BAD_REQUEST for a malformed address', async () => {
    const { blobs } = await store();
    const missing = sha(randomBytes(8));
    expect(await blobs.has(missing)).toBe(false);
    expect((await caught(blobs.size(missing))).code).toBe('NOT_FOUND');
    expect((await caught(blobs.read(missing))).code).toBe('NOT_FOUND');
    expect((await caught(blobs.openRead(missing))).code).toBe('NOT_FOUND');
    expect((await caught(blobs.read('../etc/passwd'))).code).toBe('BAD_REQUEST');
  });

  it('storing the same bytes again creates nothing but moves the modification time forward', async () => {
    const { blobs } = await store();
    const bytes = randomBytes(1_000);
    const first = await blobs.stage([bytes]);
    const a = await first.commit();
    const second = await blobs.stage([bytes]);
    const b = await second.commit();
    expect(a.created).toBe(true);
    expect(b.created).toBe(false);
    expect(b.mtimeMs).toBeGreaterThan(a.mtimeMs);
    expect((await blobs.head(a.sha256))?.mtimeMs).toBe(b.mtimeMs);
  });

  it('keeps the cache under its byte cap, least recently used out first', async () => {
    const { blobs: writer, bucket } = await store();
    const refs = [];
    for (let i = 0; i < 4; i++) refs.push(await writer.putBytes(randomBytes(40_000)));
    const { blobs: reader, dataDir } = await store(bucket, 100_000);
    for (const r of refs.slice(0, 2)) await reader.read(r.sha256);
    await reader.read(refs[0].sha256); // refs[1] is now the least recently used
    await reader.read(refs[2].sha256);
    const cached = (r: { sha256: string }) => existsSync(path.join(dataDir, 'blob-cache', r.sha256.slice(0, 2), r.sha256));
    expect(refs.map(cached)).toEqual([true, false, true, false]);
    expect(reader.cache.stats()).toMatchObject({ hits: 1, misses: 3, evictions: 1, bytes: 80_000 });
    expect(Buffer.from(await readFile(await reader.localPath(refs[3].sha256))).length).toBe(40_000);
  });
});

describe.runIf(hasWeed())('S3 store with a database: sweeper, health', () => {
  let tdb: TestDatabase;
  beforeAll(async () => {
    tdb = await createTestDatabase();
  });
  afterAll(async () => {
    await tdb?.drop();
  });

  it('/api/health reports the bucket as a component, 503 when it is missing', async () => {
    const { blobs } = await store();
    const missing = openBlobStore(parseEnv({ ...weed.env('no-such-bucket') }), blobs.cache.local.root) as S3BlobStore;
    const db = async () => tdb.db;
    expect(await healthReport({ db, objectStore: () => blobs.assertReachable(), timeoutMs: 5_000 })).toMatchObject({ ok: true, objectStore: { ok: true } });
    const down = await healthReport({ db, objectStore: () => missing.assertReachable(), timeoutMs: 5_000 });
    expect(down).toMatchObject({ ok: false, status: 'unavailable', objectStore: { ok: false, error: 'the S3 bucket is unreachable, missing or refuses the credentials' } });
  });

  it('deletes an old unreferenced object and keeps a referenced one', async () => {
    const { blobs, bucket } = await store();
    const orphan = await blobs.putBytes(randomBytes(300));
    const model = await blobs.putBytes(randomBytes(300));
    await tdb.db.execute(sql`insert into models (sha256, name, file_name, size_bytes, signature) values (${model.sha256}, 'm', 'm.onnx', 300, '{"inputs":[],"outputs":[]}'::jsonb)`);
    // Nothing is old yet: nothing goes.
    expect(await sweepOnce({ db: tdb.db, blobs }, { graceMs: 60_000 })).toMatchObject({ blobsRemoved: 0 });
    // An hour later (the grace period has passed for both): the orphan goes, the model stays.
    const r = await sweepOnce({ db: tdb.db, blobs }, { graceMs: 60_000, now: Date.now() + 3_600_000 });
    expect(r).toMatchObject({ blobsRemoved: 1, blobsReferenced: 1 });
    expect(await blobs.has(orphan.sha256)).toBe(false);
    expect(await blobs.has(model.sha256)).toBe(true);
    const gone = await weed.client().send(new GetObjectCommand({ Bucket: bucket, Key: `blobs/${orphan.sha256.slice(0, 2)}/${orphan.sha256}` })).then(() => 'found', (e) => e.$metadata?.httpStatusCode);
    expect(gone).toBe(404);
  });
});
