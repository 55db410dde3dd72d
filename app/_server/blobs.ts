import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { ServiceError } from './errors';

/** A stored blob: content address (lowercase sha256 hex) and size in bytes. */
export interface BlobRef {
  sha256: string;
  size: number;
}

export type ByteSource = ReadableStream<Uint8Array> | Readable | AsyncIterable<Uint8Array> | Iterable<Uint8Array>;

/** Bytes on disk, hashed, not yet addressable (see BlobStore.stage). */
export interface StagedBlob extends BlobRef {
  /** The temp file: read it to validate before committing. */
  tempPath: string;
  commit(): Promise<BlobRef>;
  /** Idempotent; a no-op after commit. */
  discard(): Promise<void>;
}

const SHA256 = /^[0-9a-f]{64}$/;

export function assertSha256(sha: string): void {
  if (!SHA256.test(sha)) throw new ServiceError('BAD_REQUEST', `not a sha256 content address: ${sha.slice(0, 80)}`);
}

async function* chunksOf(source: ByteSource): AsyncGenerator<Uint8Array> {
  if ('getReader' in source && typeof source.getReader === 'function') {
    const reader = (source as ReadableStream<Uint8Array>).getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        yield value;
      }
    } finally {
      // Early exit (limit hit, disk error): stop the producer instead of leaving it buffering.
      reader.cancel().catch(() => {});
    }
  }
  try {
    yield* source as AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
  } finally {
    (source as Partial<Readable>).destroy?.();
  }
}

/**
 * Content-addressed blob store on disk: `<dataDir>/blobs/ab/<sha256>`. Writes go to a temp
 * file in the same directory tree and are renamed into place after fsync, so a reader never
 * sees a partial blob and a crash leaves at most a stray temp file. Blobs are immutable;
 * storing the same bytes twice is a no-op.
 */
export class BlobStore {
  readonly root: string;
  private readonly tmpDir: string;

  constructor(dataDir: string) {
    this.root = path.resolve(dataDir, 'blobs');
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

  /** A Node stream of the blob (after checking it exists). */
  async openRead(sha: string): Promise<Readable> {
    await this.size(sha);
    return createReadStream(this.path(sha));
  }

  async putBytes(bytes: Uint8Array): Promise<BlobRef> {
    return this.putStream([bytes]);
  }

  async putFile(file: string, opts: { limitBytes?: number } = {}): Promise<BlobRef> {
    return this.putStream(createReadStream(file), opts);
  }

  /** Store a stream (stage + commit). See `stage` for the limit. */
  async putStream(source: ByteSource, opts: { limitBytes?: number } = {}): Promise<BlobRef> {
    return (await this.stage(source, opts)).commit();
  }

  /**
   * Stream bytes to a temp file while hashing, without making them addressable yet: callers
   * validate the staged file, then `commit()` (rename into place) or `discard()` it, so a
   * rejected upload leaves nothing behind (and never touches an identical blob stored earlier).
   * Past `limitBytes` the write stops, the temp file is removed, the source is cancelled and
   * UPLOAD_TOO_LARGE is thrown.
   */
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
    await fh.close();
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
        state = 'committed';
        const dest = this.path(sha256);
        await mkdir(path.dirname(dest), { recursive: true });
        await rename(tmp, dest);
        return { sha256, size };
      },
      discard: async () => {
        if (state !== 'staged') return;
        state = 'discarded';
        await unlink(tmp).catch(() => {});
      },
    };
  }

  private async statOrNull(sha: string) {
    try {
      return await stat(this.path(sha));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  }
}
