import { getAuth, signInLockPolicy } from '../../../../server/auth';
import { guardSignIn } from '../../../../server/auth/lockout';
import { auditSignIn } from '../../../../server/auth/sign-in-audit';
import { getDb } from '../../../../server/db';
import { errorResponse } from '../../../../server/errors';
import { limitAuthBody, limitChangePassword, signInEmail } from '../../../../server/auth/request-guards';
import { requestAudit } from '../../../../server/audit/log';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/**
 * better-auth's endpoints (/api/auth/sign-in/email, /sign-out, /get-session, ...). Every POST
 * body is size-limited first (request-guards.ts); password sign-ins (JSON only) go through the
 * per-account lockout (429 AUTH_LOCKED) and are audited.
 */
export async function GET(request: Request): Promise<Response> {
  return (await getAuth()).handler(request);
}

export async function POST(raw: Request): Promise<Response> {
  const auth = await getAuth();
  const pathname = new URL(raw.url).pathname.replace(/\/{2,}/g, '/').replace(/\/+$/, '');
  let request: Request;
  let email = '';
  try {
    request = await limitAuthBody(raw); // before anything parses it
    if (pathname.endsWith('/change-password')) limitChangePassword(request);
    if (pathname.endsWith('/sign-in/email')) email = await signInEmail(request);
  } catch (e) {
    return errorResponse(e);
  }
  if (pathname.endsWith('/sign-out')) return signOut(auth, request);
  if (!pathname.endsWith('/sign-in/email')) return auth.handler(request);
  const db = await getDb();
  const response = await guardSignIn({ db, policy: signInLockPolicy() }, email, () => auth.handler(request));
  const body = (await response.clone().json().catch(() => null)) as { user?: { id?: string } } | null;
  const origin = requestAudit(request).origin;
  await auditSignIn(db, origin, response.ok && body?.user?.id ? { ok: true, userId: body.user.id } : { ok: false, email, status: response.status });
  return response;
}

/** Sign-out is audited (in each workspace of the person) once better-auth has ended the session. */
async function signOut(auth: Awaited<ReturnType<typeof getAuth>>, request: Request): Promise<Response> {
  const session = await auth.api.getSession({ headers: request.headers }).catch(() => null);
  const response = await auth.handler(request);
  if (response.ok && session) await auditSignIn(await getDb(), requestAudit(request).origin, { signedOut: true, userId: session.user.id });
  return response;
}
