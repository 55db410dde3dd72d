import { findUserByEmail } from './users';
import type { Db } from '../../drizzle/client';
import type { AuditAction } from '../../domain/audit/events';
import { appendAudit } from '../audit/service';
import type { AuditContext } from '../context';
import { membershipsOf } from '../members/service';

export type SignInOutcome = { ok: true; userId: string } | { ok: false; email: string; status: number } | { signedOut: true; userId: string };

/**
 * Sign-ins, sign-outs and failed sign-ins land in the audit log (who, or which email was tried,
 * and from where), once in each workspace of the person, so each workspace's admins see them and
 * no other workspace does. A failed sign-in of an email that is nobody's has no workspace: only
 * `studio audit verify` and the database see it.
 */
export async function auditSignIn(db: Db, origin: AuditContext['origin'], outcome: SignInOutcome) {
  const userId = 'userId' in outcome ? outcome.userId : ((await findUserByEmail(db, outcome.email))?.id ?? null);
  const workspaces = userId ? (await membershipsOf(db, userId)).map((m) => m.workspaceId) : [];
  const base =
    'signedOut' in outcome
      ? { actor: { type: 'user' as const, id: outcome.userId }, action: 'auth.signed-out' as AuditAction, details: {} }
      : outcome.ok
        ? { actor: { type: 'user' as const, id: outcome.userId }, action: 'auth.signed-in' as AuditAction, details: {} }
        : { actor: { type: 'system' as const, id: 'auth' }, action: 'auth.sign-in-failed' as AuditAction, details: { email: outcome.email.slice(0, 200), status: outcome.status } };
  const { workspaceId: _ignored, ...where } = origin ?? {};
  await db.transaction(async (tx) => {
    for (const workspaceId of workspaces.length ? workspaces : [null]) {
      await appendAudit(tx, { ...base, objectType: 'session', objectId: null, origin: where, workspaceId });
    }
  });
}
