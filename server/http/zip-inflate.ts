import { promisify } from 'node:util';
import { createInflateRaw, inflateRaw } from 'node:zlib';
import type { BlobStore, StagedBlob } from '../blobs/store';
import { ServiceError } from '../errors';
import { zipInvalid, type ZipEntry } from './zip-directory';

/**
 * Inflating zip entries OFF the event loop: node:zlib's asynchronous API runs inflate on the
 * libuv thread pool (worker threads), so the event loop only moves chunks. Every entry is cut
 * at its declared size + 1 byte: a header that under-declares its data is refused as soon as
 * the data passes the declaration, never inflated to the end.
 */
const LOCAL = 0x04034b50;
const CHUNK_BYTES = 1024 * 1024;
const inflateRawAsync = promisify(inflateRaw);

/** The compressed bytes of an entry (after its local header). */
function dataOf(bytes: Uint8Array, e: ZipEntry): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (e.headerOffset + 30 > bytes.byteLength || view.getUint32(e.headerOffset, true) !== LOCAL) throw zipInvalid(`${e.name}: bad local header`, { file: e.name });
  const start = e.headerOffset + 30 + view.getUint16(e.headerOffset + 26, true) + view.getUint16(e.headerOffset + 28, true);
  if (start + e.compressedSize > bytes.byteLength) throw zipInvalid(`${e.name}: data out of bounds`, { file: e.name });
  return bytes.subarray(start, start + e.compressedSize);
}

const sizeLie = (e: ZipEntry, detail: string) => zipInvalid(`${e.name}: ${detail} its declared size of ${e.size} bytes`, { file: e.name, problem: 'size', declaredBytes: e.size });
const corrupt = (e: ZipEntry, err: unknown) => zipInvalid(`${e.name}: not readable deflate data (${err instanceof Error ? err.message : String(err)})`, { file: e.name });

async function* storedChunks(data: Uint8Array) {
  for (let i = 0; i < data.byteLength; i += CHUNK_BYTES) yield data.subarray(i, i + CHUNK_BYTES);
}

/** One small entry into memory (manifest, pipeline.json), inflated on the thread pool, capped. */
export async function inflateEntry(bytes: Uint8Array, e: ZipEntry): Promise<Uint8Array> {
  const data = dataOf(bytes, e);
  if (e.method === 0) return data.slice();
  let out: Buffer;
  try {
    out = await inflateRawAsync(data, { maxOutputLength: e.size + 1 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw sizeLie(e, 'inflates past');
    if (String((err as NodeJS.ErrnoException).code).startsWith('Z_')) throw corrupt(e, err);
    throw err;
  }
  if (out.byteLength !== e.size) throw sizeLie(e, out.byteLength > e.size ? 'inflates past' : 'inflates short of');
  return out;
}

/** One entry streamed to a staged file on disk (hashed on the way), capped at its declared size. */
export async function stageEntry(blobs: Pick<BlobStore, 'stage'>, bytes: Uint8Array, e: ZipEntry): Promise<StagedBlob> {
  const data = dataOf(bytes, e);
  const source = e.method === 0 ? storedChunks(data) : createInflateRaw({ chunkSize: CHUNK_BYTES }).end(data);
  let staged: StagedBlob;
  try {
    staged = await blobs.stage(source, { limitBytes: e.size });
  } catch (err) {
    if (err instanceof ServiceError && err.code === 'UPLOAD_TOO_LARGE') throw sizeLie(e, 'inflates past');
    if (String((err as NodeJS.ErrnoException).code).startsWith('Z_')) throw corrupt(e, err);
    throw err;
  }
  if (staged.size !== e.size) {
    await staged.discard();
    throw sizeLie(e, 'inflates short of');
  }
  return staged;
}
