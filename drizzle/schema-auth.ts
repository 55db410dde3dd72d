import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import type { Action, Role } from '../domain/auth/permissions';

/**
 * People, workspaces and keys. The first four tables are better-auth's core schema (its
 * drizzle adapter maps user/session/account/verification onto them, server/auth/auth.ts);
 * workspaces, memberships and API keys are ours: roles and key scopes are the actions of
 * domain/auth/permissions.ts.
 */
const tz = (name: string) => timestamp(name, { withTimezone: true });
const createdAt = () => tz('created_at').defaultNow().notNull();
const updatedAt = () => tz('updated_at').defaultNow().notNull();

export const users = pgTable('users', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  email: text('email').notNull().unique(),
  emailVerified: boolean('email_verified').notNull().default(false),
  image: text('image'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    expiresAt: tz('expires_at').notNull(),
    token: text('token').notNull().unique(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    ipAddress: text('ip_address'),
    userAgent: text('user_agent'),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** The workspace this session acts in (one of the user's memberships). */
    activeWorkspaceId: text('active_workspace_id'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

export const accounts = pgTable(
  'accounts',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull(),
    providerId: text('provider_id').notNull(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    accessToken: text('access_token'),
    refreshToken: text('refresh_token'),
    idToken: text('id_token'),
    accessTokenExpiresAt: tz('access_token_expires_at'),
    refreshTokenExpiresAt: tz('refresh_token_expires_at'),
    scope: text('scope'),
    password: text('password'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('accounts_user_idx').on(t.userId)],
);

export const verifications = pgTable('verifications', {
  id: text('id').primaryKey(),
  identifier: text('identifier').notNull(),
  value: text('value').notNull(),
  expiresAt: tz('expires_at').notNull(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const workspaces = pgTable('workspaces', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  createdAt: createdAt(),
});

export const memberships = pgTable(
  'memberships',
  {
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role').$type<Role>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.userId] }),
    check('memberships_role_check', sql`${t.role} in ('clinician', 'engineer', 'admin')`),
  ],
);

/**
 * Integrator keys: only sha256(secret) is stored; the secret is shown once at creation. A key
 * acts in one workspace with an explicit list of actions, until it expires or is revoked.
 */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id),
    name: text('name').notNull(),
    /** First characters of the secret, to recognise a key in lists and logs. */
    prefix: text('prefix').notNull(),
    secretSha256: text('secret_sha256').notNull().unique(),
    actions: jsonb('actions').$type<Action[]>().notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
    expiresAt: tz('expires_at'),
    revokedAt: tz('revoked_at'),
    lastUsedAt: tz('last_used_at'),
  },
  (t) => [index('api_keys_workspace_idx').on(t.workspaceId)],
);

/**
 * Failed sign-ins per account (lower-cased email), for lockout with backoff. Counted per
 * account, not per client address, so rotating X-Forwarded-For does not reset it.
 */
export const signInFailures = pgTable('sign_in_failures', {
  email: text('email').primaryKey(),
  failures: integer('failures').notNull().default(0),
  lockedUntil: tz('locked_until'),
  lastFailureAt: tz('last_failure_at').defaultNow().notNull(),
});
