import { errorResponse } from '../../../server/errors';
import { openApiDocument } from '../../_trpc/openapi';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** GET /api/openapi.json: the integrator API, generated from the tRPC procedures (public, like any API description). */
export function GET(request: Request): Response {
  try {
    // The origin the client used (behind a proxy: its forwarded host and scheme).
    const url = new URL(request.url);
    const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host') ?? url.host;
    const proto = request.headers.get('x-forwarded-proto') ?? url.protocol.replace(':', '');
    return Response.json(openApiDocument(`${proto}://${host}`));
  } catch (e) {
    return errorResponse(e);
  }
}
