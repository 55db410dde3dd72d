import { initTRPC } from '@trpc/server';
import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';
import type { OpenApiMeta } from 'trpc-to-openapi';
import type { Action, Principal } from '../../../domain/auth/permissions';
import { requestCaller, requirePermission } from '../../../server/auth/principal';
import { mapError } from '../../../server/errors';
import type { ServiceDeps } from '../../../server/context';
import { readyServices } from '../../../server/ready';

/**
 * tRPC root: plain JSON (outputs carry ISO date strings, no transformer needed), a context with
 * the process database, blob store and the caller (principal), and an error formatter that
 * applies the one mapping table (server/errors.ts): clients get the stable app code, a
 * message and details; never a stack. `data.httpStatus` sets the HTTP status of the response.
 *
 * Every procedure is `authed(action)`: the middleware runs before input parsing, so a caller
 * without the permission gets 401 AUTH_REQUIRED / 403 PERMISSION_DENIED whatever they send.
 */
export type Context = ServiceDeps & {
  principal: Principal | null;
  /** Why the request has no principal (bad API key, no workspace); thrown by `authed`. */
  authError?: unknown;
  /** The better-auth session behind a user principal (switching workspace updates it). */
  sessionId?: string;
};

export type Meta = OpenApiMeta & { action?: Action };

export const createContext = async (opts?: { req?: Request }): Promise<Context> => {
  const deps = await readyServices();
  if (!opts?.req) return { ...deps, principal: null };
  try {
    const { principal, sessionId, audit } = await requestCaller(deps, opts.req);
    return { ...deps, principal, sessionId, ...(audit ? { audit } : {}) };
  } catch (e) {
    return { ...deps, principal: null, authError: e };
  }
};

const t = initTRPC.context<Context>().meta<Meta>().create({
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
/** Only for what anyone may call without signing in (health, the caller's own identity). */
export const publicProcedure = t.procedure;
export const createCallerFactory = t.createCallerFactory;

/** A procedure that requires `action`; its resolver sees a non-null principal. */
export const authed = (action: Action) =>
  t.procedure.meta({ action }).use(({ ctx, next }) => {
    const principal = requirePermission(ctx.principal, action, ctx.authError);
    return next({ ctx: { ...ctx, principal } });
  });
