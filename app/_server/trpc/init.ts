import { initTRPC } from '@trpc/server';
import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';
import { mapError } from '../errors';
import type { ServiceDeps } from '../services/context';
import { readyServices } from '../ready';
import { requestAudit } from '../services/audit-log';

/**
 * tRPC root: plain JSON (outputs carry ISO date strings, no transformer needed), a context with
 * the process database and blob store, and an error formatter that applies the one mapping
 * table (app/_server/errors.ts): clients get the stable app code, a message and details;
 * never a stack. `data.httpStatus` sets the HTTP status of the response.
 */
export type Context = ServiceDeps;

/** Audited actions of a request are recorded as the demo admin, with the request's origin. */
export const createContext = async (opts?: { req?: Request }): Promise<Context> => ({
  ...(await readyServices()),
  ...(opts?.req ? { audit: requestAudit(opts.req) } : {}),
});

const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error }) {
    const { trpc, http, client } = mapError(error);
    if (http >= 500) console.error(error.cause ?? error);
    return {
      message: client.message,
      code: TRPC_ERROR_CODES_BY_KEY[trpc],
      data: { code: trpc, httpStatus: http, path: shape.data.path, appCode: client.code, details: client.details },
    };
  },
});

export const router = t.router;
export const publicProcedure = t.procedure;
export const createCallerFactory = t.createCallerFactory;
