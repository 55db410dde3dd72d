import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';
import { ServiceError } from '../errors';

export function corrupt(sha: string, got: { sha256: string; size: number }): ServiceError {
  return new ServiceError('BLOB_CORRUPT', `blob ${sha} read back as ${got.size} bytes hashing to ${got.sha256}: the stored object is corrupt`, {
    sha256: sha,
    actualSha256: got.sha256,
    actualSize: got.size,
  });
}

/**
 * A pass-through that hashes what flows and fails the stream with BLOB_CORRUPT at its end when
 * the bytes do not hash to `sha` (or differ from `size`). Readers of a remote object get the
 * bytes as they arrive; a consumer that saw the whole stream end without error saw the blob.
 */
export function verifying(sha: string, size?: number): Transform {
  const hash = createHash('sha256');
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.byteLength;
      hash.update(chunk);
      done(null, chunk);
    },
    flush(done) {
      const got = hash.digest('hex');
      done(got === sha && (size === undefined || seen === size) ? null : corrupt(sha, { sha256: got, size: seen }));
    },
  });
}
