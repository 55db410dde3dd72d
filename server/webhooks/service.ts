import { randomBytes } from 'node:crypto';
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../../drizzle/client';
import { pipelineVersions, runs, webhookDeliveries, webhooks, type WebhookEvent } from '../../drizzle/schema';
import { ServiceError } from '../errors';
import { newId } from '../ids';
import { audited } from '../audit/service';
import type { ServiceDeps } from '../context';
import { sealSecret, shownPart } from './secret-box';
import { checkWebhookTarget } from './target';

/**
 * Workspace webhooks (administered with `webhook.manage`) and the enqueueing of their
 * deliveries. A run reaching an end state enqueues one delivery per subscribed webhook in the
 * transaction that writes that state (executors/recorder.ts), so an event is never lost nor
 * sent for a status that rolled back; webhooks-dispatcher.ts POSTs them.
 */
type Deps = Pick<ServiceDeps, 'db' | 'audit'>;
const SECRET_PREFIX = 'whsec_';
/** Characters of a secret the admin list shows. */
const SHOWN = SECRET_PREFIX.length + 4;

export type WebhookRow = typeof webhooks.$inferSelect;

export function webhookDto(w: WebhookRow) {
  return {
    id: w.id,
    url: w.url,
    events: w.events,
    /** Enough of the secret to tell two apart; the whole secret is shown once, at creation. */
    secretPrefix: shownPart(w.secret, SHOWN),
    createdBy: w.createdBy,
    createdAt: w.createdAt.toISOString(),
    disabledAt: w.disabledAt?.toISOString() ?? null,
  };
}

/** http(s) only, no credentials in the URL (they would show in the admin list). */
function checkUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ServiceError('BAD_REQUEST', 'the webhook URL is not a valid URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ServiceError('BAD_REQUEST', 'the webhook URL must be http(s)');
  if (url.username || url.password) throw new ServiceError('BAD_REQUEST', 'put no credentials in the webhook URL; verify the signature instead');
  return url.toString();
}

export async function createWebhook(deps: Deps, args: { workspaceId: string; url: string; events: WebhookEvent[]; createdBy: string }) {
  const url = checkUrl(args.url);
  await checkWebhookTarget(new URL(url));
  const secret = SECRET_PREFIX + randomBytes(32).toString('base64url');
  const row = await audited(
    deps,
    async (tx) => {
      const [w] = await tx
        .insert(webhooks)
        .values({ id: newId('wh'), workspaceId: args.workspaceId, url, secret: sealSecret(secret, secret.slice(0, SHOWN)), events: [...new Set(args.events)], createdBy: args.createdBy })
        .returning();
      return w;
    },
    (w) => ({ action: 'webhook.created', objectType: 'webhook', objectId: w.id, details: { workspaceId: w.workspaceId, events: w.events } }),
  );
  return { webhook: webhookDto(row), secret };
}

export async function listWebhooks(deps: Pick<ServiceDeps, 'db'>, workspaceId: string) {
  const rows = await deps.db.select().from(webhooks).where(eq(webhooks.workspaceId, workspaceId)).orderBy(desc(webhooks.createdAt));
  return rows.map(webhookDto);
}

/** Disables the webhook (its delivery log stays); pending deliveries fail at their next attempt. */
export async function deleteWebhook(deps: Deps, args: { workspaceId: string; id: string }) {
  const row = await audited(
    deps,
    async (tx) => {
      const [w] = await tx
        .update(webhooks)
        .set({ disabledAt: new Date() })
        .where(and(eq(webhooks.id, args.id), eq(webhooks.workspaceId, args.workspaceId), isNull(webhooks.disabledAt)))
        .returning();
      return w ?? null;
    },
    (w) => (w ? { action: 'webhook.deleted', objectType: 'webhook', objectId: w.id, details: { workspaceId: w.workspaceId } } : null),
  );
  if (!row) throw new ServiceError('NOT_FOUND', `no active webhook ${args.id} in this workspace`);
  return webhookDto(row);
}

/** The delivery log of a workspace (newest first), optionally of one webhook. */
export async function listDeliveries(deps: Pick<ServiceDeps, 'db'>, args: { workspaceId: string; webhookId?: string; limit?: number }) {
  const rows = await deps.db
    .select({ d: webhookDeliveries, url: webhooks.url })
    .from(webhookDeliveries)
    .innerJoin(webhooks, eq(webhooks.id, webhookDeliveries.webhookId))
    .where(and(eq(webhooks.workspaceId, args.workspaceId), args.webhookId ? eq(webhooks.id, args.webhookId) : undefined))
    .orderBy(desc(webhookDeliveries.createdAt))
    .limit(Math.min(Math.max(args.limit ?? 100, 1), 500));
  return rows.map(({ d, url }) => ({
    id: d.id,
    webhookId: d.webhookId,
    url,
    event: d.event,
    runId: d.runId,
    status: d.status,
    attempts: d.attempts,
    attemptLog: d.attemptLog,
    nextAttemptAt: d.status === 'pending' ? d.nextAttemptAt.toISOString() : null,
    lastStatus: d.lastStatus,
    lastError: d.lastError,
    deliveredAt: d.deliveredAt?.toISOString() ?? null,
    createdAt: d.createdAt.toISOString(),
  }));
}

const EVENT_OF: Partial<Record<string, WebhookEvent>> = { succeeded: 'run.finished', failed: 'run.failed', cancelled: 'run.cancelled' };

/**
 * Inside the transaction that set run `runId` to `status`: one pending delivery per active
 * webhook of the run's workspace subscribed to the event. Idempotent (unique per webhook,
 * event and run). Returns how many were enqueued.
 */
export async function enqueueRunEvent(tx: DbOrTx, runId: string, status: string): Promise<number> {
  const event = EVENT_OF[status];
  if (!event) return 0;
  const [run] = await tx
    .select({ run: runs, pipelineId: pipelineVersions.pipelineId })
    .from(runs)
    .innerJoin(pipelineVersions, eq(pipelineVersions.id, runs.pipelineVersionId))
    .where(eq(runs.id, runId));
  if (!run) return 0;
  const hooks = (await tx.select().from(webhooks).where(and(eq(webhooks.workspaceId, run.run.workspaceId), isNull(webhooks.disabledAt)))).filter((h) =>
    h.events.includes(event),
  );
  if (!hooks.length) return 0;
  const r = run.run;
  const payload = {
    event,
    run: {
      id: r.id,
      status: r.status,
      pipelineId: run.pipelineId,
      versionId: r.pipelineVersionId,
      scanId: r.scanId,
      error: r.error ? { code: r.error.code, message: r.error.message } : null,
      finishedAt: r.finishedAt?.toISOString() ?? null,
      outputs: r.artifacts.map((a) => ({ name: a.name, mediaType: a.mediaType, sha256: a.sha256, size: a.size })),
    },
  };
  const inserted = await tx
    .insert(webhookDeliveries)
    .values(hooks.map((h) => ({ id: newId('whd'), webhookId: h.id, event, runId, payload })))
    .onConflictDoNothing()
    .returning({ id: webhookDeliveries.id });
  return inserted.length;
}
