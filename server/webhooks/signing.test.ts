import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { backoffMs, MAX_ATTEMPTS, signature, verifySignature } from './signing';

describe('webhook signing', () => {
  it('is HMAC-SHA256 over "<timestamp>.<body>", hex, prefixed sha256=', () => {
    const expected = createHmac('sha256', 'whsec_x').update('1700000000.{"a":1}').digest('hex');
    expect(signature('whsec_x', 1700000000, '{"a":1}')).toBe(`sha256=${expected}`);
  });

  it('verifies its own signature and refuses a changed body, timestamp or secret', () => {
    const sig = signature('s', 10, 'body');
    expect(verifySignature('s', 10, 'body', sig)).toBe(true);
    expect(verifySignature('s', 10, 'body!', sig)).toBe(false);
    expect(verifySignature('s', 11, 'body', sig)).toBe(false);
    expect(verifySignature('t', 10, 'body', sig)).toBe(false);
    expect(verifySignature('s', 10, 'body', null)).toBe(false);
  });
});

describe('retry backoff', () => {
  it('doubles from 10 s with equal jitter and caps at one hour', () => {
    expect([1, 2, 3, 4].map((n) => backoffMs(n, 0))).toEqual([5_000, 10_000, 20_000, 40_000]);
    expect([1, 2, 3, 4].map((n) => backoffMs(n, 0.999999))).toEqual([10_000, 20_000, 40_000, 80_000]);
    expect(backoffMs(30, 0)).toBe(1_800_000);
    expect(backoffMs(30, 0.5)).toBe(2_700_000);
  });

  it('spreads retries: every jittered delay lies within [d/2, d]', () => {
    for (let n = 1; n < MAX_ATTEMPTS; n++) {
      const d = Math.min(3_600_000, 10_000 * 2 ** (n - 1));
      for (const r of [0, 0.25, 0.5, 0.75, 0.99]) {
        const ms = backoffMs(n, r);
        expect(ms).toBeGreaterThanOrEqual(d / 2);
        expect(ms).toBeLessThanOrEqual(d);
      }
    }
  });
});
