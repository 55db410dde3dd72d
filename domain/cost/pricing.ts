/**
 * Prices. A rate card prices four measured quantities; amounts are integer NANO-units of the
 * card's currency (1e-9), rounded once per priced item so sums of stored amounts are exact.
 */
export interface Rates {
  /** per CPU-second (user + system time of the process while the node ran) */
  cpuSecond: number;
  /** per GB-second of memory held (GB = 1e9 bytes) */
  gbSecond: number;
  /** per GB-month of stored outputs (a run's artifacts are charged one month when written) */
  gbMonth: number;
  /** per GB downloaded */
  gbDownloaded: number;
}

/**
 * The default card (version 1, created on first use): public-cloud list prices of 2025 for
 * comparable resources — Fargate vCPU-hour 0.04048 and GB-hour 0.004445, S3 standard
 * GB-month 0.023, internet egress GB 0.09 (USD).
 */
export const DEFAULT_RATES: Rates = {
  cpuSecond: 0.04048 / 3600,
  gbSecond: 0.004445 / 3600,
  gbMonth: 0.023,
  gbDownloaded: 0.09,
};

export const NANO = 1e9;
const GB = 1e9;

/** What one node (or a whole run) consumed or is expected to consume. */
export interface Usage {
  cpuSeconds: number;
  /** memory held x wall seconds, in bytes x seconds */
  byteSeconds: number;
  /** bytes of stored outputs (charged one month) */
  storedBytes: number;
  downloadedBytes?: number;
}

export interface Price {
  cpuNano: number;
  memoryNano: number;
  storageNano: number;
  downloadNano: number;
  totalNano: number;
}

const n = (x: number) => Math.max(0, Math.round(x * NANO));

export function priceUsage(u: Usage, r: Rates): Price {
  const cpuNano = n(u.cpuSeconds * r.cpuSecond);
  const memoryNano = n((u.byteSeconds / GB) * r.gbSecond);
  const storageNano = n((u.storedBytes / GB) * r.gbMonth);
  const downloadNano = n(((u.downloadedBytes ?? 0) / GB) * r.gbDownloaded);
  return { cpuNano, memoryNano, storageNano, downloadNano, totalNano: cpuNano + memoryNano + storageNano + downloadNano };
}

export function sumUsage(items: Usage[]): Usage {
  return items.reduce(
    (a, u) => ({
      cpuSeconds: a.cpuSeconds + u.cpuSeconds,
      byteSeconds: a.byteSeconds + u.byteSeconds,
      storedBytes: a.storedBytes + u.storedBytes,
      downloadedBytes: (a.downloadedBytes ?? 0) + (u.downloadedBytes ?? 0),
    }),
    { cpuSeconds: 0, byteSeconds: 0, storedBytes: 0, downloadedBytes: 0 },
  );
}

/** Rates must be finite and non-negative (a card with a negative price is refused). */
export function ratesProblem(r: Rates): string | null {
  for (const [k, v] of Object.entries(r)) if (!Number.isFinite(v) || v < 0) return `rate ${k} must be a finite number >= 0`;
  return null;
}

/** Amount for display: nano-units to currency with enough digits for micro-amounts. */
export function formatNano(nanoUnits: number, currency = 'USD'): string {
  const v = nanoUnits / NANO;
  const digits = Math.abs(v) >= 1 ? 2 : Math.abs(v) >= 0.01 ? 4 : 6;
  return `${v.toFixed(digits)} ${currency}`;
}

/**
 * Amount in the currency's own notation ("$1.20", "€0.0042"): cents, or up to six decimals for
 * sub-cent amounts so a small charge does not read as zero.
 */
export function formatMoney(nanoUnits: number, currency = 'USD'): string {
  const v = nanoUnits / NANO;
  const fraction = v === 0 || Math.abs(v) >= 0.01 ? 2 : 6;
  return new Intl.NumberFormat('en-US', { style: 'currency', currency, minimumFractionDigits: 2, maximumFractionDigits: fraction }).format(v);
}
