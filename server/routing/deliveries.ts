import { and, eq, inArray, lte, notInArray, sql } from 'drizzle-orm';
import type { Db } from '../../drizzle/client';
import { routingDeliveries } from '../../drizzle/schema';
import { appendAudit, systemEvent } from '../audit/service';
import type { BlobStore } from '../blobs/store';
import { backoffMs } from '../webhooks/signing';
import { instancesOf } from './artifact-instances';
import { senderFor, type SenderRegistry } from './senders';
import { openDestination } from './sealed-headers';

/**
 * The delivery queues: one per destination (destination_key). A claim takes, per destination,
 * at most PER_DESTINATION due deliveries (the oldest first), locked FOR UPDATE SKIP LOCKED and
 * pushed one lease ahead, so processes never send the same attempt twice and one that dies
 * mid-attempt leaves it to be retried when the lease runs out. Queues advance independently: a
 * destination that fails or hangs (each attempt has a timeout) only delays its own queue.
 */
export const MAX_DELIVERY_ATTEMPTS = 5;
const PER_DESTINATION = 4;
const BATCH = 50;

export interface DeliveryDeps {
  db: Db;
  blobs: Pick<BlobStore, 'read'>;
  /** Per attempt, milliseconds. */
  timeoutMs: number;
  random?: () => number;
  /** Senders by destination kind, over the registry's (tests). */
  senders?: SenderRegistry;
}

export type ClaimedDelivery = typeof routingDeliveries.$inferSelect;

const DUE_STATES = ['queued', 'failed', 'sending'] as const;

/** Claims due deliveries, skipping the queues of `busy` destinations (this process is sending to them already). */
export async function claimDeliveries(deps: Pick<DeliveryDeps, 'db' | 'timeoutMs'>, now: Date, busy: string[] = []): Promise<ClaimedDelivery[]> {
  return deps.db.transaction(async (tx) => {
    const ranked = tx
      .select({ id: routingDeliveries.id, rn: sql<number>`row_number() over (partition by ${routingDeliveries.destinationKey} order by ${routingDeliveries.nextAttemptAt}, ${routingDeliveries.id})`.as('rn') })
      .from(routingDeliveries)
      .where(and(inArray(routingDeliveries.state, [...DUE_STATES]), lte(routingDeliveries.nextAttemptAt, now), busy.length ? notInArray(routingDeliveries.destinationKey, busy) : undefined))
      .as('ranked');
    const ids = tx.select({ id: ranked.id }).from(ranked).where(lte(ranked.rn, PER_DESTINATION));
    const rows = await tx
      .select()
      .from(routingDeliveries)
      .where(and(inArray(routingDeliveries.id, ids), inArray(routingDeliveries.state, [...DUE_STATES]), lte(routingDeliveries.nextAttemptAt, now)))
      .limit(BATCH)
      .for('update', { skipLocked: true });
    if (rows.length) {
      await tx
        .update(routingDeliveries)
        .set({ state: 'sending', nextAttemptAt: new Date(now.getTime() + deps.timeoutMs + 60_000) })
        .where(inArray(routingDeliveries.id, rows.map((r) => r.id)));
    }
    return rows;
  });
}

async function send(deps: DeliveryDeps, d: ClaimedDelivery): Promise<string | null> {
  const sender = senderFor(d.destination, deps.senders);
  if (!sender) return `no sender for ${d.destination.kind} destinations is installed in this studio`;
  try {
    const instances = await instancesOf(deps.blobs, d);
    const out = await sender(openDestination(d.destination), instances, { signal: AbortSignal.timeout(deps.timeoutMs), timeoutMs: deps.timeoutMs });
    return out.ok ? null : out.error ?? 'refused';
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** One attempt; then sent, failed (retried after a backoff with jitter) or, after the last attempt, dead. */
export async function attemptDelivery(deps: DeliveryDeps, d: ClaimedDelivery): Promise<ClaimedDelivery['state']> {
  const error = await send(deps, d);
  const at = new Date();
  const attempts = d.attempts + 1;
  const state = error === null ? 'sent' : attempts >= MAX_DELIVERY_ATTEMPTS ? 'dead' : 'failed';
  await deps.db.transaction(async (tx) => {
    await tx
      .update(routingDeliveries)
      .set({
        state,
        attempts,
        lastError: error === null ? null : error.slice(0, 2000),
        sentAt: error === null ? at : null,
        nextAttemptAt: state === 'failed' ? new Date(at.getTime() + backoffMs(attempts, (deps.random ?? Math.random)())) : at,
      })
      .where(and(eq(routingDeliveries.id, d.id), eq(routingDeliveries.state, 'sending')));
    if (state === 'dead') {
      await appendAudit(tx, systemEvent(d.workspaceId, {
        action: 'routing.delivery-dead',
        objectType: 'routing-delivery',
        objectId: d.id,
        details: { destinationKey: d.destinationKey, attempts, runId: d.runId },
      }));
    }
  });
  return state;
}

/** Claims and sends every due delivery, waiting for the attempts (tests and the CLI; the studio's worker does not wait). */
export async function deliverDue(deps: DeliveryDeps, now: Date): Promise<{ attempted: number; states: ClaimedDelivery['state'][] }> {
  const claimed = await claimDeliveries(deps, now);
  const states = await Promise.all(claimed.map((d) => attemptDelivery(deps, d)));
  return { attempted: claimed.length, states };
}
