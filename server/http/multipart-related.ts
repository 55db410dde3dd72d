import { ServiceError } from '../errors';

/**
 * A streaming reader of a `multipart/*` body whose parts are not form fields (STOW-RS sends
 * `multipart/related` parts without Content-Disposition, which busboy skips). Each part's bytes
 * are handed on as they arrive, never gathered: the consumer streams them to disk and must read
 * a part's body to its end before asking for the next part. Per part and per request limits
 * throw UPLOAD_TOO_LARGE as soon as they are passed; a body that ends mid-part is BAD_REQUEST.
 */
export interface StreamedPart {
  /** Header names lower-cased. */
  headers: Record<string, string>;
  body: AsyncIterable<Uint8Array>;
}

export interface PartLimits {
  maxPartBytes: number;
  maxTotalBytes: number;
  maxParts: number;
  maxHeaderBytes?: number;
}

export function boundaryOf(contentType: string): string {
  const m = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const b = m?.[1] ?? m?.[2];
  if (!b) throw new ServiceError('BAD_REQUEST', 'the multipart content type has no boundary');
  return b;
}

export async function* streamParts(source: ReadableStream<Uint8Array>, boundary: string, limits: PartLimits): AsyncGenerator<StreamedPart> {
  const reader = source.getReader();
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  const maxHeader = limits.maxHeaderBytes ?? 8192;
  // Start as if a CRLF preceded the body, so the first delimiter matches like the others.
  let buf: Buffer = Buffer.from('\r\n');
  let ended = false;
  let total = 0;
  let parts = 0;
  const fill = async (): Promise<boolean> => {
    if (ended) return false;
    const { done, value } = await reader.read();
    if (done) return !(ended = true);
    buf = buf.length ? Buffer.concat([buf, value]) : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    return true;
  };
  const truncated = () => new ServiceError('BAD_REQUEST', 'malformed multipart body: it ends inside a part');
  try {
    // Preamble: everything up to the first delimiter is ignored.
    for (let i; (i = buf.indexOf(delimiter)) < 0; ) {
      buf = buf.subarray(Math.max(0, buf.length - delimiter.length));
      if (!(await fill())) throw new ServiceError('BAD_REQUEST', 'malformed multipart body: no boundary');
    }
    buf = buf.subarray(buf.indexOf(delimiter) + delimiter.length);
    for (;;) {
      while (buf.length < 2) if (!(await fill())) throw truncated();
      if (buf[0] === 0x2d && buf[1] === 0x2d) return; // "--": the closing delimiter
      let end;
      while ((end = buf.indexOf('\r\n\r\n')) < 0) {
        if (buf.length > maxHeader) throw new ServiceError('BAD_REQUEST', `malformed multipart body: a part header exceeds ${maxHeader} bytes`);
        if (!(await fill())) throw truncated();
      }
      const headers: Record<string, string> = {};
      for (const line of buf.subarray(0, end).toString('latin1').split('\r\n').slice(1)) {
        const colon = line.indexOf(':');
        if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      buf = buf.subarray(end + 4);
      if (++parts > limits.maxParts) throw new ServiceError('UPLOAD_TOO_LARGE', `more than ${limits.maxParts} parts in one request`, { maxParts: limits.maxParts });
      let finished = false;
      let size = 0;
      const count = (n: number) => {
        size += n;
        total += n;
        if (size > limits.maxPartBytes) throw new ServiceError('UPLOAD_TOO_LARGE', `a part exceeds ${limits.maxPartBytes} bytes`, { limitBytes: limits.maxPartBytes });
        if (total > limits.maxTotalBytes) throw new ServiceError('UPLOAD_TOO_LARGE', `the request exceeds the limit of ${limits.maxTotalBytes} bytes`, { limitBytes: limits.maxTotalBytes });
      };
      async function* body(): AsyncGenerator<Uint8Array> {
        for (;;) {
          const at = buf.indexOf(delimiter);
          if (at >= 0) {
            const last = buf.subarray(0, at);
            buf = buf.subarray(at + delimiter.length);
            finished = true;
            count(last.length);
            if (last.length) yield last;
            return;
          }
          // Keep a tail that could be the start of the delimiter; hand on the rest.
          const safe = buf.length - (delimiter.length - 1);
          if (safe > 0) {
            const out = buf.subarray(0, safe);
            buf = buf.subarray(safe);
            count(out.length);
            yield out;
          }
          if (!(await fill())) throw truncated();
        }
      }
      yield { headers, body: body() };
      if (!finished) throw new Error('streamParts: a part body must be read to its end before the next part');
    }
  } finally {
    reader.cancel().catch(() => {});
  }
}
