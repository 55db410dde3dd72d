import { createHash } from 'node:crypto';

/**
 * Synchronous lowercase-hex SHA-256 for Node code (CLI, services, bundles, bench). Code that
 * also runs in a browser or the edge runner uses domain/sha256.ts (WebCrypto, async).
 */
export function sha256HexSync(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}
