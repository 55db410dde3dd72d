import { formatNano } from '../../../domain/cost/pricing';

/** Amounts are integer nano-units of the card's currency (1e-9). */
export const money = (nano: number | null | undefined, currency = 'USD') => (nano === null || nano === undefined ? '—' : formatNano(nano, currency));
export const ratio = (r: number | null | undefined) => (r === null || r === undefined ? '—' : `${r.toFixed(2)}×`);
export const seconds = (s: number | null | undefined) => (s === null || s === undefined ? '—' : s < 1 ? `${(s * 1000).toFixed(0)} ms` : `${s.toFixed(2)} s`);
