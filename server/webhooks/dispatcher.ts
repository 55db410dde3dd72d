import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Db } from '../../drizzle/client';
import { webhookDeliveries, webhooks, type DeliveryAttempt } from '../../drizzle/schema';
import { backoffMs, MAX_ATTEMPTS, signedHeaders } from './signing';
import { openSecret } from './secret-box';
import { ServiceError } from '../errors';
import { postWebhook } from './post';
import { checkWebhookTarget, privateTargetsAllowed, type Resolve } from './target';

/**
 * Sends due webhook deliveries. A batch is claimed in one short transaction (FOR UPDATE SKIP
 * LOCKED, then its due time pushed one lease ahead), so several server processes never send
 * the same attempt twice, and a process that dies mid-attempt leaves the delivery to be
 * retried when the lease runs out. Clock, randomness and DNS are injectable for tests.
 */
export interface DispatcherDeps {
  db: Db;
  /** DNS for the target check and the connection (default: the system resolver). */
  resolve?: Resolve;
  /** Default: STUDIO_WEBHOOK_ALLOW_PRIVATE=1. */
  allowPrivate?: boolean;
  /** Test seam only: replaces the guarded POST (and with it the connect-time address check). */
  fetch?: typeof fetch;
  now?: () => Date;
  random?: () => number;
  /** Per attempt; a slower receiver counts as failed. */
  timeoutMs?: number;
}

const LEASE_MS = 60_000;
const DEFAULT_TIMEOUT_MS = 10_000;
const BATCH = 20;

type Claimed = { d: typeof webhookDeliveries.$inferSelect; url: string; secret: string; disabled: boolean };

async function claimDue(deps: DispatcherDeps, now: Date): Promise<Claimed[]> {
  return deps.db.transaction(async (tx) => {
    const rows = await tx
      .select({ d: webhookDeliveries, url: webhooks.url, secret: webhooks.secret, disabledAt: webhooks.disabledAt })
      .from(webhookDeliveries)
      .innerJoin(webhooks, eq(webhooks.id, webhookDeliveries.webhookId))
      .where(and(eq(webhookDeliveries.status, 'pending'), lte(webhookDeliveries.nextAttemptAt, now)))
      .orderBy(asc(webhookDeliveries.nextAttemptAt))
      .limit(BATCH)
      .for('update', { of: webhookDeliveries, skipLocked: true });
    if (rows.length) {
      await tx
        .update(webhookDeliveries)
        .set({ nextAttemptAt: new Date(now.getTime() + LEASE_MS) })
        .where(inArray(webhookDeliveries.id, rows.map((r) => r.d.id)));
    }
    return rows.map((r) => ({ d: r.d, url: r.url, secret: r.secret, disabled: r.disabledAt !== null }));
  });
}

async function fetchStatus(f: typeof fetch, url: URL, init: RequestInit): Promise<{ status: number }> {
  const res = await f(url, init);
  await res.body?.cancel().catch(() => {});
  return { status: res.status };
}

async function post(deps: DispatcherDeps, c: Claimed, now: Date): Promise<{ status: number | null; error: string | null }> {
  if (c.disabled) return { status: null, error: 'the webhook was deleted' };
  const body = JSON.stringify({ id: c.d.id, ...c.d.payload });
  try {
    // A secret that cannot be opened or a forbidden target is this attempt's recorded error.
    const headers = signedHeaders({ secret: openSecret(c.secret), deliveryId: c.d.id, event: c.d.event, timestampSeconds: Math.floor(now.getTime() / 1000), body });
    const url = new URL(c.url);
    const allowPrivate = deps.allowPrivate ?? privateTargetsAllowed();
    await checkWebhookTarget(url, allowPrivate, deps.resolve); // a clear error for a name that no longer resolves
    // The connection re-checks the addresses it actually uses (DNS rebinding between the two).
    const timeoutMs = deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const res = deps.fetch
      ? await fetchStatus(deps.fetch, url, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) })
      : await postWebhook(url, { headers, body, allowPrivate, resolve: deps.resolve, timeoutMs });
    return { status: res.status, error: res.status >= 200 && res.status < 300 ? null : `HTTP ${res.status}` };
  } catch (e) {
    const cause = e instanceof ServiceError ? e.code : (e as { cause?: { code?: string }; code?: string }).cause?.code ?? (e as { code?: string }).code;
    return { status: null, error: (e instanceof Error ? e.message : String(e)) + (cause ? ` (${cause})` : '') };
  }
}

async function attempt(deps: DispatcherDeps, c: Claimed, now: Date): Promise<void> {
  const started = Date.now();
  const { status, error } = await post(deps, c, now);
  const at = deps.now?.() ?? new Date();
  const attempts = c.d.attempts + 1;
  const entry: DeliveryAttempt = { at: at.toISOString(), status, error, ms: Date.now() - started };
  const delivered = error === null;
  const final = delivered || c.disabled || attempts >= MAX_ATTEMPTS;
  await deps.db
    .update(webhookDeliveries)
    .set({
      status: delivered ? 'delivered' : final ? 'failed' : 'pending',
      attempts,
      lastStatus: status,
      lastError: error,
      attemptLog: sql`${webhookDeliveries.attemptLog} || ${JSON.stringify([entry])}::jsonb`,
      deliveredAt: delivered ? at : null,
      nextAttemptAt: final ? at : new Date(at.getTime() + backoffMs(attempts, (deps.random ?? Math.random)())),
    })
    .where(eq(webhookDeliveries.id, c.d.id));
}

/** Sends every delivery due now (one batch); returns how many were attempted. */
export async function processDueDeliveries(deps: DispatcherDeps): Promise<number> {
  const now = deps.now?.() ?? new Date();
  const claimed = await claimDue(deps, now);
  await Promise.all(claimed.map((c) => attempt(deps, c, now)));
  return claimed.length;
}

/** The process's dispatcher: a timer for retries and other processes' events, kicked on local ones. */
type Running = { timer: NodeJS.Timeout; kick: () => void };
const g = globalThis as { __studioWebhookDispatcher?: Running };

export function startWebhookDispatcher(deps: DispatcherDeps, intervalMs = 2_000): void {
  if (g.__studioWebhookDispatcher) return;
  let busy = false;
  let again = false;
  const tick = async () => {
    if (busy) return void (again = true);
    busy = true;
    try {
      while ((await processDueDeliveries(deps)) > 0);
    } catch (e) {
      console.error('webhook dispatch failed', e);
    } finally {
      busy = false;
      if (again) {
        again = false;
        void tick();
      }
    }
  };
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  g.__studioWebhookDispatcher = { timer, kick: () => void setTimeout(() => void tick(), 0) };
}

export function stopWebhookDispatcher(): void {
  clearInterval(g.__studioWebhookDispatcher?.timer);
  g.__studioWebhookDispatcher = undefined;
}

/** A run ended in this process (after its transaction committed): send without waiting for the timer. */
export function kickWebhookDispatcher(): void {
  g.__studioWebhookDispatcher?.kick();
}
