import { Readable } from 'node:stream';
import type { BlobStore } from '../blobs';

/** A conservative media type (no header injection through `?type=`). */
const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/i;

/** RFC 6266 filename: ASCII fallback plus UTF-8 `filename*`. */
export function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** A zip built in memory as an attachment (version export, edge bundle): never cached, never sniffed. */
export function zipResponse(zip: Uint8Array, fileName: string): Response {
  return new Response(zip as Uint8Array<ArrayBuffer>, {
    headers: {
      'content-type': 'application/zip',
      'content-length': String(zip.byteLength),
      'content-disposition': contentDisposition('attachment', fileName),
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}

/**
 * Streams a blob (never buffered whole). Content-addressed bytes never change, so the
 * response is cacheable forever; `nosniff` keeps browsers from executing uploaded content.
 */
export async function blobResponse(
  blobs: BlobStore,
  sha256: string,
  opts: { name?: string; type?: string | null; disposition?: 'inline' | 'attachment' } = {},
): Promise<Response> {
  const size = await blobs.size(sha256); // NOT_FOUND before any header is sent
  const stream = Readable.toWeb(await blobs.openRead(sha256)) as ReadableStream<Uint8Array>;
  const type = opts.type && MEDIA_TYPE.test(opts.type) ? opts.type : 'application/octet-stream';
  return new Response(stream, {
    headers: {
      'content-type': type,
      'content-length': String(size),
      'content-disposition': contentDisposition(opts.disposition ?? 'attachment', opts.name || sha256),
      'cache-control': 'private, max-age=31536000, immutable',
      'x-content-type-options': 'nosniff',
      etag: `"${sha256}"`,
    },
  });
}
