import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { pipeline, type Readable } from 'node:stream';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { ServiceError } from '../errors';
import { StagingBlobStore } from './staging-store';
import type { BlobCache } from './cache';
import { assertSha256, SHA256, type BlobStore, type ByteSource, type CommittedBlob, type ListedBlob, type StagedBlob } from './store';
import { corrupt, verifying } from './verify';

const PREFIX = 'blobs/';
/** Objects list by pages of this many keys; the sweeper walks at most this many pages. */
const LIST_PAGE = 1000;
const MAX_LIST_PAGES = 100_000;

const httpStatus = (e: unknown) => (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;

/**
 * Content-addressed blobs in an S3-compatible bucket under `blobs/ab/<sha256>`, for processes on
 * different machines (studio, workers) that share only the database, Temporal and this bucket.
 *
 * - Writes stage to a local temp file while hashing (the cache's LocalBlobStore), then upload it:
 *   one PutObject up to `partSizeBytes`, a multipart upload (lib-storage) of parts of that size
 *   beyond. A blob already stored is not uploaded again: a HEAD finds it and a metadata-only
 *   self-copy moves its modification time forward (two writers racing store identical bytes).
 * - Reads are checked against the address: streams hash on the fly and fail with BLOB_CORRUPT
 *   at the end; whole reads and local files go through the read-through cache (verified copies
 *   on this process's disk, `cache`), so consecutive nodes on one worker do not download the
 *   intermediate values they wrote.
 * - Each object carries `x-amz-meta-touched` (ms) for the sweeper's race check, since S3 dates
 *   have one-second resolution. Unlike the local store, a commit that refreshes a blob between
 *   the sweeper's HEAD and its DELETE is not detected (S3 has no rename); the grace period
 *   (STUDIO_SWEEP_GRACE_SECONDS) and the reference check are what protect such a blob.
 */
export class S3BlobStore extends StagingBlobStore implements BlobStore {
  readonly backend = 's3';
  /** Downloads in progress: concurrent readers of one missing blob share one download. */
  private readonly fetching = new Map<string, Promise<string>>();

  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    readonly cache: BlobCache,
    private readonly partSizeBytes: number,
  ) {
    super();
  }

  /** Start-up check: the bucket exists and these credentials may use it (else a clear error, not a failed run later). */
  async assertReachable(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
    } catch (e) {
      const status = httpStatus(e);
      const why = status === 404 ? 'does not exist' : status === 403 ? 'refuses these credentials' : `is unreachable (${(e as Error).name}: ${(e as Error).message})`;
      throw new Error(`S3 bucket ${this.bucket} ${why}: check S3_ENDPOINT, S3_BUCKET and the S3 credentials`);
    }
  }

  key(sha: string): string {
    assertSha256(sha);
    return `${PREFIX}${sha.slice(0, 2)}/${sha}`;
  }

  /** Size and modification time (ms) of the object, or null when it is not stored. */
  async head(sha: string): Promise<{ size: number; mtimeMs: number } | null> {
    try {
      const h = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.key(sha) }));
      const touched = Number(h.Metadata?.touched);
      return { size: h.ContentLength ?? 0, mtimeMs: Number.isFinite(touched) && touched > 0 ? touched : (h.LastModified?.getTime() ?? 0) };
    } catch (e) {
      if (httpStatus(e) === 404) return null;
      throw e;
    }
  }

  async has(sha: string): Promise<boolean> {
    return (await this.head(sha)) !== null;
  }

  async size(sha: string): Promise<number> {
    const h = await this.head(sha);
    if (!h) throw new ServiceError('NOT_FOUND', `blob ${sha} not found`);
    return h.size;
  }

  async read(sha: string): Promise<Uint8Array> {
    const bytes = await readFile(await this.localPath(sha));
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  async openRead(sha: string): Promise<Readable> {
    if (await this.cache.lookup(sha)) return createReadStream(this.cache.local.path(sha));
    const { body, size } = await this.get(sha);
    // pipeline: a reader that stops early (or a corrupt end) tears the download down too.
    return pipeline(body, verifying(sha, size), () => {});
  }

  /** The cached copy, downloaded and verified first on a miss. */
  async localPath(sha: string): Promise<string> {
    if (await this.cache.lookup(sha)) return this.cache.local.path(sha);
    let pending = this.fetching.get(sha);
    if (!pending) {
      pending = this.download(sha).finally(() => this.fetching.delete(sha));
      this.fetching.set(sha, pending);
    }
    return pending;
  }

  private async download(sha: string): Promise<string> {
    const { body, size } = await this.get(sha);
    const staged = await this.cache.local.stage(body);
    try {
      if (staged.sha256 !== sha || staged.size !== size) throw corrupt(sha, staged);
      await staged.commit();
    } finally {
      await staged.discard();
    }
    this.cache.missed(size);
    await this.cache.admit(sha, size);
    return this.cache.local.path(sha);
  }


  async stage(source: ByteSource, opts: { limitBytes?: number } = {}): Promise<StagedBlob> {
    const local = await this.cache.local.stage(source, opts);
    return {
      sha256: local.sha256,
      size: local.size,
      tempPath: local.tempPath,
      commit: async (): Promise<CommittedBlob> => {
        const placed = await this.upload(local.tempPath, local.sha256, local.size);
        // The writer's own copy stays cached: the next node on this worker reads it from disk.
        await local.commit();
        await this.cache.admit(local.sha256, local.size);
        return { sha256: local.sha256, size: local.size, ...placed };
      },
      discard: () => local.discard(),
    };
  }

  async *list(): AsyncGenerator<ListedBlob> {
    let token: string | undefined;
    for (let page = 0; page < MAX_LIST_PAGES; page++) {
      const r = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: PREFIX, ContinuationToken: token, MaxKeys: LIST_PAGE }));
      for (const o of r.Contents ?? []) {
        const name = o.Key?.slice(PREFIX.length + 3) ?? '';
        if (SHA256.test(name) && o.Key === this.key(name)) yield { sha256: name, mtimeMs: o.LastModified?.getTime() ?? 0 };
      }
      if (!r.IsTruncated || !r.NextContinuationToken) return;
      token = r.NextContinuationToken;
    }
  }

  async removeUnless(sha: string, keep: (mtimeMs: number) => boolean): Promise<boolean> {
    const h = await this.head(sha);
    if (!h || keep(h.mtimeMs)) return false;
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.key(sha) }));
    await this.cache.evict(sha);
    return true;
  }

  removeStagedBefore(cutoffMs: number): Promise<number> {
    return this.cache.local.removeStagedBefore(cutoffMs);
  }

  private async get(sha: string): Promise<{ body: Readable; size: number }> {
    try {
      const r = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.key(sha) }));
      return { body: r.Body as Readable, size: r.ContentLength ?? 0 };
    } catch (e) {
      if (httpStatus(e) === 404) throw new ServiceError('NOT_FOUND', `blob ${sha} not found`);
      throw e;
    }
  }

  /** Uploads the staged file unless the object exists with this size (then its time moves forward). */
  private async upload(file: string, sha: string, size: number): Promise<{ created: boolean; mtimeMs: number }> {
    const Key = this.key(sha);
    const existing = await this.head(sha);
    const touched = Math.max(Date.now(), (existing?.mtimeMs ?? 0) + 1);
    const Metadata = { touched: String(touched) };
    if (existing && existing.size === size) {
      await this.client.send(
        new CopyObjectCommand({ Bucket: this.bucket, Key, CopySource: `${this.bucket}/${Key}`, MetadataDirective: 'REPLACE', Metadata }),
      );
      return { created: false, mtimeMs: touched };
    }
    // Absent, or present with another size (a damaged object): store our bytes, which hash right.
    if (size <= this.partSizeBytes) {
      await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key, Body: await readFile(file), ContentLength: size, Metadata }));
    } else {
      const upload = new Upload({
        client: this.client,
        params: { Bucket: this.bucket, Key, Body: createReadStream(file), Metadata },
        partSize: this.partSizeBytes,
        queueSize: 2,
        leavePartsOnError: false,
      });
      await upload.done();
    }
    return { created: !existing, mtimeMs: touched };
  }
}
