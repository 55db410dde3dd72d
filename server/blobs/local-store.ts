import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { link, mkdir, open, readFile, stat, unlink, utimes } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { ServiceError } from '../errors';
import { StagingBlobStore } from './staging-store';
import { listBlobs, removeBlobUnless, removeStagedBefore } from './gc';
import { assertSha256, chunksOf, errno, type BlobStore, type ByteSource, type ListedBlob, type StagedBlob } from './store';

/**
 * Content-addressed blob store on disk: `<dataDir>/blobs/ab/<sha256>`. Writes go to a temp
 * file in the same directory tree and are hard-linked into place after fsync (the filesystem
 * must support hard links), so a reader never sees a partial blob and a crash leaves at most
 * a stray temp file (removed by the sweeper). Blobs are immutable;
 * storing the same bytes twice is a no-op, except that it refreshes the blob's mtime.
 *
 * Removal (of a blob a failed request created, or of an orphan by the sweeper) is safe against
 * a concurrent commit of the same bytes: every commit of an existing blob moves its mtime
 * forward, and removal (blob-gc.ts) first renames the blob aside, re-reads the mtime, and puts
 * it back if it moved; a commit that finds the blob gone meanwhile places its own copy.
 */
export class LocalBlobStore extends StagingBlobStore implements BlobStore {
  readonly backend = 'local';
  readonly root: string;
  /** Staged uploads and blobs being removed (see gc.ts). */
  readonly tmpDir: string;

  /** `dirName`: the folder under dataDir (an S3 store's worker cache uses its own). */
  constructor(dataDir: string, dirName = 'blobs') {
    super();
    this.root = path.resolve(dataDir, dirName);
    this.tmpDir = path.join(this.root, 'tmp');
  }

  path(sha: string): string {
    assertSha256(sha);
    return path.join(this.root, sha.slice(0, 2), sha);
  }

  async has(sha: string): Promise<boolean> {
    return (await this.statOrNull(sha)) !== null;
  }

  async size(sha: string): Promise<number> {
    const s = await this.statOrNull(sha);
    if (!s) throw new ServiceError('NOT_FOUND', `blob ${sha} not found`);
    return s.size;
  }

  async read(sha: string): Promise<Uint8Array> {
    const bytes = await readFile(this.path(sha)).catch((e: NodeJS.ErrnoException) => {
      throw e.code === 'ENOENT' ? new ServiceError('NOT_FOUND', `blob ${sha} not found`) : e;
    });
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  async openRead(sha: string): Promise<Readable> {
    await this.size(sha);
    return createReadStream(this.path(sha));
  }

  async localPath(sha: string): Promise<string> {
    return this.path(sha);
  }

  list(): AsyncIterable<ListedBlob> {
    return listBlobs(this);
  }

  removeUnless(sha: string, keep: (mtimeMs: number) => boolean): Promise<boolean> {
    return removeBlobUnless(this, sha, keep);
  }

  removeStagedBefore(cutoffMs: number): Promise<number> {
    return removeStagedBefore(this, cutoffMs);
  }


  async stage(source: ByteSource, opts: { limitBytes?: number } = {}): Promise<StagedBlob> {
    const limit = opts.limitBytes ?? Number.POSITIVE_INFINITY;
    await mkdir(this.tmpDir, { recursive: true });
    const tmp = path.join(this.tmpDir, `${Date.now()}-${randomBytes(8).toString('hex')}.part`);
    const fh = await open(tmp, 'wx');
    const hash = createHash('sha256');
    let size = 0;
    try {
      for await (const chunk of chunksOf(source)) {
        size += chunk.byteLength;
        if (size > limit) {
          throw new ServiceError('UPLOAD_TOO_LARGE', `upload exceeds the limit of ${limit} bytes`, { limitBytes: limit });
        }
        hash.update(chunk);
        await fh.write(chunk);
      }
      await fh.sync();
    } catch (e) {
      await fh.close().catch(() => {});
      await unlink(tmp).catch(() => {});
      throw e;
    }
    try {
      await fh.close();
    } catch (e) {
      await unlink(tmp).catch(() => {});
      throw e;
    }
    return this.staged(tmp, hash.digest('hex'), size);
  }

  private staged(tmp: string, sha256: string, size: number): StagedBlob {
    let state: 'staged' | 'committed' | 'discarded' = 'staged';
    return {
      sha256,
      size,
      tempPath: tmp,
      commit: async () => {
        if (state !== 'staged') throw new Error(`staged blob ${sha256} already ${state}`);
        const dest = this.path(sha256);
        await mkdir(path.dirname(dest), { recursive: true });
        // On failure the state stays 'staged': the caller's discard() removes the temp file.
        const placed = await this.place(tmp, dest);
        state = 'committed';
        await unlink(tmp).catch(() => {});
        return { sha256, size, ...placed };
      },
      discard: async () => {
        if (state !== 'staged') return;
        state = 'discarded';
        await unlink(tmp).catch(() => {});
      },
    };
  }

  /**
   * Hard-links the temp file into place (never replaces an existing blob, and tells whether it
   * existed); an existing blob gets its mtime moved forward (see the class comment).
   */
  private async place(tmp: string, dest: string): Promise<{ created: boolean; mtimeMs: number }> {
    const { mtimeMs } = await stat(tmp); // before linking: nobody else can touch it yet
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        await link(tmp, dest);
        return { created: true, mtimeMs };
      } catch (e) {
        if (errno(e) !== 'EEXIST') throw e;
      }
      try {
        const before = await stat(dest);
        const touched = Math.max(Date.now(), Math.floor(before.mtimeMs) + 1);
        await utimes(dest, touched / 1000, touched / 1000);
        return { created: false, mtimeMs: (await stat(dest)).mtimeMs };
      } catch (e) {
        if (errno(e) !== 'ENOENT') throw e; // removed meanwhile: link our copy
      }
    }
    throw new Error(`could not place blob ${path.basename(dest)}`);
  }

  /** stat of the blob, or null when it is not stored. */
  async statOrNull(sha: string) {
    try {
      return await stat(this.path(sha));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  }
}
