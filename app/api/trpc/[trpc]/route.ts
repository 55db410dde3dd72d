import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';
import { refuseForeignOrigin } from '../../../../server/auth/principal';
import { env } from '../../../../server/env';
import { mapError } from '../../../../server/errors';
import { checkBatch, withBodyLimit } from '../../../../server/http/request-limits';
import { appRouter } from '../../../_trpc/trpc/root';
import { createContext } from '../../../_trpc/trpc/init';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const ENDPOINT = '/api/trpc';

/**
 * Mutations carrying a session cookie must come from an accepted origin (403 ORIGIN_FORBIDDEN).
 * Batch size (TRPC_MAX_BATCH) and body size (JSON_BODY_LIMIT_BYTES) are refused with 413 before
 * anything is parsed or run; the error has the shape of the router's errorFormatter.
 */
async function handler(req: Request): Promise<Response> {
  try {
    if (req.method !== 'GET') refuseForeignOrigin(req); // a cross-origin form post sends the cookie without preflight
    checkBatch(req, ENDPOINT, env.TRPC_MAX_BATCH);
    const limited = await withBodyLimit(req, env.JSON_BODY_LIMIT_BYTES);
    return await fetchRequestHandler({ endpoint: ENDPOINT, req: limited, router: appRouter, createContext, maxBatchSize: env.TRPC_MAX_BATCH });
  } catch (e) {
    const { trpc, http, client } = mapError(e);
    const error = { message: client.message, code: TRPC_ERROR_CODES_BY_KEY[trpc], data: { code: trpc, httpStatus: http, appCode: client.code, details: client.details } };
    return Response.json({ error }, { status: http });
  }
}

export { handler as GET, handler as POST };
