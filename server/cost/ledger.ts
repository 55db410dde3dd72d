import type { NodeUsage } from '../../workflows/meter';
import { randomBytes } from 'node:crypto';
import { eq, sql, and } from 'drizzle-orm';
import type { DbOrTx } from '../../drizzle/client';
import { costLedger, runNodes, runs } from '../../drizzle/schema';
import { SYSTEM_ACTOR } from '../../domain/audit/events';
import { budgetRefusal, monthOf, monthStart, refusalMessage, thresholdsReached, type BudgetState } from '../../domain/cost/budget';
import { DEFAULT_RATES, priceUsage } from '../../domain/cost/pricing';
import { ServiceError } from '../errors';
import { appendLedger, budgetsFor, DEFAULT_CARD_WORKSPACE, insertAlertOnce, insertRateCard, lockBudget, rateCardAt, rateCardById, spendOf, type RateCardRow } from './repo';
import { appendAudit } from '../audit/service';

/**
 * The money side of a run, all idempotent on ledger keys:
 * - start: `${runId}:reserve` holds the estimate (in the run-start transaction, after the
 *   budget check under a per-workspace lock);
 * - each node: `${runId}:${nodeId}:charge` = measured usage priced with the run's card (a
 *   retried activity or a restarted worker finds the key and charges nothing more);
 * - end: `${runId}:release` cancels the reservation; the run's actual = sum of its charges;
 *   alerts at 70/90/100% of a monthly budget fire once (budget_alerts row + audit event).
 */

export const rateCardId = () => `rc_${Date.now().toString(36)}${randomBytes(4).toString('hex')}`;

/**
 * The card pricing a workspace now: its own, else the default card (version 1, DEFAULT_RATES,
 * created on first use). Another workspace's card never prices this one.
 */
export async function currentRateCard(db: DbOrTx, workspaceId: string, at = new Date()): Promise<RateCardRow> {
  const card = await rateCardAt(db, workspaceId, at);
  if (card) return card;
  await insertRateCard(db, { id: rateCardId(), workspaceId: DEFAULT_CARD_WORKSPACE, rates: DEFAULT_RATES, currency: 'USD', effectiveFrom: new Date(0), createdBy: 'system' }).catch(() => undefined);
  return (await rateCardAt(db, workspaceId, at))!;
}

/** Budget states of a workspace and user this month (limits that exist only). */
export async function budgetStates(db: DbOrTx, workspaceId: string, userId: string, now = new Date()): Promise<BudgetState[]> {
  const rows = await budgetsFor(db, workspaceId, userId);
  const since = monthStart(now);
  const states: BudgetState[] = [];
  for (const b of rows) {
    const scope = b.userId === '' ? 'workspace' : 'user';
    const s = await spendOf(db, workspaceId, scope === 'user' ? userId : null, since);
    states.push({ scope, limitNano: b.monthlyLimitNano, ...s });
  }
  return states;
}

/** Inside the run-start transaction: refuse (BUDGET_EXCEEDED, nothing written) or reserve. */
export async function reserveForRun(tx: DbOrTx, r: { runId: string; workspaceId: string; userId: string; estimateNano: number }): Promise<void> {
  await lockBudget(tx, r.workspaceId);
  const refusal = budgetRefusal(await budgetStates(tx, r.workspaceId, r.userId), r.estimateNano);
  if (refusal) {
    const { scope, limitNano, spentNano, reservedNano, estimateNano } = refusal;
    const { currency } = await currentRateCard(tx, r.workspaceId);
    throw new ServiceError('BUDGET_EXCEEDED', refusalMessage(refusal, currency), { scope, limitNano, spentNano, reservedNano, estimateNano, currency });
  }
  await appendLedger(tx, { idempotencyKey: `${r.runId}:reserve`, workspaceId: r.workspaceId, userId: r.userId, runId: r.runId, kind: 'reservation', amountNano: r.estimateNano });
}

async function runOwner(tx: DbOrTx, runId: string) {
  const [run] = await tx.select({ workspaceId: runs.workspaceId, userId: runs.createdBy, rateCardId: runs.rateCardId }).from(runs).where(eq(runs.id, runId));
  return run;
}

/** Prices a node's measured usage and charges it once; the node row shows the charged amount. */
export async function chargeNode(tx: DbOrTx, runId: string, nodeId: string, usage: NodeUsage, storedBytes: number): Promise<number> {
  const run = await runOwner(tx, runId);
  if (!run) return 0;
  const card = (run.rateCardId && (await rateCardById(tx, run.rateCardId))) || (await currentRateCard(tx, run.workspaceId));
  const price = priceUsage({ cpuSeconds: usage.cpuMs / 1e3, byteSeconds: usage.peakRssBytes * (usage.wallMs / 1e3), storedBytes }, card.rates);
  const { entry } = await appendLedger(tx, {
    idempotencyKey: `${runId}:${nodeId}:charge`,
    workspaceId: run.workspaceId,
    userId: run.userId,
    runId,
    nodeId,
    kind: 'charge',
    amountNano: price.totalNano,
    details: { ...usage, storedBytes, price, rateCardId: card.id },
  });
  const charged = entry.details as { cpuMs?: number; peakRssBytes?: number };
  await tx
    .update(runNodes)
    .set({ cpuMs: charged.cpuMs ?? usage.cpuMs, peakRssBytes: charged.peakRssBytes ?? usage.peakRssBytes, costNano: entry.amountNano })
    .where(and(eq(runNodes.runId, runId), eq(runNodes.nodeId, nodeId)));
  return entry.amountNano;
}

/**
 * A download (egress: a result viewed or saved, an output fetched by an integrator) priced with
 * the card in force and charged to whoever downloaded it, once per request `id`. It counts
 * toward their budgets like compute, so budget alerts may fire.
 */
export async function chargeDownload(db: DbOrTx, d: { id: string; workspaceId: string; userId: string; bytes: number; sha256: string; name?: string }): Promise<number> {
  const card = await currentRateCard(db, d.workspaceId);
  const price = priceUsage({ cpuSeconds: 0, byteSeconds: 0, storedBytes: 0, downloadedBytes: d.bytes }, card.rates);
  const { entry } = await appendLedger(db, {
    idempotencyKey: `download:${d.id}`,
    workspaceId: d.workspaceId,
    userId: d.userId,
    kind: 'charge',
    amountNano: price.totalNano,
    details: { download: { sha256: d.sha256, bytes: d.bytes, ...(d.name ? { name: d.name } : {}) }, price, rateCardId: card.id },
  });
  await fireAlerts(db, d.workspaceId, d.userId);
  return entry.amountNano;
}

/** At a run's end (any end state): release its reservation, store its actual cost, fire alerts. */
export async function settleRun(tx: DbOrTx, runId: string): Promise<void> {
  const run = await runOwner(tx, runId);
  if (!run) return;
  const entries = await tx.select({ kind: costLedger.kind, amount: costLedger.amountNano }).from(costLedger).where(eq(costLedger.runId, runId));
  const reserved = entries.filter((e) => e.kind === 'reservation').reduce((a, e) => a + e.amount, 0);
  if (reserved) {
    await appendLedger(tx, { idempotencyKey: `${runId}:release`, workspaceId: run.workspaceId, userId: run.userId, runId, kind: 'release', amountNano: -reserved });
  }
  const actual = entries.filter((e) => e.kind === 'charge').reduce((a, e) => a + e.amount, 0);
  await tx.update(runs).set({ actualCostNano: actual }).where(eq(runs.id, runId));
  await fireAlerts(tx, run.workspaceId, run.userId);
}

/**
 * Records each 70/90/100% threshold reached this month once, with a `budget.alert` audit event,
 * for the workspace's budget and `userId`'s (or only the budgets of `only` scope).
 */
export async function fireAlerts(tx: DbOrTx, workspaceId: string, userId: string, now = new Date(), only?: BudgetState['scope']): Promise<number[]> {
  const fired: number[] = [];
  for (const b of await budgetStates(tx, workspaceId, userId, now)) {
    if (only && b.scope !== only) continue;
    for (const threshold of thresholdsReached(b.spentNano, b.limitNano)) {
      const scopeUser = b.scope === 'user' ? userId : '';
      const month = monthOf(now);
      const inserted = await insertAlertOnce(tx, { workspaceId, userId: scopeUser, month, threshold, spentNano: b.spentNano, limitNano: b.limitNano });
      if (!inserted) continue;
      fired.push(threshold);
      await appendAudit(tx, {
        actor: SYSTEM_ACTOR,
        origin: {},
        workspaceId,
        action: 'budget.alert',
        objectType: 'budget',
        objectId: `${workspaceId}/${scopeUser || '*'}`,
        details: { month, threshold, spentNano: b.spentNano, limitNano: b.limitNano, scope: b.scope },
      });
    }
  }
  return fired;
}

/** Sum of a run's open reservation (0 once released). */
export async function openReservation(tx: DbOrTx, runId: string): Promise<number> {
  const [r] = await tx
    .select({ v: sql<string>`coalesce(sum(${costLedger.amountNano}) filter (where ${costLedger.kind} in ('reservation', 'release')), 0)` })
    .from(costLedger)
    .where(eq(costLedger.runId, runId));
  return Number(r.v);
}
