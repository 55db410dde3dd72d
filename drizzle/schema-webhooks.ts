import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { workspaces } from './schema-auth';

/**
 * Outgoing webhooks of a workspace and their delivery log. The secret is the HMAC-SHA256 key
 * receivers verify signatures with, so it is stored as is (it cannot be a hash) and shown to
 * the admin once, at creation. Deleting a webhook disables it (its deliveries stay listed).
 */
const tz = (name: string) => timestamp(name, { withTimezone: true });

export const WEBHOOK_EVENTS = ['run.finished', 'run.failed', 'run.cancelled'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
/** One POST attempt as the admin's delivery log shows it (`status` null: no HTTP response). */
export type DeliveryAttempt = { at: string; status: number | null; error: string | null; ms: number };

export const webhooks = pgTable(
  'webhooks',
  {
    id: text('id').primaryKey(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id),
    url: text('url').notNull(),
    secret: text('secret').notNull(),
    events: jsonb('events').$type<WebhookEvent[]>().notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: tz('created_at').defaultNow().notNull(),
    disabledAt: tz('disabled_at'),
  },
  (t) => [index('webhooks_workspace_idx').on(t.workspaceId)],
);

export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: text('id').primaryKey(),
    webhookId: text('webhook_id')
      .notNull()
      .references(() => webhooks.id),
    event: text('event').$type<WebhookEvent>().notNull(),
    runId: text('run_id').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    status: text('status').$type<DeliveryStatus>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    /** Due time of the next attempt; while an attempt is in flight, the end of its lease. */
    nextAttemptAt: tz('next_attempt_at').defaultNow().notNull(),
    lastStatus: integer('last_status'),
    lastError: text('last_error'),
    attemptLog: jsonb('attempt_log').$type<DeliveryAttempt[]>().notNull().default([]),
    deliveredAt: tz('delivered_at'),
    createdAt: tz('created_at').defaultNow().notNull(),
  },
  (t) => [
    // A run's end is announced once per webhook, however often its status is written.
    unique('webhook_deliveries_once').on(t.webhookId, t.event, t.runId),
    index('webhook_deliveries_due_idx').on(t.status, t.nextAttemptAt),
    index('webhook_deliveries_webhook_idx').on(t.webhookId, t.createdAt),
    check('webhook_deliveries_status_check', sql`${t.status} in ('pending', 'delivered', 'failed')`),
  ],
);
