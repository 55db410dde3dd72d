import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * How a webhook POST is signed and when a failed one is retried. Receivers verify
 * `x-studio-signature: sha256=<hex HMAC-SHA256(secret, "<x-studio-timestamp>.<raw body>")>`,
 * reject timestamps far from their clock (replay), and de-duplicate on `x-studio-delivery`
 * (a delivery is retried until a 2xx arrives, so it may arrive more than once).
 */
export const SIGNATURE_HEADER = 'x-studio-signature';
export const TIMESTAMP_HEADER = 'x-studio-timestamp';
export const DELIVERY_HEADER = 'x-studio-delivery';
export const EVENT_HEADER = 'x-studio-event';

/** Attempts per delivery (the first one included) before it is marked failed. */
export const MAX_ATTEMPTS = 10;
const BASE_DELAY_MS = 10_000;
const MAX_DELAY_MS = 3_600_000;

export function signature(secret: string, timestampSeconds: number, body: string): string {
  return 'sha256=' + createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex');
}

/** Constant-time check of a received signature header (what a receiver does; used by tests and docs). */
export function verifySignature(secret: string, timestampSeconds: number, body: string, header: string | null): boolean {
  if (!header) return false;
  const want = Buffer.from(signature(secret, timestampSeconds, body));
  const got = Buffer.from(header);
  return want.length === got.length && timingSafeEqual(want, got);
}

export function signedHeaders(args: { secret: string; deliveryId: string; event: string; timestampSeconds: number; body: string }): Record<string, string> {
  return {
    'content-type': 'application/json',
    'user-agent': 'imaging-pipeline-studio-webhooks/1',
    [SIGNATURE_HEADER]: signature(args.secret, args.timestampSeconds, args.body),
    [TIMESTAMP_HEADER]: String(args.timestampSeconds),
    [DELIVERY_HEADER]: args.deliveryId,
    [EVENT_HEADER]: args.event,
  };
}

/**
 * Delay before the attempt after `failedAttempts` failures: exponential (10 s, 20 s, 40 s ...
 * capped at 1 h) with "equal jitter" (uniformly between half and all of it), so receivers that
 * come back after an outage are not hit by every sender at once. `random` is in [0, 1).
 */
export function backoffMs(failedAttempts: number, random: number): number {
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, failedAttempts - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random);
}
