import { canonicalJson } from '../versioning/canonical';
import type { AuditHashInput, StoredAuditEvent } from './events';
import { GENESIS_HASH } from './events';

/**
 * The hash chain: hash = sha256(canonicalJson({prevHash, at, actor, action, objectType,
 * objectId, details, origin})), lowercase hex, WebCrypto so it runs anywhere. Changing any
 * field of a stored event changes its hash; removing an event breaks the next one's prevHash.
 */
export async function auditHash(e: AuditHashInput): Promise<string> {
  const content = {
    prevHash: e.prevHash,
    at: e.at,
    actor: e.actor,
    action: e.action,
    objectType: e.objectType ?? null,
    objectId: e.objectId ?? null,
    details: e.details,
    origin: e.origin,
  };
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(canonicalJson(content)));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export type BrokenReason = 'hash-mismatch' | 'prev-mismatch' | 'missing-link';
export interface BrokenLink {
  id: number;
  reason: BrokenReason;
  expected: string;
  actual: string;
}

/** Where a verification pass stands between batches (events arrive in id order). */
export interface ChainCursor {
  prevId: number | null;
  prevHash: string;
}
export const chainStart = (): ChainCursor => ({ prevId: null, prevHash: GENESIS_HASH });

/**
 * Checks events (ascending id) continuing from `cursor`: first the link (prevHash must be the
 * previous event's stored hash; with an id gap in between the reason is `missing-link`, since
 * sequence gaps alone are normal after rolled-back transactions), then the event's own hash.
 * Returns the first broken link, or the cursor to continue from.
 */
export async function checkChain(events: StoredAuditEvent[], cursor: ChainCursor): Promise<{ broken: BrokenLink | null; cursor: ChainCursor }> {
  let { prevId, prevHash } = cursor;
  for (const e of events) {
    if (e.prevHash !== prevHash) {
      const gap = prevId === null ? e.id !== 1 : e.id !== prevId + 1;
      return { broken: { id: e.id, reason: gap ? 'missing-link' : 'prev-mismatch', expected: prevHash, actual: e.prevHash }, cursor: { prevId, prevHash } };
    }
    const recomputed = await auditHash(e);
    if (recomputed !== e.hash) return { broken: { id: e.id, reason: 'hash-mismatch', expected: recomputed, actual: e.hash }, cursor: { prevId, prevHash } };
    prevId = e.id;
    prevHash = e.hash;
  }
  return { broken: null, cursor: { prevId, prevHash } };
}
