import { dataDir, getDb } from '../db';
import { env } from '../env';
import { createAuth, type Auth } from './auth';
import type { LockPolicy } from './lockout';
import { authSecret } from './secret';

/** The process's better-auth instance over the process database (kept across Next dev reloads). */
type Globals = { __studioAuth?: Promise<Auth> };
const g = globalThis as Globals;

export function getAuth(): Promise<Auth> {
  g.__studioAuth ??= getDb().then((db) =>
    createAuth(db, {
      secret: authSecret(env.STUDIO_AUTH_SECRET, dataDir()),
      publicUrl: env.STUDIO_PUBLIC_URL,
      trustedProxies: env.STUDIO_TRUSTED_PROXIES,
      signInAttemptsPerMinute: env.STUDIO_SIGN_IN_ATTEMPTS_PER_MINUTE,
      signInCeilingPerMinute: env.STUDIO_SIGN_IN_CEILING_PER_MINUTE,
    }),
  );
  return g.__studioAuth;
}

/** The account lockout of password sign-in (server/auth/lockout.ts), from the environment. */
export const signInLockPolicy = (): LockPolicy => ({
  afterFailures: env.STUDIO_SIGN_IN_LOCK_AFTER_FAILURES,
  baseSeconds: env.STUDIO_SIGN_IN_LOCK_BASE_SECONDS,
  maxSeconds: env.STUDIO_SIGN_IN_LOCK_MAX_SECONDS,
});
