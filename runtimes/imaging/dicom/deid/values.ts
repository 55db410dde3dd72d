/**
 * Value helpers of the de-identifier: dummy values consistent with a VR (action D), dates moved
 * by a whole number of days (the Modified Dates option's "clean" of DA and DT), and text cleaned
 * of the identifying strings the same instance carries (the Clean Descriptors option).
 */
const DUMMY_TEXT = 'ANONYMIZED';
const DUMMY: Record<string, unknown> = {
  DA: '19000101',
  TM: '000000',
  DT: '19000101000000',
  AS: '000Y',
  DS: '0',
  IS: '0',
  PN: { Alphabetic: DUMMY_TEXT },
  UI: '2.25.0',
  US: 0,
  SS: 0,
  UL: 0,
  SL: 0,
  FL: 0,
  FD: 0,
  UV: 0,
  SV: 0,
};

/** A non-empty dummy for VR `vr`, or undefined when none makes sense (binary: emptied instead). */
export function dummyFor(vr: string): unknown | undefined {
  if (vr in DUMMY) return DUMMY[vr];
  if (['AE', 'CS', 'SH', 'LO', 'ST', 'LT', 'UT', 'UC', 'UR'].includes(vr)) return DUMMY_TEXT;
  return undefined;
}

function shiftDate(yyyymmdd: string, days: number): string {
  const m = /^(\d{4})(\d{2})(\d{2})/.exec(yyyymmdd);
  if (!m) return '';
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) + days * 86_400_000;
  if (!Number.isFinite(t)) return '';
  const d = new Date(t);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(d.getUTCFullYear(), 4)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}`;
}

/**
 * DA (also a "from-to" range) and DT values moved by `days`; times of day and DT's time zone
 * are kept. A value that is not a date becomes empty (never passed through).
 */
export function shiftValue(vr: 'DA' | 'DT', value: string, days: number): string {
  if (vr === 'DA') return value.split('-').map((part) => (part.trim() ? shiftDate(part.trim(), days) : '')).join('-');
  const v = value.trim();
  if (v.length < 8) return '';
  const date = shiftDate(v.slice(0, 8), days);
  return date ? date + v.slice(8) : '';
}

/** Identifying strings (names, ids) worth scrubbing from free text: at least 3 characters. */
export function identifyingTerms(values: string[]): string[] {
  const terms = new Set<string>();
  for (const v of values) {
    for (const part of v.split(/[\^=\\\s,]+/)) if (part.trim().length >= 3) terms.add(part.trim());
    if (v.trim().length >= 3) terms.add(v.trim());
  }
  return [...terms].sort((a, b) => b.length - a.length);
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Text with each occurrence of a term (any case) replaced by as many 'X'. */
export function scrub(text: string, terms: string[]): string {
  if (terms.length === 0) return text;
  return text.replace(new RegExp(terms.map(escape).join('|'), 'gi'), (m) => 'X'.repeat(m.length));
}
