import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';

/** One part of a multipart/related answer: its Content-Type and a producer of its bytes. */
export interface OutgoingPart {
  contentType: string;
  /** Further part headers (e.g. Content-Location). */
  headers?: Record<string, string>;
  body(): Promise<AsyncIterable<Uint8Array> | Uint8Array>;
}

/**
 * A `multipart/related` response streamed part by part (RFC 2387; PS3.18 8.7.3.5.1 as DICOMweb
 * clients parse it: the body starts with the first delimiter, no preamble). Each part's bytes
 * are produced only when the client reads that far, so a study of any size is never held in
 * memory; a client that goes away stops the stream (the open part is closed by `return`).
 */
export function multipartResponse(parts: Iterable<OutgoingPart> | AsyncIterable<OutgoingPart>, type: string, headers: Record<string, string> = {}): Response {
  const boundary = `studio-${randomBytes(12).toString('hex')}`;
  const enc = new TextEncoder();
  async function* body(): AsyncGenerator<Uint8Array> {
    for await (const p of parts) {
      const extra = Object.entries(p.headers ?? {}).map(([k, v]) => `${k}: ${v}\r\n`).join('');
      yield enc.encode(`--${boundary}\r\nContent-Type: ${p.contentType}\r\n${extra}\r\n`);
      const b = await p.body();
      if (b instanceof Uint8Array) yield b;
      else for await (const chunk of b) yield chunk instanceof Uint8Array ? chunk : new Uint8Array(chunk as ArrayBuffer);
      yield enc.encode('\r\n');
    }
    yield enc.encode(`--${boundary}--\r\n`);
  }
  const stream = Readable.toWeb(Readable.from(body(), { objectMode: false })) as ReadableStream<Uint8Array>;
  return new Response(stream, {
    headers: { 'content-type': `multipart/related; type="${type}"; boundary=${boundary}`, 'cache-control': 'private, no-store', ...headers },
  });
}
