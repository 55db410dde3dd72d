import type { Readable } from 'node:stream';
import { ServiceError } from '../errors';

/** A stored blob: content address (lowercase sha256 hex) and size in bytes. */
export interface BlobRef {
  sha256: string;
  size: number;
}

export type ByteSource = ReadableStream<Uint8Array> | Readable | AsyncIterable<Uint8Array> | Iterable<Uint8Array>;

/** A blob made addressable by `StagedBlob.commit`. */
export interface CommittedBlob extends BlobRef {
  /** This commit stored the bytes (false: the same bytes were stored already). */
  created: boolean;
  /** The blob's modification time right after the commit; a later commit of the same bytes changes it. */
  mtimeMs: number;
}

/** Bytes in a local temp file, hashed, not yet addressable (see BlobStore.stage). */
export interface StagedBlob extends BlobRef {
  /** The temp file: read it to validate before committing. */
  tempPath: string;
  commit(): Promise<CommittedBlob>;
  /** Idempotent; a no-op after commit. */
  discard(): Promise<void>;
}

/** A stored blob as the sweeper lists it. */
export interface ListedBlob {
  sha256: string;
  mtimeMs: number;
}

/**
 * Content-addressed blob storage, whatever the backend (STUDIO_BLOB_STORE): the local disk of
 * this process (LocalBlobStore, the embedded default) or an S3-compatible object store shared by
 * several processes (S3BlobStore). Blobs are immutable; storing the same bytes twice is a no-op
 * that moves the blob's mtime forward (what makes removal safe, see sweeper.ts).
 */
export interface BlobStore {
  readonly backend: 'local' | 's3';
  has(sha: string): Promise<boolean>;
  /** NOT_FOUND when the blob is not stored. */
  size(sha: string): Promise<number>;
  /** The whole blob in memory (checked against its address on backends that can lose bytes). */
  read(sha: string): Promise<Uint8Array>;
  /** A Node stream of the blob (after checking it exists); S3: verified on the fly (BLOB_CORRUPT). */
  openRead(sha: string): Promise<Readable>;
  /** A local file holding the blob's bytes: the blob itself, or a verified cached copy. */
  localPath(sha: string): Promise<string>;
  /** Where the blob lies on disk, synchronously; only stores that keep blobs as local files. */
  path?(sha: string): string;
  putBytes(bytes: Uint8Array): Promise<BlobRef>;
  putFile(file: string, opts?: { limitBytes?: number }): Promise<BlobRef>;
  /** Store a stream (stage + commit). See `stage` for the limit. */
  putStream(source: ByteSource, opts?: { limitBytes?: number }): Promise<BlobRef>;
  /**
   * Stream bytes to a local temp file while hashing, without making them addressable yet: callers
   * validate the staged file, then `commit()` or `discard()` it, so a rejected upload leaves
   * nothing behind. Past `limitBytes` the write stops, the temp file is removed, the source is
   * cancelled and UPLOAD_TOO_LARGE is thrown.
   */
  stage(source: ByteSource, opts?: { limitBytes?: number }): Promise<StagedBlob>;
  /** Every committed blob with its mtime (the sweeper's candidates). */
  list(): AsyncIterable<ListedBlob>;
  /** Removes the blob unless `keep(mtimeMs)` holds. Returns whether it was removed. */
  removeUnless(sha: string, keep: (mtimeMs: number) => boolean): Promise<boolean>;
  /** Removes staged temp files unchanged since `cutoffMs`; returns how many. */
  removeStagedBefore(cutoffMs: number): Promise<number>;
}

export const SHA256 = /^[0-9a-f]{64}$/;
export const errno = (e: unknown) => (e as NodeJS.ErrnoException).code;

export function assertSha256(sha: string): void {
  if (!SHA256.test(sha)) throw new ServiceError('BAD_REQUEST', `not a sha256 content address: ${sha.slice(0, 80)}`);
}

export async function* chunksOf(source: ByteSource): AsyncGenerator<Uint8Array> {
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
