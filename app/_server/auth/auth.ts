import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import type { Db } from '../../../drizzle/client';
import { accounts, sessions, users, verifications } from '../../../drizzle/schema';

/**
 * Sign-in for people: better-auth (email + password, database sessions in our tables through
 * its drizzle adapter). Workspaces, roles and API keys are ours (memberships, api_keys); a
 * session carries the workspace it acts in.
 */
export interface AuthOptions {
  secret: string;
  /** Fixed public URL; unset: derived from each request (the demo runs on any loopback port). */
  baseURL?: string;
}

export function createAuth(db: Db, opts: AuthOptions) {
  return betterAuth({
    appName: 'Imaging Pipeline Studio',
    secret: opts.secret,
    ...(opts.baseURL ? { baseURL: opts.baseURL } : {}),
    basePath: '/api/auth',
    database: drizzleAdapter(db, {
      provider: 'pg',
      schema: { user: users, session: sessions, account: accounts, verification: verifications },
    }),
    // No public sign-up: admins add members (app/_server/services/members.ts).
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 10 },
    session: {
      additionalFields: { activeWorkspaceId: { type: 'string', required: false, input: false } },
    },
    telemetry: { enabled: false },
  });
}

export type Auth = ReturnType<typeof createAuth>;
