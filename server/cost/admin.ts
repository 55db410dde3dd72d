import { z } from 'zod';
import { monthStart } from '../../domain/cost/budget';
import { NANO, ratesProblem } from '../../domain/cost/pricing';
import { ServiceError } from '../errors';
import { DEFAULT_CARD_WORKSPACE, deleteBudget, insertRateCard, listAlerts, listBudgets, listRateCards, spendOf, upsertBudget } from './repo';
import { audited } from '../audit/service';
import type { ServiceDeps } from '../context';
import { scopeOf } from '../auth/scope';
import { peopleByIds } from '../members/people';
import { currentRateCard, fireAlerts, rateCardId } from './ledger';

/** Rate card versions and budgets: what admins edit (every change is an audit event). */
export const RatesInput = z.strictObject({
  cpuSecond: z.number().min(0).finite(),
  gbSecond: z.number().min(0).finite(),
  gbMonth: z.number().min(0).finite(),
  gbDownloaded: z.number().min(0).finite(),
});

export const RateCardInput = z.strictObject({
  rates: RatesInput,
  currency: z.string().regex(/^[A-Z]{3}$/).default('USD'),
  /** ISO instant; default now. A future date schedules the card. */
  effectiveFrom: z.iso.datetime({ offset: true }).optional(),
});

const cardDto = (c: Awaited<ReturnType<typeof currentRateCard>>) => ({
  id: c.id,
  /** The default card (shared starting point) rather than one this workspace's admin set. */
  isDefault: c.workspaceId === DEFAULT_CARD_WORKSPACE,
  version: c.version,
  rates: c.rates,
  currency: c.currency,
  effectiveFrom: c.effectiveFrom.toISOString(),
  createdBy: c.createdBy,
});

/** The caller's workspace's card in force and its versions (with the default card's). */
export async function getRateCards(deps: Pick<ServiceDeps, 'db' | 'principal'>) {
  const { workspaceId } = scopeOf(deps);
  const current = await currentRateCard(deps.db, workspaceId);
  return { current: cardDto(current), versions: (await listRateCards(deps.db, workspaceId)).map(cardDto) };
}

/** A new card version of the caller's workspace only: no other workspace's prices change. */
export async function addRateCard(deps: Pick<ServiceDeps, 'db' | 'audit' | 'principal'>, raw: z.input<typeof RateCardInput>, by: string) {
  const args = RateCardInput.parse(raw);
  const problem = ratesProblem(args.rates);
  if (problem) throw new ServiceError('BAD_REQUEST', problem);
  const { workspaceId } = scopeOf(deps);
  const card = await audited(
    deps,
    (tx) => insertRateCard(tx, { id: rateCardId(), workspaceId, rates: args.rates, currency: args.currency, effectiveFrom: args.effectiveFrom ? new Date(args.effectiveFrom) : new Date(), createdBy: by }),
    (c) => ({ action: 'ratecard.changed', objectType: 'ratecard', objectId: c.id, details: { workspaceId, version: c.version, ...args.rates, currency: c.currency } }),
  );
  return cardDto(card);
}

export const BudgetInput = z.strictObject({
  workspaceId: z.string().min(1).max(200),
  /** Omitted or '': the workspace budget. */
  userId: z.string().max(200).default(''),
  /** Monthly limit in currency units (e.g. 12.5 USD); null removes the budget. */
  monthlyLimit: z.number().min(0).finite().nullable(),
});

/**
 * Sets or removes a budget. A limit set at or below what was already spent this month fires its
 * alerts now: they would otherwise wait for the next run to end, and a budget already exceeded
 * refuses every run, so they would never fire.
 */
export async function setBudget(deps: Pick<ServiceDeps, 'db' | 'audit'>, raw: z.input<typeof BudgetInput>, by: string) {
  const b = BudgetInput.parse(raw);
  const limitNano = b.monthlyLimit === null ? null : Math.round(b.monthlyLimit * NANO);
  const fired = await audited(
    deps,
    async (tx) => {
      if (limitNano === null) return deleteBudget(tx, b.workspaceId, b.userId).then(() => []);
      await upsertBudget(tx, { workspaceId: b.workspaceId, userId: b.userId, monthlyLimitNano: limitNano, updatedBy: by });
      return fireAlerts(tx, b.workspaceId, b.userId, new Date(), b.userId ? 'user' : 'workspace');
    },
    () => ({ action: 'budget.changed', objectType: 'budget', objectId: `${b.workspaceId}/${b.userId || '*'}`, details: { monthlyLimitNano: limitNano } }),
  );
  return { ok: true as const, alertsFired: fired };
}

/** Budgets of a workspace with this month's spending and open reservations, and recent alerts. */
export async function getBudgets(deps: Pick<ServiceDeps, 'db'>, workspaceId: string) {
  const rows = await listBudgets(deps.db, workspaceId);
  const budgets = [];
  for (const b of rows) {
    const state = await spendOf(deps.db, workspaceId, b.userId || null, monthStart(new Date()));
    budgets.push({
      workspaceId: b.workspaceId,
      userId: b.userId || null,
      monthlyLimitNano: b.monthlyLimitNano,
      spentNano: state.spentNano,
      reservedNano: state.reservedNano,
      updatedBy: b.updatedBy,
      updatedAt: b.updatedAt.toISOString(),
    });
  }
  const alertRows = await listAlerts(deps.db, workspaceId, monthStart(new Date(Date.now() - 62 * 86400e3)));
  const people = await peopleByIds(deps.db, [...rows.map((b) => b.userId), ...alertRows.map((a) => a.userId)]);
  const person = (userId: string) => people.get(userId) ?? null;
  const alerts = alertRows.map((a) => ({ ...a, userId: a.userId || null, person: person(a.userId), at: a.at.toISOString() }));
  return { budgets: budgets.map((b) => ({ ...b, person: b.userId ? person(b.userId) : null })), alerts };
}
