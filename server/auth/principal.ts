import { getSessionCookie } from 'better-auth/cookies';
import { principalCan, type Action, type Principal } from '../../domain/auth/permissions';
import type { Db } from '../../drizzle/client';
import type { AuditContext } from '../context';
import { requestAudit } from '../audit/log';
import type { ServiceDeps } from '../context';
import { readyServices } from '../ready';
import { getAuth } from '.';
import { authenticateApiKey } from '../keys/service';
import { membershipsOf } from '../members/service';
import { ServiceError } from '../errors';
import type { Auth } from './auth';
import { env } from '../env';
import { browserOrigin, isAcceptedOrigin } from './origins';

/**
 * Who is calling: an API key (`Authorization: Bearer isk_…` or `x-api-key`) or a signed-in
 * person's session cookie, with the workspace they act in and their role there. `null` when the
 * request carries neither; a bad key throws a typed 401 (a wrong key is never "anonymous").
 */
export interface Resolved {
  principal: Principal | null;
  sessionId?: string;
}

export function presentedApiKey(headers: Headers): string | null {
  const auth = headers.get('authorization');
  if (auth && /^bearer\s+/i.test(auth)) return auth.replace(/^bearer\s+/i, '').trim() || null;
  return headers.get('x-api-key')?.trim() || null;
}

export async function resolvePrincipal(deps: { db: Db; auth: Auth; audit?: AuditContext }, headers: Headers): Promise<Resolved> {
  const key = presentedApiKey(headers);
  if (key) return { principal: await authenticateApiKey(deps, key) };
  const s = await deps.auth.api.getSession({ headers });
  if (!s) return { principal: null };
  const mine = await membershipsOf(deps.db, s.user.id);
  const active = (s.session as { activeWorkspaceId?: string | null }).activeWorkspaceId;
  const m = mine.find((x) => x.workspaceId === active) ?? mine[0];
  if (!m) throw new ServiceError('NO_WORKSPACE', `${s.user.email} is not a member of any workspace`);
  return {
    principal: { kind: 'user', userId: s.user.id, email: s.user.email, workspaceId: m.workspaceId, role: m.role },
    sessionId: s.session.id,
  };
}

/** The audit actor of a principal, keeping the request's origin (and the key id for keys). */
export function principalAudit(p: Principal, origin: AuditContext['origin'] = {}): AuditContext {
  const o = { ...origin, workspaceId: p.workspaceId };
  if (p.kind === 'user') return { actor: { type: 'user', id: p.userId }, origin: o };
  if (p.kind === 'key') return { actor: { type: 'key', id: p.keyId }, origin: { ...o, keyId: p.keyId } };
  return { actor: { type: 'system', id: p.id }, origin: o };
}

/** The caller of an HTTP request, with the audit context its actions are recorded under. */
export async function requestCaller(deps: { db: Db }, req: Request): Promise<Resolved & { audit?: AuditContext }> {
  const origin = requestAudit(req).origin;
  const r = await resolvePrincipal({ db: deps.db, auth: await getAuth(), audit: { actor: { type: 'system', id: 'auth' }, origin } }, req.headers);
  return { ...r, ...(r.principal ? { audit: principalAudit(r.principal, origin) } : {}) };
}

/**
 * The one permission gate of tRPC procedures and route handlers: 401 AUTH_REQUIRED without a
 * principal (or `authError`, e.g. a revoked key), 403 PERMISSION_DENIED without the action.
 */
export function requirePermission(principal: Principal | null, action: Action, authError?: unknown): Principal {
  if (!principal) throw authError ?? new ServiceError('AUTH_REQUIRED', 'Sign in or present an API key');
  if (!principalCan(principal, action)) {
    throw new ServiceError('PERMISSION_DENIED', `Not allowed: ${action}`, { action, ...(principal.kind === 'user' ? { role: principal.role } : {}) });
  }
  return principal;
}

/**
 * Services for a route handler acting on behalf of the caller, who must be allowed `action`:
 * 401 AUTH_REQUIRED without credentials (or a typed 401 for a bad key), 403 PERMISSION_DENIED.
 */
export async function authorize(req: Request, action: Action): Promise<ServiceDeps & { principal: Principal }> {
  const deps = await readyServices();
  const { principal, audit } = await requestCaller(deps, req);
  return { ...deps, principal: requirePermission(principal, action), audit };
}

/**
 * CSRF gate of the multipart routes (a form can post them cross-origin without a preflight):
 * a request carrying a session cookie must come from an accepted origin (origins.ts), and never
 * with `Sec-Fetch-Site: cross-site`; else 403 ORIGIN_FORBIDDEN. Without a session cookie (API
 * keys) there is nothing for a forged request to ride on. A cookie request with neither Origin
 * nor Referer is not from a browser (browsers send Origin on every POST) and passes.
 */
export function refuseForeignOrigin(req: Request): void {
  if (!getSessionCookie(req)) return;
  const origin = browserOrigin(req);
  const crossSite = req.headers.get('sec-fetch-site') === 'cross-site';
  if (crossSite || (origin !== null && !isAcceptedOrigin(origin, req, env.STUDIO_PUBLIC_URL))) {
    throw new ServiceError('ORIGIN_FORBIDDEN', `Requests from ${origin ?? 'another site'} may not use this session`, { origin });
  }
}
