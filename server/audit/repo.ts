import { DEFAULT_WORKSPACE_ID } from '../../domain/auth/permissions';
import { and, asc, desc, eq, gt, gte, lt, lte, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../drizzle/client';
import { auditEvents } from '../../drizzle/schema';
import type { StoredAuditEvent } from '../../domain/audit/events';

/** audit_events is append-only (database trigger): this module only inserts and reads. */
export type AuditRow = typeof auditEvents.$inferSelect;

/**
 * Key of the transaction-scoped advisory lock serialising appends across connections and
 * processes (studio, CLI, Temporal workers): each append reads the chain head after taking it,
 * so the chain stays linear and ids ascend in chain order. Released at commit/rollback.
 */
const AUDIT_CHAIN_LOCK = 0x61756469; // 'audi'

export async function lockAuditChain(tx: DbOrTx): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`);
}

/** The chain head for a checkpoint: last id and hash, number of events, first keyed id. */
export async function auditHead(tx: DbOrTx): Promise<{ last: AuditRow | undefined; count: number; firstKeyedId: number | null }> {
  const [last] = await tx.select().from(auditEvents).orderBy(desc(auditEvents.id)).limit(1);
  const [agg] = await tx
    .select({ count: sql<string>`count(*)`, firstKeyedId: sql<string | null>`min(${auditEvents.id}) filter (where ${auditEvents.keyId} is not null)` })
    .from(auditEvents);
  return { last, count: Number(agg.count), firstKeyedId: agg.firstKeyedId === null ? null : Number(agg.firstKeyedId) };
}

export async function lastAuditHash(tx: DbOrTx): Promise<string | undefined> {
  const [row] = await tx.select({ hash: auditEvents.hash }).from(auditEvents).orderBy(desc(auditEvents.id)).limit(1);
  return row?.hash;
}

export async function insertAuditEvent(tx: DbOrTx, row: Omit<typeof auditEvents.$inferInsert, 'id'>): Promise<AuditRow> {
  const [stored] = await tx.insert(auditEvents).values(row).returning();
  return stored;
}

/** The row as the chain hashes it (`at` back to its ISO form). */
export function toStoredEvent(r: AuditRow): StoredAuditEvent {
  return {
    id: r.id,
    at: r.at.toISOString(),
    actor: r.actor,
    action: r.action as StoredAuditEvent['action'],
    objectType: r.objectType as StoredAuditEvent['objectType'],
    objectId: r.objectId,
    details: r.details,
    origin: r.origin,
    workspaceId: r.workspaceId,
    prevHash: r.prevHash,
    hash: r.hash,
    keyId: r.keyId,
  };
}

/** Ascending id order, after `afterId` (verification walks the chain in batches). */
export async function auditEventsAfter(db: DbOrTx, afterId: number, limit: number): Promise<AuditRow[]> {
  return db.select().from(auditEvents).where(gt(auditEvents.id, afterId)).orderBy(asc(auditEvents.id)).limit(limit);
}

export interface AuditFilter {
  /** Matches actor.id; `actorType` narrows to one kind of actor. */
  actor?: string;
  actorType?: 'system' | 'user' | 'cli' | 'key';
  action?: string;
  objectType?: string;
  objectId?: string;
  from?: Date;
  to?: Date;
  /**
   * Events of this workspace (the MAC'd workspace_id column). Legacy events (before keyed
   * chaining, no column) fall back to their origin's workspace, else the default workspace.
   * Events of no workspace (failed sign-in of an unknown email) are in no workspace's view.
   */
  workspaceId?: string;
}

function where(f: AuditFilter, beforeId?: number): SQL | undefined {
  return and(
    f.actor ? sql`${auditEvents.actor}->>'id' = ${f.actor}` : undefined,
    f.actorType ? sql`${auditEvents.actor}->>'type' = ${f.actorType}` : undefined,
    f.action ? eq(auditEvents.action, f.action) : undefined,
    f.objectType ? eq(auditEvents.objectType, f.objectType) : undefined,
    f.objectId ? eq(auditEvents.objectId, f.objectId) : undefined,
    f.from ? gte(auditEvents.at, f.from) : undefined,
    f.to ? lte(auditEvents.at, f.to) : undefined,
    f.workspaceId
      ? sql`(${auditEvents.workspaceId} = ${f.workspaceId} or (${auditEvents.keyId} is null and ${auditEvents.workspaceId} is null and coalesce(${auditEvents.origin}->>'workspaceId', ${DEFAULT_WORKSPACE_ID}) = ${f.workspaceId}))`
      : undefined,
    beforeId !== undefined ? lt(auditEvents.id, beforeId) : undefined,
  );
}

/** Newest first; keyset pagination on id (`beforeId` = the previous page's last id). */
export async function listAuditEvents(db: DbOrTx, f: AuditFilter, opts: { beforeId?: number; limit: number }): Promise<AuditRow[]> {
  return db.select().from(auditEvents).where(where(f, opts.beforeId)).orderBy(desc(auditEvents.id)).limit(opts.limit);
}
