import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { removeBlobUnless } from './gc';
import { LocalBlobStore } from './local-store';
import { ServiceError } from '../errors';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Every file under the blob root except directories (temp files included). */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.join(d.parentPath, d.name));
}

describe('LocalBlobStore', () => {
  let dir: string;
  let blobs: LocalBlobStore;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'blobs-'));
    blobs = new LocalBlobStore(dir);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('stores bytes under their sha256 at blobs/ab/<sha>', async () => {
    const bytes = new TextEncoder().encode('hello voxels');
    const ref = await blobs.putBytes(bytes);
    expect(ref).toEqual({ sha256: sha(bytes), size: bytes.length });
    expect(blobs.path(ref.sha256)).toBe(path.join(dir, 'blobs', ref.sha256.slice(0, 2), ref.sha256));
    expect(await blobs.has(ref.sha256)).toBe(true);
    expect(await blobs.size(ref.sha256)).toBe(bytes.length);
    expect(Buffer.from(await blobs.read(ref.sha256)).toString()).toBe('hello voxels');
    // Same content twice: one file, same address.
    expect(await blobs.putBytes(bytes)).toEqual(ref);
    expect(filesUnder(path.join(dir, 'blobs'))).toEqual([blobs.path(ref.sha256)]);
  });

  it('hashes a web stream and a node stream of many chunks like the whole buffer', async () => {
    const whole = new Uint8Array(300_000).map((_, i) => (i * 31) % 251);
    const chunks = Array.from({ length: 30 }, (_, i) => whole.subarray(i * 10_000, (i + 1) * 10_000));
    const web = new ReadableStream<Uint8Array>({
      start(c) {
        chunks.forEach((ch) => c.enqueue(ch));
        c.close();
      },
    });
    expect(await blobs.putStream(web)).toEqual({ sha256: sha(whole), size: whole.length });
    expect(await blobs.putStream(Readable.from(chunks.map((c) => Buffer.from(c))))).toEqual({ sha256: sha(whole), size: whole.length });
  });

  it('aborts past the limit with UPLOAD_TOO_LARGE and leaves no file behind', async () => {
    const chunks = Array.from({ length: 10 }, () => new Uint8Array(1000).fill(7));
    let pulled = 0;
    const source = new ReadableStream<Uint8Array>({
      pull(c) {
        if (pulled === chunks.length) return c.close();
        c.enqueue(chunks[pulled++]);
      },
    });
    const err = await blobs.putStream(source, { limitBytes: 2500 }).catch((e) => e);
    expect(err).toBeInstanceOf(ServiceError);
    expect(err.code).toBe('UPLOAD_TOO_LARGE');
    expect(pulled).toBeLessThan(chunks.length); // stopped reading, did not drain the body
    expect(filesUnder(path.join(dir, 'blobs'))).toEqual([]);
    // Exactly at the limit is accepted.
    const ok = await blobs.putStream([new Uint8Array(2500)], { limitBytes: 2500 });
    expect(ok.size).toBe(2500);
  });

  it('never exposes a partial blob when the source fails mid-way', async () => {
    async function* failing() {
      yield new Uint8Array(100);
      throw new Error('connection reset');
    }
    await expect(blobs.putStream(failing())).rejects.toThrow('connection reset');
    expect(filesUnder(path.join(dir, 'blobs'))).toEqual([]);
  });

  it('rejects malformed addresses (no path traversal) and reports missing blobs', async () => {
    expect(() => blobs.path('../../etc/passwd')).toThrow(/not a sha256/);
    const missing = 'a'.repeat(64);
    expect(await blobs.has(missing)).toBe(false);
    await expect(blobs.read(missing)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(blobs.size(missing)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('LocalBlobStore.stage', () => {
  let dir: string;
  let blobs: LocalBlobStore;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'blobs-'));
    blobs = new LocalBlobStore(dir);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is not addressable until committed; discard removes only the temp file', async () => {
    const bytes = new TextEncoder().encode('scan bytes');
    const kept = await blobs.putBytes(bytes);
    const staged = await blobs.stage([bytes]);
    expect(staged.sha256).toBe(kept.sha256);
    await staged.discard();
    // The identical blob stored earlier is untouched by discarding a staged copy.
    expect(await blobs.has(kept.sha256)).toBe(true);
    expect(filesUnder(path.join(dir, 'blobs'))).toEqual([blobs.path(kept.sha256)]);

    const other = await blobs.stage([new Uint8Array([1, 2, 3])]);
    expect(await blobs.has(other.sha256)).toBe(false);
    expect(await other.commit()).toMatchObject({ sha256: sha(new Uint8Array([1, 2, 3])), size: 3, created: true });
    expect(await blobs.has(other.sha256)).toBe(true);
    await other.discard(); // no-op after commit
    expect(await blobs.has(other.sha256)).toBe(true);
  });

  it('security: storing bytes again refreshes the blob (created: false, mtime moved forward)', async () => {
    const bytes = new TextEncoder().encode('stored twice');
    const first = await (await blobs.stage([bytes])).commit();
    const second = await (await blobs.stage([bytes])).commit();
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(second.mtimeMs).toBeGreaterThan(first.mtimeMs);
    expect(filesUnder(path.join(dir, 'blobs', 'tmp'))).toEqual([]);
  });

  it('security: removal puts the blob back when it was stored again meanwhile, and leaves nothing aside', async () => {
    const { sha256 } = await blobs.putBytes(new TextEncoder().encode('raced'));
    let checks = 0;
    // First check: removable; second (after moving it aside): someone stored it again.
    expect(await removeBlobUnless(blobs, sha256, () => checks++ > 0)).toBe(false);
    expect(checks).toBe(2);
    expect(await blobs.has(sha256)).toBe(true);
    expect(filesUnder(path.join(dir, 'blobs', 'tmp'))).toEqual([]);
    expect(await removeBlobUnless(blobs, sha256, () => false)).toBe(true);
    expect(await blobs.has(sha256)).toBe(false);
  });

  it('security: a commit that fails removes its temp file (discard works after a failed commit)', async () => {
    const bytes = new TextEncoder().encode('cannot be placed');
    const shard = path.join(dir, 'blobs', sha(bytes).slice(0, 2));
    mkdirSync(path.dirname(shard), { recursive: true });
    rmSync(shard, { recursive: true, force: true });
    writeFileSync(shard, 'a file where the shard directory should be');
    const staged = await blobs.stage([bytes]);
    await expect(staged.commit()).rejects.toBeDefined();
    await staged.discard();
    expect(filesUnder(path.join(dir, 'blobs', 'tmp'))).toEqual([]);
    await expect(blobs.putBytes(bytes)).rejects.toBeDefined();
    expect(filesUnder(path.join(dir, 'blobs', 'tmp'))).toEqual([]);
    rmSync(shard);
  });
});
