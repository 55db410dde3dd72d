import { Readable } from 'node:stream';
import { ServiceError } from '../../../../server/errors';
import { readMultipart } from '../../../../server/http/multipart';

/** Collects a stream into memory, refusing (and cancelling) past `limitBytes`. */
async function collect(chunks: AsyncIterable<Uint8Array>, limitBytes: number): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of chunks) {
    size += chunk.byteLength;
    if (size > limitBytes) throw new ServiceError('UPLOAD_TOO_LARGE', `the bundle is larger than ${limitBytes} bytes`, { limitBytes });
    parts.push(chunk);
  }
  return Buffer.concat(parts, size);
}

/** The bundle bytes of an import request: raw zip body, or the single file of a multipart upload. */
export async function readBundleUpload(request: Request, limitBytes: number): Promise<Uint8Array> {
  const type = request.headers.get('content-type') ?? '';
  if (/^multipart\/form-data/i.test(type)) {
    let bytes: Uint8Array | undefined;
    await readMultipart(request, async (f) => {
      if (bytes) throw new ServiceError('BAD_REQUEST', 'upload one .studio.zip at a time');
      bytes = await collect(f.stream, limitBytes);
    });
    if (!bytes) throw new ServiceError('EMPTY_UPLOAD', 'no file was uploaded');
    return bytes;
  }
  if (!/^application\/(zip|octet-stream)/i.test(type)) throw new ServiceError('UNSUPPORTED_UPLOAD', 'send the .studio.zip as application/zip or multipart/form-data');
  if (!request.body) throw new ServiceError('EMPTY_UPLOAD', 'the request has no body');
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (declared > limitBytes) throw new ServiceError('UPLOAD_TOO_LARGE', `the bundle is ${declared} bytes (limit ${limitBytes})`, { limitBytes });
  return collect(Readable.fromWeb(request.body as never), limitBytes);
}
