import { sha256Hex, toHex } from '../sha256';
import { canonicalJson } from '../versioning/canonical';
import type { AuditHashInput, StoredAuditEvent } from './events';
import { GENESIS_HASH } from './events';

const utf8 = (s: string) => new TextEncoder().encode(s);

/**
 * Legacy (unkeyed) hash of events chained before keyed chaining: sha256(canonicalJson({prevHash,
 * at, actor, action, objectType, objectId, details, origin})). Anyone can recompute it, so it
 * only detects naive edits; it is kept to verify old events (key_id null).
 */
export async function auditHash(e: Omit<AuditHashInput, 'workspaceId'>): Promise<string> {
  return sha256Hex(canonicalJson(legacyContent(e)));
}

const legacyContent = (e: Omit<AuditHashInput, 'workspaceId'>) => ({
  prevHash: e.prevHash,
  at: e.at,
  actor: e.actor,
  action: e.action,
  objectType: e.objectType ?? null,
  objectId: e.objectId ?? null,
  details: e.details,
  origin: e.origin,
});

/** A secret MAC key (never stored in the database); `id` names it in each event it chained. */
export interface ChainKey {
  id: string;
  mac(content: string): Promise<string>;
}

/** HMAC-SHA256 under `secret`; id = first 16 hex of sha256(secret) (identifies, does not reveal). */
export async function chainKey(secret: string): Promise<ChainKey> {
  const id = (await sha256Hex(secret)).slice(0, 16);
  const key = await crypto.subtle.importKey('raw', utf8(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return { id, mac: async (content) => toHex(await crypto.subtle.sign('HMAC', key, utf8(content))) };
}

/** Keyed hash: HMAC over the legacy content plus the workspace and the key id. */
export async function auditMac(key: ChainKey, e: AuditHashInput): Promise<string> {
  return key.mac(canonicalJson({ ...legacyContent(e), workspaceId: e.workspaceId ?? null, keyId: key.id }));
}

/**
 * Why an event fails: `hash-mismatch` a legacy event changed; `mac-mismatch` a keyed event changed
 * or was (re-)chained without the key; `prev-mismatch` its link does not point at the previous
 * event; `missing-link` the same with an id gap (events deleted); `unknown-key` MAC'd under a key we
 * do not hold; `unkeyed-after-keyed` a plain SHA-256 event where the chain is already keyed (a forgery).
 */
export type BrokenReason = 'hash-mismatch' | 'mac-mismatch' | 'prev-mismatch' | 'missing-link' | 'unknown-key' | 'unkeyed-after-keyed';
export const BROKEN_CODES: Record<BrokenReason, string> = {
  'hash-mismatch': 'EVENT_HASH_MISMATCH',
  'mac-mismatch': 'EVENT_MAC_MISMATCH',
  'prev-mismatch': 'CHAIN_LINK_MISMATCH',
  'missing-link': 'EVENTS_MISSING',
  'unknown-key': 'UNKNOWN_KEY',
  'unkeyed-after-keyed': 'UNKEYED_AFTER_KEYED',
};
export interface BrokenLink {
  id: number;
  reason: BrokenReason;
  code: string;
  expected: string;
  actual: string;
}

/** Where a verification pass stands between batches (events arrive in id order). */
export interface ChainCursor {
  prevId: number | null;
  prevHash: string;
  /** A keyed event was seen: every later event must be keyed too. */
  keyed: boolean;
}
export const chainStart = (): ChainCursor => ({ prevId: null, prevHash: GENESIS_HASH, keyed: false });

/**
 * Checks events (ascending id) continuing from `cursor`: first the link (prevHash must be the
 * previous event's stored hash; with an id gap in between the reason is `missing-link`, since
 * sequence gaps alone are normal after rolled-back transactions), then the event's own hash or
 * MAC. `keyedFrom`: ids from here on must be keyed (from a signed checkpoint), so a chain
 * rewritten entirely with the public legacy hash is caught too. Returns the first broken link.
 */
export async function checkChain(
  events: StoredAuditEvent[],
  cursor: ChainCursor,
  key: ChainKey | null,
  keyedFrom: number | null = null,
): Promise<{ broken: BrokenLink | null; cursor: ChainCursor }> {
  let { prevId, prevHash, keyed } = cursor;
  const stop = (id: number, reason: BrokenReason, expected: string, actual: string) => ({
    broken: { id, reason, code: BROKEN_CODES[reason], expected, actual },
    cursor: { prevId, prevHash, keyed },
  });
  for (const e of events) {
    if (e.prevHash !== prevHash) {
      const gap = prevId === null ? e.id !== 1 : e.id !== prevId + 1;
      return stop(e.id, gap ? 'missing-link' : 'prev-mismatch', prevHash, e.prevHash);
    }
    if (e.keyId === null) {
      if (keyed || (keyedFrom !== null && e.id >= keyedFrom)) return stop(e.id, 'unkeyed-after-keyed', 'a keyed event', 'plain sha256');
      const recomputed = await auditHash(e);
      if (recomputed !== e.hash) return stop(e.id, 'hash-mismatch', recomputed, e.hash);
    } else {
      if (!key || e.keyId !== key.id) return stop(e.id, 'unknown-key', key?.id ?? 'no key', e.keyId);
      const recomputed = await auditMac(key, e);
      if (recomputed !== e.hash) return stop(e.id, 'mac-mismatch', recomputed, e.hash);
      keyed = true;
    }
    prevId = e.id;
    prevHash = e.hash;
  }
  return { broken: null, cursor: { prevId, prevHash, keyed } };
}
