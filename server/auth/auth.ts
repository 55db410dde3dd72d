import { betterAuth, type BetterAuthOptions } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { APIError } from 'better-auth/api';
import { hashPassword } from 'better-auth/crypto';
import type { Db } from '../../drizzle/client';
import { accounts, sessions, users, verifications } from '../../drizzle/schema';
import { trustedOriginsFor } from './origins';
import { isCommonPassword, MIN_PASSWORD_LENGTH } from './passwords';

/**
 * Sign-in for people: better-auth (email + password, database sessions in our tables through
 * its drizzle adapter). Workspaces, roles and API keys are ours (memberships, api_keys); a
 * session carries the workspace it acts in.
 */
export interface AuthOptions {
  secret: string;
  /** Fixed public URL; unset: derived from each request (the demo runs on any loopback port). */
  baseURL?: string;
  /** STUDIO_PUBLIC_URL: an origin accepted besides the loopback address a request arrives at. */
  publicUrl?: string;
  /** STUDIO_TRUSTED_PROXIES: empty = X-Forwarded-For is never believed. */
  trustedProxies?: string[];
  /** Sign-in attempts per client address per minute (only when proxies are trusted). */
  signInAttemptsPerMinute?: number;
  /** Without trusted proxies: sign-in attempts per minute of all clients together (CPU guard). */
  signInCeilingPerMinute?: number;
}

/** Calls per minute of all clients together to the other /api/auth endpoints without trusted proxies. */
export const SHARED_AUTH_CALLS_PER_MINUTE = 3000;

/**
 * better-auth keys its buckets by client address. Behind trusted proxies that address is real:
 * per-client buckets (its defaults, sign-in per minute as configured). Without, every client is
 * one "address", so a bucket is shared by everyone and a few calls would block all sign-ins:
 * then only generous shared ceilings against CPU exhaustion stay here; guessing is stopped per
 * account (lockout.ts) and change-password is limited per session (the /api/auth route).
 */
function rateLimitFor(opts: AuthOptions): NonNullable<BetterAuthOptions['rateLimit']> {
  if (opts.trustedProxies?.length) {
    return { enabled: true, customRules: { '/sign-in/email': { window: 60, max: opts.signInAttemptsPerMinute ?? 20 } } };
  }
  return {
    enabled: true,
    window: 60,
    max: SHARED_AUTH_CALLS_PER_MINUTE,
    customRules: { '/sign-in/email': { window: 60, max: opts.signInCeilingPerMinute ?? 600 }, '/change-password': false as const, '/sign-out': false as const },
  };
}

export function createAuth(db: Db, opts: AuthOptions) {
  const proxies = opts.trustedProxies ?? [];
  return betterAuth({
    appName: 'Imaging Pipeline Studio',
    secret: opts.secret,
    ...(opts.baseURL ? { baseURL: opts.baseURL } : {}),
    basePath: '/api/auth',
    // Loopback at whatever address/port the studio is reached, plus the public URL; never others.
    trustedOrigins: (request) => trustedOriginsFor(request, opts.publicUrl),
    database: drizzleAdapter(db, {
      provider: 'pg',
      schema: { user: users, session: sessions, account: accounts, verification: verifications },
    }),
    // No public sign-up: admins add members (server/members/service.ts).
    emailAndPassword: {
      enabled: true,
      disableSignUp: true,
      minPasswordLength: MIN_PASSWORD_LENGTH,
      // Every path that sets a password (change, reset) hashes it: refuse the common ones there.
      password: {
        hash: async (password) => {
          if (isCommonPassword(password)) {
            throw APIError.from('BAD_REQUEST', { code: 'PASSWORD_TOO_COMMON', message: 'This password is one of the most common ones; choose another' });
          }
          return hashPassword(password);
        },
      },
    },
    // Also on outside production; the client address comes from X-Forwarded-For only through a
    // configured proxy (a rotated header buys nothing), see rateLimitFor.
    rateLimit: rateLimitFor(opts),
    advanced: {
      // better-auth skips the origin check under NODE_ENV=test unless told: never skip it.
      disableOriginCheck: false,
      ipAddress: proxies.length ? { ipAddressHeaders: ['x-forwarded-for'], trustedProxies: proxies } : { ipAddressHeaders: [] },
    },
    session: {
      additionalFields: { activeWorkspaceId: { type: 'string', required: false, input: false } },
    },
    telemetry: { enabled: false },
  });
}

export type Auth = ReturnType<typeof createAuth>;
