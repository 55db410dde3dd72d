import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, pgTable, text, timestamp, unique, uniqueIndex } from 'drizzle-orm/pg-core';
import type { Rates } from '../domain/cost/pricing';

/**
 * Cost tables. Every amount is an integer number of NANO-units of the rate card's currency
 * (1e-9 USD; bigint read back as a JS number, exact below 2^53 = 9 million USD): a demo run
 * costs a few micro-dollars, which micro-units would round to zero.
 */
const tz = (name: string) => timestamp(name, { withTimezone: true });
const nano = (name: string) => bigint(name, { mode: 'number' });

/** Insert-only versions; the card in force at an instant is the newest with effective_from <= it. */
export const rateCards = pgTable('rate_cards', {
  id: text('id').primaryKey(),
  /** '' = the default card new workspaces start from; otherwise the one workspace it prices. */
  workspaceId: text('workspace_id').notNull().default(''),
  version: integer('version').notNull(),
  rates: jsonb('rates').$type<Rates>().notNull(),
  currency: text('currency').notNull().default('USD'),
  effectiveFrom: tz('effective_from').defaultNow().notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: tz('created_at').defaultNow().notNull(),
}, (t) => [unique('rate_cards_workspace_version_unique').on(t.workspaceId, t.version)]);

/** Monthly limit of a workspace (user_id '' ) or of one user in it. */
export const budgets = pgTable(
  'budgets',
  {
    workspaceId: text('workspace_id').notNull(),
    /** '' = the workspace budget (a NULL would defeat the unique key). */
    userId: text('user_id').notNull().default(''),
    monthlyLimitNano: nano('monthly_limit_nano').notNull(),
    updatedBy: text('updated_by').notNull(),
    updatedAt: tz('updated_at').defaultNow().notNull(),
  },
  (t) => [unique('budgets_scope_unique').on(t.workspaceId, t.userId), check('budgets_limit_check', sql`${t.monthlyLimitNano} >= 0`)],
);

export const LEDGER_KINDS = ['reservation', 'release', 'charge'] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

/**
 * Append-only money movements. `idempotency_key` is unique: a retried activity or a restarted
 * worker inserting the same entry again is a no-op (`on conflict do nothing`).
 * Keys: `${runId}:reserve`, `${runId}:release`, `${runId}:${nodeId}:charge`.
 */
export const costLedger = pgTable(
  'cost_ledger',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    idempotencyKey: text('idempotency_key').notNull(),
    workspaceId: text('workspace_id').notNull(),
    userId: text('user_id').notNull(),
    runId: text('run_id'),
    nodeId: text('node_id'),
    kind: text('kind').$type<LedgerKind>().notNull(),
    /** reservation > 0, release < 0 (cancels the reservation), charge >= 0. */
    amountNano: nano('amount_nano').notNull(),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    at: tz('at').defaultNow().notNull(),
  },
  (t) => [
    uniqueIndex('cost_ledger_idempotency_unique').on(t.idempotencyKey),
    index('cost_ledger_scope_at_idx').on(t.workspaceId, t.at),
    index('cost_ledger_run_idx').on(t.runId),
    check('cost_ledger_kind_check', sql`${t.kind} in ('reservation', 'release', 'charge')`),
  ],
);

/** One row per alert that fired: (workspace, user '' for the workspace budget, month, threshold). */
export const budgetAlerts = pgTable(
  'budget_alerts',
  {
    workspaceId: text('workspace_id').notNull(),
    userId: text('user_id').notNull().default(''),
    /** 'YYYY-MM' (UTC). */
    month: text('month').notNull(),
    /** 70, 90 or 100 (% of the monthly limit). */
    threshold: integer('threshold').notNull(),
    spentNano: nano('spent_nano').notNull(),
    limitNano: nano('limit_nano').notNull(),
    at: tz('at').defaultNow().notNull(),
  },
  (t) => [unique('budget_alerts_once').on(t.workspaceId, t.userId, t.month, t.threshold)],
);
