import { formatMoney } from './pricing';

/**
 * Budget arithmetic (pure). A run may start when, for every budget that applies to it
 * (the workspace's and the user's), spent this month + open reservations + its estimate
 * stays within the monthly limit. Alerts fire once per threshold and month.
 */
export const ALERT_THRESHOLDS = [70, 90, 100] as const;

export interface BudgetState {
  scope: 'workspace' | 'user';
  limitNano: number;
  spentNano: number;
  reservedNano: number;
}

export interface BudgetRefusal extends BudgetState {
  estimateNano: number;
}

/** The first budget the estimate would exceed, or null when the run may start. */
export function budgetRefusal(states: BudgetState[], estimateNano: number): BudgetRefusal | null {
  for (const s of states) if (s.spentNano + s.reservedNano + estimateNano > s.limitNano) return { ...s, estimateNano };
  return null;
}

/** The refusal in the budget's currency: "... to $1.20 of $1.00 (spent $1.10, ...)". */
export function refusalMessage(r: BudgetRefusal, currency = 'USD'): string {
  const m = (nano: number) => formatMoney(nano, currency);
  const after = r.spentNano + r.reservedNano + r.estimateNano;
  return (
    `this run would take the ${r.scope} budget for this month to ${m(after)} of ${m(r.limitNano)} ` +
    `(spent ${m(r.spentNano)}, held by running runs ${m(r.reservedNano)}, this run's estimate ${m(r.estimateNano)})`
  );
}

/** Thresholds (percent) reached by `spentNano` of `limitNano`; a zero limit is reached by any spending. */
export function thresholdsReached(spentNano: number, limitNano: number): number[] {
  if (limitNano <= 0) return spentNano > 0 ? [...ALERT_THRESHOLDS] : [];
  return ALERT_THRESHOLDS.filter((t) => spentNano * 100 >= t * limitNano);
}

/** 'YYYY-MM' of an instant in UTC, and the month's first instant. */
export function monthOf(d: Date): string {
  return d.toISOString().slice(0, 7);
}

export function monthStart(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
}
