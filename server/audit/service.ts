import { auditMac } from '../../domain/audit/chain';
import {
  AuditEventInputSchema,
  GENESIS_HASH,
  SYSTEM_ACTOR,
  type Actor,
  type AuditAction,
  type AuditDetails,
  type AuditEventInput,
  type AuditObjectType,
  type Origin,
  type StoredAuditEvent,
} from '../../domain/audit/events';
import { assertSafeDetails } from '../../domain/audit/sanitize';
import type { DbOrTx } from '../../drizzle/client';
import { insertAuditEvent, lastAuditHash, lockAuditChain, toStoredEvent } from './repo';
import { auditKey } from './key';
import type { AuditContext, ServiceDeps } from '../context';
import { scopeOf } from '../auth/scope';

/** What a service records about its action (actor and origin come from the deps). */
export interface AuditRecord {
  action: AuditAction;
  objectType: AuditObjectType | null;
  objectId: string | null;
  details?: AuditDetails;
  /** The workspace acted on when it is not the caller's (the CLI naming one, a workspace just created). */
  workspaceId?: string;
}

/** The event of a service action, in the caller's workspace (the origin's, else the principal's, else the default). */
export function auditEvent(deps: Pick<ServiceDeps, 'audit' | 'principal'>, r: AuditRecord): AuditEventInput {
  const ctx = deps.audit ?? { actor: SYSTEM_ACTOR };
  const workspaceId = r.workspaceId ?? ctx.origin?.workspaceId ?? scopeOf(deps).workspaceId;
  return { actor: ctx.actor, origin: ctx.origin ?? {}, workspaceId, action: r.action, objectType: r.objectType, objectId: r.objectId, details: r.details ?? {} };
}

/** The event of what the studio did by itself (routing, executors) in one workspace. */
export const systemEvent = (workspaceId: string, r: Omit<AuditRecord, 'workspaceId'>): AuditEventInput =>
  auditEvent({ audit: { actor: SYSTEM_ACTOR, origin: { workspaceId } } }, r);

/**
 * Appends one event to the chain inside `tx`, the transaction of the action it records: if
 * that action rolls back, so does its event. The advisory lock serialises appenders until
 * commit; call this last in the transaction so the lock is held briefly. One global chain (the
 * workspace is MAC'd content, not a separate chain): one head to checkpoint, so no deletion in
 * any workspace goes unseen. The first keyed event chains onto the last legacy hash.
 */
export async function appendAudit(tx: DbOrTx, event: AuditEventInput): Promise<StoredAuditEvent> {
  const e = AuditEventInputSchema.parse(event);
  assertSafeDetails(e.details);
  const key = await auditKey();
  await lockAuditChain(tx);
  const prevHash = (await lastAuditHash(tx)) ?? GENESIS_HASH;
  const at = new Date().toISOString();
  const hash = await auditMac(key, { ...e, prevHash, at });
  return toStoredEvent(await insertAuditEvent(tx, { ...e, at: new Date(at), prevHash, hash, keyId: key.id }));
}

/**
 * Runs `work` and records its event in one transaction. `record` sees the result (ids) and
 * may return null when nothing happened (e.g. no such row).
 */
export async function audited<T>(deps: Pick<ServiceDeps, 'db' | 'audit' | 'principal'>, work: (tx: DbOrTx) => Promise<T>, record: (result: T) => AuditRecord | null): Promise<T> {
  return deps.db.transaction(async (tx) => {
    const result = await work(tx);
    const r = record(result);
    if (r) await appendAudit(tx, auditEvent(deps, r));
    return result;
  });
}

/** An event of a read-only action (view, download): its own transaction. */
export async function recordAudit(deps: Pick<ServiceDeps, 'db' | 'audit' | 'principal'>, r: AuditRecord): Promise<void> {
  await deps.db.transaction((tx) => appendAudit(tx, auditEvent(deps, r)));
}
