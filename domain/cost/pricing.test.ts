import { describe, expect, it } from 'vitest';
import { DEFAULT_RATES, formatNano, priceUsage, ratesProblem, sumUsage } from './pricing';

const rates = { cpuSecond: 0.01, gbSecond: 0.002, gbMonth: 0.5, gbDownloaded: 0.1 };

describe('priceUsage', () => {
  it('prices each quantity in nano-units, rounded once per item', () => {
    // 2 CPU-s x 0.01 = 0.02; 3e9 byte-s = 3 GB-s x 0.002 = 0.006; 0.5 GB x 0.5 = 0.25; 2 GB x 0.1 = 0.2
    const p = priceUsage({ cpuSeconds: 2, byteSeconds: 3e9, storedBytes: 5e8, downloadedBytes: 2e9 }, rates);
    expect(p).toEqual({ cpuNano: 20_000_000, memoryNano: 6_000_000, storageNano: 250_000_000, downloadNano: 200_000_000, totalNano: 476_000_000 });
  });

  it('rounds sub-nano amounts to the nearest nano-unit and never goes negative', () => {
    expect(priceUsage({ cpuSeconds: 1e-8, byteSeconds: 0, storedBytes: 0 }, rates).totalNano).toBe(0);
    expect(priceUsage({ cpuSeconds: 6e-8, byteSeconds: 0, storedBytes: 0 }, rates).cpuNano).toBe(1);
    expect(priceUsage({ cpuSeconds: -5, byteSeconds: 0, storedBytes: 0 }, rates).totalNano).toBe(0);
  });

  it('the default card is the Fargate / S3 list prices per second and per GB', () => {
    expect(priceUsage({ cpuSeconds: 3600, byteSeconds: 0, storedBytes: 0 }, DEFAULT_RATES).cpuNano).toBe(40_480_000);
    expect(priceUsage({ cpuSeconds: 0, byteSeconds: 3600e9, storedBytes: 0 }, DEFAULT_RATES).memoryNano).toBe(4_445_000);
  });
});

describe('sumUsage, ratesProblem, formatNano', () => {
  it('sums usages', () => {
    expect(sumUsage([{ cpuSeconds: 1, byteSeconds: 2, storedBytes: 3 }, { cpuSeconds: 4, byteSeconds: 5, storedBytes: 6, downloadedBytes: 7 }])).toEqual({ cpuSeconds: 5, byteSeconds: 7, storedBytes: 9, downloadedBytes: 7 });
  });
  it('refuses negative or non-finite rates', () => {
    expect(ratesProblem(rates)).toBeNull();
    expect(ratesProblem({ ...rates, gbMonth: -1 })).toMatch(/gbMonth/);
    expect(ratesProblem({ ...rates, cpuSecond: Number.NaN })).toMatch(/cpuSecond/);
  });
  it('formats micro-amounts with enough digits', () => {
    expect(formatNano(1_500_000_000)).toBe('1.50 USD');
    expect(formatNano(12_345)).toBe('0.000012 USD');
  });
});
