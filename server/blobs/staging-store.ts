import { createReadStream } from 'node:fs';
import type { BlobRef, BlobStore, ByteSource, StagedBlob } from './store';

/**
 * The puts every backend shares: stage (hash to a local temp file), commit, and discard the temp
 * file whatever happened (a failed commit must not leave it behind). Backends supply `stage`.
 */
export abstract class StagingBlobStore implements Pick<BlobStore, 'putBytes' | 'putFile' | 'putStream' | 'stage'> {
  abstract stage(source: ByteSource, opts?: { limitBytes?: number }): Promise<StagedBlob>;

  putBytes(bytes: Uint8Array): Promise<BlobRef> {
    return this.putStream([bytes]);
  }

  putFile(file: string, opts: { limitBytes?: number } = {}): Promise<BlobRef> {
    return this.putStream(createReadStream(file), opts);
  }

  async putStream(source: ByteSource, opts: { limitBytes?: number } = {}): Promise<BlobRef> {
    const staged = await this.stage(source, opts);
    try {
      const { sha256, size } = await staged.commit();
      return { sha256, size };
    } finally {
      await staged.discard();
    }
  }
}
