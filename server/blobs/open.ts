import path from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import type { Env } from '../env';
import { BlobCache } from './cache';
import { LocalBlobStore } from './local-store';
import { S3BlobStore } from './s3-store';
import type { BlobStore } from './store';

type S3Env = Pick<Env, 'S3_ENDPOINT' | 'S3_REGION' | 'S3_ACCESS_KEY_ID' | 'S3_SECRET_ACCESS_KEY' | 'S3_FORCE_PATH_STYLE'>;

/** An S3 client from the S3_* variables (env.ts requires the credentials when the store is s3). */
export function s3ClientFrom(e: S3Env): S3Client {
  return new S3Client({
    ...(e.S3_ENDPOINT ? { endpoint: e.S3_ENDPOINT } : {}),
    region: e.S3_REGION,
    forcePathStyle: e.S3_FORCE_PATH_STYLE,
    credentials: { accessKeyId: e.S3_ACCESS_KEY_ID ?? '', secretAccessKey: e.S3_SECRET_ACCESS_KEY ?? '' },
    // Checksums only where the operation requires them: not every S3-compatible server takes the newer headers.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 3,
  });
}

type BlobEnv = S3Env & Pick<Env, 'STUDIO_BLOB_STORE' | 'S3_BUCKET' | 'S3_PART_SIZE_BYTES' | 'STUDIO_BLOB_CACHE_BYTES'>;

/** The configured blob store (STUDIO_BLOB_STORE) of a process whose data directory is `dataDir`. */
export function openBlobStore(e: BlobEnv, dataDir: string): BlobStore {
  if (e.STUDIO_BLOB_STORE === 'local') return new LocalBlobStore(dataDir);
  const cache = new BlobCache(new LocalBlobStore(path.resolve(dataDir), 'blob-cache'), e.STUDIO_BLOB_CACHE_BYTES);
  return new S3BlobStore(s3ClientFrom(e), e.S3_BUCKET ?? '', cache, e.S3_PART_SIZE_BYTES);
}
