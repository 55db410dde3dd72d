import type { MetricName } from '../../../domain/evaluation/types';

/** How the evaluation pages name and print each metric (the figures themselves come from the report DTO). */
export const METRIC_LABEL: Record<MetricName, string> = {
  dice: 'Dice',
  hd95Mm: 'HD95 (mm)',
  assdMm: 'ASSD (mm)',
  surfaceDice: 'Surface Dice',
  volumeDiffMl: 'Volume diff (mL)',
};

/** Three decimals everywhere, so a figure on the page can be checked against the report JSON. */
export const fmt = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(3));
export const fmtCi = (ci: [number, number] | null | undefined) => (ci ? `${fmt(ci[0])} – ${fmt(ci[1])}` : '—');
/** Signed, for paired differences (b - a). */
export const fmtSigned = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? '—' : `${v > 0 ? '+' : ''}${v.toFixed(3)}`);

/** [min, Q1, median, Q3, max] with linear interpolation between order statistics (numpy's default), for the box plot. */
export function fiveNumbers(values: readonly number[]): [number, number, number, number, number] | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const q = (p: number) => {
    const h = (s.length - 1) * p;
    const lo = Math.floor(h);
    return s[lo] + (h - lo) * ((s[Math.min(lo + 1, s.length - 1)]) - s[lo]);
  };
  return [s[0], q(0.25), q(0.5), q(0.75), s[s.length - 1]];
}
