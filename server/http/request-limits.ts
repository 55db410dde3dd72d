import { Readable } from 'node:stream';
import { ServiceError } from '../errors';

/**
 * Limits applied to an API request before a router sees it: the number of procedure calls in a
 * tRPC batch (`/api/trpc/a,b,c?batch=1`, counted from the URL, nothing run) and the size of a
 * JSON body (Content-Length first, then counted while reading, so JSON.parse never sees more).
 */
export function checkBatch(req: Request, endpoint: string, maxCalls: number): void {
  const url = new URL(req.url);
  if (url.searchParams.get('batch') !== '1') return;
  const path = url.pathname.startsWith(endpoint) ? url.pathname.slice(endpoint.length) : url.pathname;
  const calls = path.split(',').length;
  if (calls > maxCalls) throw new ServiceError('BATCH_TOO_LARGE', `the batch has ${calls} calls (limit ${maxCalls})`, { calls, limit: maxCalls });
}

/** The same request with its body read into memory, refused (BODY_TOO_LARGE) past `limitBytes`. */
export async function withBodyLimit(req: Request, limitBytes: number): Promise<Request> {
  if (!req.body) return req;
  const tooLarge = (size: number | string) => new ServiceError('BODY_TOO_LARGE', `the request body is ${size} bytes (limit ${limitBytes})`, { limitBytes });
  const declared = Number(req.headers.get('content-length') ?? NaN);
  if (declared > limitBytes) {
    await req.body.cancel().catch(() => {});
    throw tooLarge(declared);
  }
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of Readable.fromWeb(req.body as never) as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > limitBytes) throw tooLarge(`more than ${limitBytes}`);
    parts.push(chunk);
  }
  return new Request(req.url, { method: req.method, headers: req.headers, body: Buffer.concat(parts, size), signal: req.signal });
}
