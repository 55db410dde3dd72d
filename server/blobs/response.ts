import { Readable } from 'node:stream';
import type { BlobStore } from './store';

/**
 * The only types stored bytes are ever served as (what uploads and nodes record). Anything else
 * recorded (a browser run reports its own artifacts) is served as application/octet-stream.
 */
const SERVABLE_TYPES = new Set([
  'application/octet-stream',
  'application/gzip',
  'application/dicom',
  'application/json',
  'application/zip',
  'image/png',
  'image/jpeg',
]);
/** Raster images the viewer shows in <img>; never svg, html or xml (they can carry script). */
const INLINE_TYPES = new Set(['image/png', 'image/jpeg']);

/**
 * Headers on every response that streams stored or exported bytes: never sniffed into HTML or
 * script, and if a browser renders it anyway, a sandboxed opaque origin that may load nothing.
 */
export const STORED_BYTES_HEADERS = {
  'x-content-type-options': 'nosniff',
  'content-security-policy': "sandbox; default-src 'none'",
} as const;

/** The served type for a recorded one: allow-listed (exact, lower case) or application/octet-stream. */
export function servedMediaType(recorded: string | null | undefined): string {
  const t = (recorded ?? '').trim().toLowerCase();
  return SERVABLE_TYPES.has(t) ? t : 'application/octet-stream';
}

/** A file name safe for a header and a file system: printable, no path separators, bounded length. */
export function safeFileName(name: string | null | undefined, fallback: string): string {
  const cleaned = (name ?? '')
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f-\u009f/\\]/g, '_')
    .replace(/^[.\s]+/, '')
    .slice(0, 200)
    .trim();
  return cleaned || fallback;
}

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
      'content-disposition': contentDisposition('attachment', safeFileName(fileName, 'export.zip')),
      'cache-control': 'private, no-store',
      ...STORED_BYTES_HEADERS,
    },
  });
}

/**
 * Streams a blob (never buffered whole) with the type recorded when it was stored, restricted
 * to the servable list; only allow-listed raster images are inline, everything else is an
 * attachment. Content-addressed bytes never change, so the response is cacheable forever.
 */
export async function blobResponse(blobs: BlobStore, sha256: string, record: { name?: string | null; mediaType?: string | null } = {}): Promise<Response> {
  const size = await blobs.size(sha256); // NOT_FOUND before any header is sent
  const stream = Readable.toWeb(await blobs.openRead(sha256)) as ReadableStream<Uint8Array>;
  const type = servedMediaType(record.mediaType);
  return new Response(stream, {
    headers: {
      'content-type': type,
      'content-length': String(size),
      'content-disposition': contentDisposition(INLINE_TYPES.has(type) ? 'inline' : 'attachment', safeFileName(record.name, sha256)),
      'cache-control': 'private, max-age=31536000, immutable',
      etag: `"${sha256}"`,
      ...STORED_BYTES_HEADERS,
    },
  });
}
