import type { Db } from '../../../drizzle/client';
import { recordAudit } from '../services/audit';
import type { AuditContext } from '../services/audit';

/** Sign-ins and failed sign-ins land in the audit log (who, or which email was tried, and from where). */
export async function auditSignIn(db: Db, origin: AuditContext['origin'], outcome: { ok: true; userId: string } | { ok: false; email: string; status: number }) {
  if (outcome.ok) {
    await recordAudit({ db, audit: { actor: { type: 'user', id: outcome.userId }, origin } }, { action: 'auth.signed-in', objectType: 'session', objectId: null });
  } else {
    await recordAudit(
      { db, audit: { actor: { type: 'system', id: 'auth' }, origin } },
      { action: 'auth.sign-in-failed', objectType: 'session', objectId: null, details: { email: outcome.email.slice(0, 200), status: outcome.status } },
    );
  }
}
