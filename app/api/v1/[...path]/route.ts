import { createOpenApiFetchHandler } from 'trpc-to-openapi';
import { refuseForeignOrigin } from '../../../../server/auth/principal';
import { env } from '../../../../server/env';
import { errorResponse } from '../../../../server/errors';
import { withBodyLimit } from '../../../../server/http/request-limits';
import { REST_BASE_PATH } from '../../../_trpc/openapi';
import { createContext } from '../../../_trpc/trpc/init';
import { appRouter } from '../../../_trpc/trpc/root';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/**
 * The REST face of the tRPC procedures (see /api/openapi.json): same router, same context, so
 * API-key auth and permissions apply exactly as on /api/trpc. Errors leave in the shape every
 * route handler uses, `{error:{code,message,details?}}`, with the status of the one mapping table.
 */
async function handler(raw: Request): Promise<Response> {
  let req: Request;
  try {
    if (raw.method !== 'GET') refuseForeignOrigin(raw); // 403 ORIGIN_FORBIDDEN: cookie sessions only from our origins
    req = await withBodyLimit(raw, env.JSON_BODY_LIMIT_BYTES); // 413 BODY_TOO_LARGE before JSON.parse
  } catch (e) {
    return errorResponse(e);
  }
  let failure: { error: unknown } | undefined;
  const res = await createOpenApiFetchHandler({
    endpoint: REST_BASE_PATH,
    router: appRouter,
    req,
    createContext: () => createContext({ req }),
    onError: ({ error }) => {
      failure = { error };
    },
  });
  return failure ? errorResponse(failure.error) : res;
}

export { handler as GET, handler as POST, handler as PUT, handler as PATCH, handler as DELETE };
