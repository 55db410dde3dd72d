import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../../drizzle/client';
import { signInFailures } from '../../drizzle/schema';
import { errorResponse, ServiceError } from '../errors';

/**
 * Per-account lockout of password sign-in. Counting is per lower-cased email, never per client
 * address (addresses rotate freely). After `afterFailures` failed attempts the account is locked
 * for `baseSeconds`, doubling with each further failure up to `maxSeconds`; while locked every
 * attempt, right password included, is answered 429 AUTH_LOCKED with Retry-After and the password
 * is not even checked. A success resets the count; failures older than a day are forgotten.
 * Attempts on one email are serialised in this process, so parallel guesses cannot all slip in
 * before the count is written (several processes may each let one through).
 */
export interface LockPolicy {
  afterFailures: number;
  baseSeconds: number;
  maxSeconds: number;
}

const FORGET_AFTER_MS = 24 * 3600 * 1000;

export const accountKey = (email: string): string => email.trim().toLowerCase().slice(0, 320);

/** Lock length after `failures` consecutive failures (0: not locked). */
export function lockSeconds(failures: number, p: LockPolicy): number {
  if (failures < p.afterFailures) return 0;
  return Math.min(p.maxSeconds, p.baseSeconds * 2 ** Math.min(failures - p.afterFailures, 30));
}

/** Seconds until `email` may try again (0: not locked). */
export async function lockRemainingSeconds(db: Db, email: string, now: Date): Promise<number> {
  const [row] = await db.select({ lockedUntil: signInFailures.lockedUntil }).from(signInFailures).where(eq(signInFailures.email, accountKey(email)));
  const until = row?.lockedUntil?.getTime() ?? 0;
  return until > now.getTime() ? Math.ceil((until - now.getTime()) / 1000) : 0;
}

export async function recordFailure(db: Db, email: string, now: Date, p: LockPolicy): Promise<{ failures: number; lockedUntil: Date | null }> {
  const forgetBefore = new Date(now.getTime() - FORGET_AFTER_MS);
  // Only this account's stale count: this runs on every guess, other rows are never read.
  await db.delete(signInFailures).where(and(eq(signInFailures.email, accountKey(email)), lt(signInFailures.lastFailureAt, forgetBefore), or(isNull(signInFailures.lockedUntil), lt(signInFailures.lockedUntil, now))));
  const [row] = await db
    .insert(signInFailures)
    .values({ email: accountKey(email), failures: 1, lastFailureAt: now })
    .onConflictDoUpdate({ target: signInFailures.email, set: { failures: sql`${signInFailures.failures} + 1`, lastFailureAt: now } })
    .returning({ failures: signInFailures.failures });
  const seconds = lockSeconds(row.failures, p);
  const lockedUntil = seconds ? new Date(now.getTime() + seconds * 1000) : null;
  if (lockedUntil) await db.update(signInFailures).set({ lockedUntil }).where(eq(signInFailures.email, accountKey(email)));
  return { failures: row.failures, lockedUntil };
}

export async function clearFailures(db: Db, email: string): Promise<void> {
  await db.delete(signInFailures).where(eq(signInFailures.email, accountKey(email)));
}

export function lockedResponse(retryAfterSeconds: number): Response {
  const res = errorResponse(
    new ServiceError('AUTH_LOCKED', `Too many failed sign-ins for this account: try again in ${retryAfterSeconds} s`, { retryAfterSeconds }),
  );
  res.headers.set('retry-after', String(retryAfterSeconds));
  return res;
}

const queues = new Map<string, Promise<unknown>>();

function serialised<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const run = (queues.get(key) ?? Promise.resolve()).catch(() => undefined).then(fn);
  queues.set(key, run);
  void run.finally(() => queues.get(key) === run && queues.delete(key)).catch(() => undefined);
  return run;
}

/**
 * Runs one password attempt for `email` under the lockout: refused while locked, a 401 counts
 * as a failure, a success clears the count; other answers (400, 403, 429) count for nothing.
 */
export function guardSignIn(deps: { db: Db; policy: LockPolicy; now?: () => Date }, email: string, attempt: () => Promise<Response>): Promise<Response> {
  const now = deps.now ?? (() => new Date());
  return serialised(accountKey(email), async () => {
    const wait = await lockRemainingSeconds(deps.db, email, now());
    if (wait > 0) return lockedResponse(wait);
    const res = await attempt();
    if (res.status === 401) await recordFailure(deps.db, email, now(), deps.policy);
    else if (res.ok) await clearFailures(deps.db, email);
    return res;
  });
}
