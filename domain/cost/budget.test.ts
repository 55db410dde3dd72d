import { describe, expect, it } from 'vitest';
import { budgetRefusal, monthOf, monthStart, refusalMessage, thresholdsReached } from './budget';

describe('budgetRefusal', () => {
  const ws = { scope: 'workspace' as const, limitNano: 1000, spentNano: 600, reservedNano: 300 };
  it('allows a run while spent + reserved + estimate stays within the limit (inclusive)', () => {
    expect(budgetRefusal([ws], 100)).toBeNull();
    expect(budgetRefusal([], 1e12)).toBeNull();
  });
  it('refuses with the numbers of the first budget exceeded', () => {
    expect(budgetRefusal([ws], 101)).toEqual({ ...ws, estimateNano: 101 });
    const user = { scope: 'user' as const, limitNano: 50, spentNano: 0, reservedNano: 0 };
    expect(budgetRefusal([{ ...ws, spentNano: 0 }, user], 60)).toEqual({ ...user, estimateNano: 60 });
  });
});

describe('refusalMessage', () => {
  it('says the amounts in currency, not nano-units', () => {
    const r = { scope: 'workspace' as const, limitNano: 1e9, spentNano: 1.1e9, reservedNano: 0.05e9, estimateNano: 0.05e9 };
    const text = refusalMessage(r);
    expect(text).toContain('workspace budget for this month to $1.20 of $1.00');
    expect(text).toContain("spent $1.10, held by running runs $0.05, this run's estimate $0.05");
    expect(text).not.toMatch(/nano|\d{7,}/);
    expect(refusalMessage({ ...r, scope: 'user', estimateNano: 42_000 }, 'EUR')).toContain("this run's estimate €0.000042");
  });
});

describe('thresholdsReached', () => {
  it('70 / 90 / 100 % of the limit', () => {
    expect(thresholdsReached(699, 1000)).toEqual([]);
    expect(thresholdsReached(700, 1000)).toEqual([70]);
    expect(thresholdsReached(950, 1000)).toEqual([70, 90]);
    expect(thresholdsReached(1200, 1000)).toEqual([70, 90, 100]);
  });
  it('a zero limit is reached by any spending only', () => {
    expect(thresholdsReached(0, 0)).toEqual([]);
    expect(thresholdsReached(1, 0)).toEqual([70, 90, 100]);
  });
});

describe('months (UTC)', () => {
  it('names and starts the month of an instant', () => {
    const d = new Date('2026-03-31T23:59:59.999Z');
    expect(monthOf(d)).toBe('2026-03');
    expect(monthStart(d).toISOString()).toBe('2026-03-01T00:00:00.000Z');
  });
});
