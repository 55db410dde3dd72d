import { Readable } from 'node:stream';
import type { ReadableStream as NodeWebStream } from 'node:stream/web';
import busboy from 'busboy';
import { ServiceError } from '../errors';

export interface MultipartFile {
  fieldName: string;
  /** As sent (folder uploads keep their relative path; callers take the base name). */
  fileName: string;
  mimeType: string;
  stream: Readable;
}

/**
 * Streams a multipart/form-data request body through busboy: each file is handed to `onFile`
 * as a stream while the body is still arriving (Request.formData() would buffer everything,
 * which defeats the upload size limit). The first failure of `onFile` aborts the body and
 * rejects (after every handler has settled); resolves with the text fields once every file handler has finished.
 */
/** Text fields of one form (name, labelMapping, notes...), and bytes of each. */
export const MULTIPART_MAX_FIELDS = 16;
export const MULTIPART_FIELD_BYTES = 256 * 1024;

export function readMultipart(request: Request, onFile: (file: MultipartFile) => Promise<void>): Promise<Record<string, string>> {
  const contentType = request.headers.get('content-type') ?? '';
  if (!/^multipart\/form-data/i.test(contentType)) {
    return Promise.reject(new ServiceError('BAD_REQUEST', 'expected a multipart/form-data upload'));
  }
  if (!request.body) return Promise.reject(new ServiceError('EMPTY_UPLOAD', 'the request has no body'));
  const body = Readable.fromWeb(request.body as unknown as NodeWebStream<Uint8Array>);
  // text fields are not metered by the callers' file budgets: bounded here (count and size each)
  const parser = busboy({ headers: { 'content-type': contentType }, preservePath: true, limits: { fields: MULTIPART_MAX_FIELDS, fieldSize: MULTIPART_FIELD_BYTES } });
  const fields: Record<string, string> = {};
  const handlers: Promise<void>[] = [];

  return new Promise((resolve, reject) => {
    let failed = false;
    // Tear everything down (busboy destroys the file stream in flight, so its handler ends),
    // then reject once every handler has settled: callers can then discard all staged files.
    const fail = (e: unknown) => {
      if (failed) return;
      failed = true;
      body.unpipe(parser);
      body.destroy();
      parser.destroy(e instanceof Error ? e : new Error(String(e)));
      void Promise.allSettled(handlers).then(() => reject(e));
    };
    parser.on('file', (fieldName, stream, info) => {
      if (failed) return void stream.resume();
      const file = { fieldName, fileName: info.filename || fieldName, mimeType: info.mimeType, stream };
      handlers.push(
        onFile(file).catch((e) => {
          stream.resume(); // keep the parser flowing until the body is torn down
          fail(e);
        }),
      );
    });
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated || info.nameTruncated) return fail(new ServiceError('UPLOAD_TOO_LARGE', `the form field ${JSON.stringify(name.slice(0, 100))} is longer than ${MULTIPART_FIELD_BYTES} bytes`, { limitBytes: MULTIPART_FIELD_BYTES }));
      fields[name] = value;
    });
    parser.on('fieldsLimit', () => fail(new ServiceError('UPLOAD_TOO_LARGE', `the form has more than ${MULTIPART_MAX_FIELDS} text fields`, { limit: MULTIPART_MAX_FIELDS })));
    parser.on('error', (e) => fail(new ServiceError('BAD_REQUEST', `malformed multipart body: ${(e as Error).message}`)));
    parser.on('close', () => {
      Promise.all(handlers).then(() => !failed && resolve(fields), fail);
    });
    body.on('error', (e) => fail(new ServiceError('BAD_REQUEST', `the upload was interrupted: ${e.message}`)));
    body.pipe(parser);
  });
}

/** Counts bytes across several streams against one budget (a whole scan upload). */
export function byteBudget(limitBytes: number) {
  let used = 0;
  return async function* metered(stream: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
    for await (const chunk of stream) {
      used += chunk.byteLength;
      if (used > limitBytes) {
        throw new ServiceError('UPLOAD_TOO_LARGE', `upload exceeds the limit of ${limitBytes} bytes`, { limitBytes });
      }
      yield chunk;
    }
  };
}
