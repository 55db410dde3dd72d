import { chainStart, checkChain, type BrokenLink } from '../../../domain/audit/chain';
import type { DbOrTx } from '../../../drizzle/client';
import { auditEventsAfter, toStoredEvent } from '../repos/audit';

export interface AuditVerification {
  ok: boolean;
  /** Events whose link and hash were confirmed (all of them when ok). */
  checked: number;
  firstBroken: BrokenLink | null;
  /** The last verified event: anchoring it elsewhere also detects removal of the newest events. */
  head: { id: number; hash: string } | null;
}

const BATCH = 1000;

/**
 * Recomputes the whole chain in id order, in batches (memory stays flat for any log size),
 * and stops at the first broken link: an edited row fails its own hash, a removed row breaks
 * the next row's prevHash (`missing-link` when the ids skip).
 */
export async function verifyAudit(db: DbOrTx): Promise<AuditVerification> {
  let cursor = chainStart();
  let checked = 0;
  let afterId = 0;
  for (;;) {
    const rows = await auditEventsAfter(db, afterId, BATCH);
    if (rows.length === 0) break;
    const { broken, cursor: next } = await checkChain(rows.map(toStoredEvent), cursor);
    if (broken) {
      checked += rows.findIndex((r) => r.id === broken.id);
      return { ok: false, checked, firstBroken: broken, head: headOf(next) };
    }
    checked += rows.length;
    cursor = next;
    afterId = rows[rows.length - 1].id;
  }
  return { ok: true, checked, firstBroken: null, head: headOf(cursor) };
}

const headOf = (c: { prevId: number | null; prevHash: string }) => (c.prevId === null ? null : { id: c.prevId, hash: c.prevHash });
