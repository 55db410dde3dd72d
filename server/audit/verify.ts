import { chainStart, checkChain, type BrokenLink, type ChainKey } from '../../domain/audit/chain';
import { checkpointMatcher, type CheckpointFailure } from '../../domain/audit/checkpoint';
import type { DbOrTx } from '../../drizzle/client';
import { auditEventsAfter, toStoredEvent } from './repo';
import { readCheckpoints } from './checkpoint';

/** One problem found, with a stable `code` (see BROKEN_CODES and CheckpointFailure). */
export interface AuditFailure {
  code: string;
  message: string;
  /** The first bad event (or the checkpoint head that is gone). */
  id?: number;
  /** Ids that are gone (truncation, wipe, deletion behind a checkpoint). */
  missing?: { fromId: number; toId: number };
  checkpoint?: string;
}

export interface AuditVerification {
  ok: boolean;
  /** Events whose link and hash/MAC were confirmed (all of them when the chain is intact). */
  checked: number;
  /** The first event that fails its link, hash or MAC. */
  firstBroken: BrokenLink | null;
  /** Every problem: the broken event, checkpoints the chain contradicts, invalid checkpoint files. */
  failures: AuditFailure[];
  /** The last verified event. */
  head: { id: number; hash: string } | null;
  keyId: string;
  checkpoints: { valid: number; invalid: number; latestAt: string | null };
}

const BATCH = 1000;

/**
 * Recomputes the whole chain in id order, in batches (memory stays flat for any log size):
 * legacy events by their SHA-256, keyed ones by their HMAC. Stops at the first broken event
 * (an edited or re-chained event fails its MAC, a removed one breaks the next link), and compares
 * the chain with every signed checkpoint in `checkpointDir` (truncation, wipe, a swapped prefix).
 */
export async function verifyAudit(db: DbOrTx, key: ChainKey, checkpointDir: string): Promise<AuditVerification> {
  const cps = await readCheckpoints(key, checkpointDir);
  const failures: AuditFailure[] = cps.invalid.map((f) => ({ code: 'CHECKPOINT_INVALID', checkpoint: f.file, message: `${f.file}: ${f.message}` }));
  const keyedFrom = cps.valid.reduce<number | null>((m, c) => (c.firstKeyedId === null ? m : Math.min(m ?? c.firstKeyedId, c.firstKeyedId)), null);
  const matcher = checkpointMatcher(cps.valid);
  let cursor = chainStart();
  let checked = 0;
  let afterId = 0;
  let firstBroken: BrokenLink | null = null;
  for (;;) {
    const rows = (await auditEventsAfter(db, afterId, BATCH)).map(toStoredEvent);
    if (rows.length === 0) break;
    const r = await checkChain(rows, cursor, key, keyedFrom);
    const good = r.broken ? rows.slice(0, rows.findIndex((e) => e.id === r.broken!.id)) : rows;
    for (const e of good) matcher.event(e.id, e.hash);
    checked += good.length;
    cursor = r.cursor;
    if (r.broken) {
      firstBroken = r.broken;
      break;
    }
    afterId = rows[rows.length - 1].id;
  }
  if (firstBroken) {
    const b = firstBroken;
    const missing = b.reason === 'missing-link' ? { fromId: (cursor.prevId ?? 0) + 1, toId: b.id - 1 } : undefined;
    failures.unshift({ code: b.code, id: b.id, ...(missing ? { missing } : {}), message: `event #${b.id}: ${b.reason}` });
    failures.push(...matcher.failures.map(fromCheckpoint));
  } else {
    failures.push(...matcher.end(cursor.prevId).map(fromCheckpoint));
  }
  const head = cursor.prevId === null ? null : { id: cursor.prevId, hash: cursor.prevHash };
  const latestAt = cps.valid.map((c) => c.at).sort().at(-1) ?? null;
  return { ok: failures.length === 0, checked, firstBroken, failures, head, keyId: key.id, checkpoints: { valid: cps.valid.length, invalid: cps.invalid.length, latestAt } };
}

const fromCheckpoint = (f: CheckpointFailure): AuditFailure => ({
  code: f.code,
  message: f.message,
  checkpoint: f.checkpointAt,
  ...(f.id !== undefined ? { id: f.id } : {}),
  ...(f.missing ? { missing: f.missing } : {}),
});
