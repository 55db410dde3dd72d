import { safeNextPath } from '../../../../domain/auth/next-path';
import { getAuth } from '../../../../server/auth';
import { DEMO_PASSWORD, DEMO_USERS } from '../../../../server/auth/demo';
import { auditSignIn } from '../../../../server/auth/sign-in-audit';
import { getDb } from '../../../../server/db';
import { demoSignIn } from '../../../../server/env';
import { readyServices } from '../../../../server/ready';
import { requestAudit } from '../../../../server/audit/log';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/**
 * GET /api/auth/demo?next=/path[&as=engineer]: the embedded demo signs the visitor in (as the demo
 * admin unless `as` names another demo role) and returns to `next` when that is a same-origin path (safeNextPath), else to `/`. 404 outside the demo.
 */
export async function GET(request: Request): Promise<Response> {
  if (!demoSignIn()) return Response.json({ error: { code: 'NOT_FOUND', message: 'No demo sign-in here' } }, { status: 404 });
  await readyServices();
  const url = new URL(request.url);
  const user = DEMO_USERS.find((u) => u.role === url.searchParams.get('as')) ?? DEMO_USERS[0];
  const auth = await getAuth();
  const signed = await auth.api.signInEmail({ body: { email: user.email, password: DEMO_PASSWORD }, headers: request.headers, asResponse: true });
  const body = (await signed.clone().json().catch(() => null)) as { user?: { id?: string } } | null;
  await auditSignIn(await getDb(), requestAudit(request).origin, signed.ok && body?.user?.id ? { ok: true, userId: body.user.id } : { ok: false, email: user.email, status: signed.status });
  if (!signed.ok) return Response.json({ error: { code: 'AUTH_REQUIRED', message: 'Demo sign-in failed' } }, { status: 500 });
  const headers = new Headers({ location: safeNextPath(url.searchParams.get('next')) });
  for (const c of signed.headers.getSetCookie()) headers.append('set-cookie', c);
  return new Response(null, { status: 303, headers });
}
