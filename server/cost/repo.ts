import { and, desc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../drizzle/client';
import { budgetAlerts, budgets, costLedger, rateCards, type LedgerKind } from '../../drizzle/schema';
import type { Rates } from '../../domain/cost/pricing';

/** Cost rows: rate card versions, budgets, the idempotent ledger and fired alerts. */
export type RateCardRow = typeof rateCards.$inferSelect;
export type BudgetRow = typeof budgets.$inferSelect;
export type LedgerRow = typeof costLedger.$inferSelect;

/** Workspace id of the default card: what a workspace without a card of its own is priced with. */
export const DEFAULT_CARD_WORKSPACE = '';

/** The workspace's cards and the default ones (a workspace never reads another workspace's card). */
const cardsOf = (workspaceId: string) => inArray(rateCards.workspaceId, [workspaceId, DEFAULT_CARD_WORKSPACE]);

/**
 * The card pricing `workspaceId` at `at`: the workspace's highest version in force then, else the
 * default card's (so a new workspace starts from the default card, and follows it, until its
 * admin sets one of its own).
 */
export async function rateCardAt(db: DbOrTx, workspaceId: string, at: Date): Promise<RateCardRow | undefined> {
  const [row] = await db
    .select()
    .from(rateCards)
    .where(and(cardsOf(workspaceId), lte(rateCards.effectiveFrom, at)))
    .orderBy(desc(sql`${rateCards.workspaceId} = ${workspaceId}`), desc(rateCards.version))
    .limit(1);
  return row;
}

export async function rateCardById(db: DbOrTx, id: string): Promise<RateCardRow | undefined> {
  const [row] = await db.select().from(rateCards).where(eq(rateCards.id, id));
  return row;
}

/** The workspace's card versions and the default card's, newest first. */
export async function listRateCards(db: DbOrTx, workspaceId: string): Promise<RateCardRow[]> {
  return db.select().from(rateCards).where(cardsOf(workspaceId)).orderBy(desc(rateCards.version));
}

/**
 * Inserts the workspace's next version: numbered after both its own and the default cards (so
 * the versions a workspace lists never repeat); racing inserts fail on (workspace_id, version).
 */
export async function insertRateCard(
  db: DbOrTx,
  card: { id: string; workspaceId: string; rates: Rates; currency: string; effectiveFrom?: Date; createdBy: string },
): Promise<RateCardRow> {
  const [row] = await db
    .insert(rateCards)
    .values({ ...card, version: sql`(select coalesce(max(version), 0) + 1 from rate_cards where workspace_id in (${card.workspaceId}, ${DEFAULT_CARD_WORKSPACE}))` })
    .returning();
  return row;
}

export async function listBudgets(db: DbOrTx, workspaceId?: string): Promise<BudgetRow[]> {
  return db.select().from(budgets).where(workspaceId ? eq(budgets.workspaceId, workspaceId) : undefined).orderBy(budgets.workspaceId, budgets.userId);
}

export async function budgetsFor(db: DbOrTx, workspaceId: string, userId: string): Promise<BudgetRow[]> {
  return db.select().from(budgets).where(and(eq(budgets.workspaceId, workspaceId), inArray(budgets.userId, ['', userId])));
}

export async function upsertBudget(db: DbOrTx, b: { workspaceId: string; userId: string; monthlyLimitNano: number; updatedBy: string }): Promise<void> {
  await db
    .insert(budgets)
    .values(b)
    .onConflictDoUpdate({ target: [budgets.workspaceId, budgets.userId], set: { monthlyLimitNano: b.monthlyLimitNano, updatedBy: b.updatedBy, updatedAt: new Date() } });
}

export async function deleteBudget(db: DbOrTx, workspaceId: string, userId: string): Promise<void> {
  await db.delete(budgets).where(and(eq(budgets.workspaceId, workspaceId), eq(budgets.userId, userId)));
}

/** Inserts one ledger entry unless its idempotency key exists; returns the stored entry either way. */
export async function appendLedger(
  db: DbOrTx,
  e: { idempotencyKey: string; workspaceId: string; userId: string; runId?: string | null; nodeId?: string | null; kind: LedgerKind; amountNano: number; details?: Record<string, unknown> },
): Promise<{ entry: LedgerRow; inserted: boolean }> {
  const [row] = await db.insert(costLedger).values(e).onConflictDoNothing({ target: costLedger.idempotencyKey }).returning();
  if (row) return { entry: row, inserted: true };
  const [existing] = await db.select().from(costLedger).where(eq(costLedger.idempotencyKey, e.idempotencyKey));
  return { entry: existing, inserted: false };
}

export async function ledgerOfRun(db: DbOrTx, runId: string): Promise<LedgerRow[]> {
  return db.select().from(costLedger).where(eq(costLedger.runId, runId)).orderBy(costLedger.id);
}

/**
 * Charges since `since` and open reservations (reservations + their releases, any month) of a
 * workspace, or of one user in it when `userId` is given.
 */
export async function spendOf(db: DbOrTx, workspaceId: string, userId: string | null, since: Date): Promise<{ spentNano: number; reservedNano: number }> {
  const scope = and(eq(costLedger.workspaceId, workspaceId), userId ? eq(costLedger.userId, userId) : undefined);
  const [r] = await db
    .select({
      spent: sql<string>`coalesce(sum(${costLedger.amountNano}) filter (where ${costLedger.kind} = 'charge' and ${costLedger.at} >= ${since.toISOString()}::timestamptz), 0)`,
      reserved: sql<string>`coalesce(sum(${costLedger.amountNano}) filter (where ${costLedger.kind} in ('reservation', 'release')), 0)`,
    })
    .from(costLedger)
    .where(scope);
  return { spentNano: Number(r.spent), reservedNano: Number(r.reserved) };
}

/** Records an alert once; true when this call recorded it. */
export async function insertAlertOnce(db: DbOrTx, a: typeof budgetAlerts.$inferInsert): Promise<boolean> {
  const rows = await db.insert(budgetAlerts).values(a).onConflictDoNothing().returning({ t: budgetAlerts.threshold });
  return rows.length > 0;
}

export async function listAlerts(db: DbOrTx, workspaceId?: string, since?: Date) {
  return db
    .select()
    .from(budgetAlerts)
    .where(and(workspaceId ? eq(budgetAlerts.workspaceId, workspaceId) : undefined, since ? gte(budgetAlerts.at, since) : undefined))
    .orderBy(desc(budgetAlerts.at))
    .limit(200);
}

/** Serialises budget checks of one workspace until the end of the transaction. */
export async function lockBudget(tx: DbOrTx, workspaceId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${'budget:' + workspaceId}))`);
}
