import type { Action } from '../../domain/auth/permissions';
import { authorize, refuseForeignOrigin } from '../auth/principal';
import type { ServiceDeps } from '../context';
import { errorResponse } from '../errors';
import { chooseType, parseAccept } from './accept';
import { dicomwebRoot } from './urls';

/**
 * Viewers on another origin (OHIF) call the service with an API key header, never with the
 * studio's cookies: any origin may read the answers (no credentials are allowed with `*`).
 */
const CORS = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'content-type, content-length, warning, x-studio-scans',
} as const;

/** The preflight answer of every DICOMweb route. */
export function dicomwebOptions(): Response {
  return new Response(null, {
    status: 204,
    headers: { ...CORS, 'access-control-allow-methods': 'GET, POST, OPTIONS', 'access-control-allow-headers': 'authorization, x-api-key, content-type, accept', 'access-control-max-age': '600' },
  });
}

/**
 * One DICOMweb request: the caller must be allowed `action` (API key or session; the workspace
 * scopes every lookup), errors become the studio's `{error}` JSON with their status, and every
 * answer carries the CORS headers. POSTs refuse a session cookie from a foreign origin.
 */
export async function dicomweb(request: Request, action: Action, fn: (deps: ServiceDeps, root: string) => Promise<Response>): Promise<Response> {
  let res: Response;
  try {
    if (request.method === 'POST') refuseForeignOrigin(request);
    const deps = await authorize(request, action);
    res = await fn(deps, dicomwebRoot(request));
  } catch (e) {
    res = errorResponse(e);
  }
  for (const [k, v] of Object.entries(CORS)) res.headers.set(k, v);
  return res;
}

/** A QIDO-RS answer: DICOM JSON (or plain JSON if that is all the client takes), `[]` when nothing matches. */
export function dicomJsonResponse(request: Request, body: unknown): Response {
  const type = chooseType(parseAccept(request.headers.get('accept')), ['application/dicom+json', 'application/json'], 'search results');
  return new Response(JSON.stringify(body), { headers: { 'content-type': type, 'cache-control': 'private, no-store' } });
}
