import { randomBytes } from 'node:crypto';
import { and, desc, eq, isNull, lt, or } from 'drizzle-orm';
import { KEY_ACTIONS, type Action, type Principal } from '../../domain/auth/permissions';
import { apiKeys } from '../../drizzle/schema';
import { sha256HexSync as sha256 } from '../../runtimes/server/sha256';
import { ServiceError } from '../errors';
import { newId } from '../ids';
import { audited, recordAudit } from '../audit/service';
import type { ServiceDeps } from '../context';

/**
 * Integrator API keys. The secret (`isk_<43 base64url chars>`) is returned once by
 * `createApiKey`; only its sha256 is stored, so a database leak does not leak usable keys.
 * A key acts in one workspace with the actions it was granted (a subset of KEY_ACTIONS).
 */
const SECRET_PREFIX = 'isk_';
/** lastUsedAt (and the 'key.used' audit event) is written at most this often per key. */
export const KEY_USE_RECORD_INTERVAL_MS = 60_000;

export type ApiKeyRow = typeof apiKeys.$inferSelect;

export function apiKeyDto(k: ApiKeyRow) {
  return {
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    actions: k.actions,
    createdBy: k.createdBy,
    createdAt: k.createdAt.toISOString(),
    expiresAt: k.expiresAt?.toISOString() ?? null,
    revokedAt: k.revokedAt?.toISOString() ?? null,
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
  };
}

export async function createApiKey(
  deps: Pick<ServiceDeps, 'db' | 'audit'>,
  args: { workspaceId: string; name: string; actions: Action[]; createdBy: string; expiresAt?: Date | null },
) {
  const refused = args.actions.filter((a) => !KEY_ACTIONS.includes(a));
  if (refused.length) throw new ServiceError('BAD_REQUEST', `API keys cannot be granted: ${refused.join(', ')}`, { refused });
  if (args.expiresAt && args.expiresAt.getTime() <= Date.now()) throw new ServiceError('BAD_REQUEST', 'expiresAt must be in the future');
  const secret = SECRET_PREFIX + randomBytes(32).toString('base64url');
  const row = await audited(
    deps,
    async (tx) => {
      const [inserted] = await tx
        .insert(apiKeys)
        .values({
          id: newId('key'),
          workspaceId: args.workspaceId,
          name: args.name,
          prefix: secret.slice(0, 12),
          secretSha256: sha256(secret),
          actions: [...new Set(args.actions)],
          createdBy: args.createdBy,
          expiresAt: args.expiresAt ?? null,
        })
        .returning();
      return inserted;
    },
    (k) => ({ action: 'key.created', objectType: 'key', objectId: k.id, workspaceId: k.workspaceId, details: { workspaceId: k.workspaceId, actions: k.actions, expiresAt: k.expiresAt?.toISOString() ?? null } }),
  );
  return { key: apiKeyDto(row), secret };
}

export async function listApiKeys(deps: Pick<ServiceDeps, 'db'>, workspaceId: string) {
  const rows = await deps.db.select().from(apiKeys).where(eq(apiKeys.workspaceId, workspaceId)).orderBy(desc(apiKeys.createdAt));
  return rows.map(apiKeyDto);
}

export async function revokeApiKey(deps: Pick<ServiceDeps, 'db' | 'audit'>, args: { workspaceId: string; keyId: string }) {
  const row = await audited(
    deps,
    async (tx) => {
      const [k] = await tx
        .update(apiKeys)
        .set({ revokedAt: new Date() })
        .where(and(eq(apiKeys.id, args.keyId), eq(apiKeys.workspaceId, args.workspaceId), isNull(apiKeys.revokedAt)))
        .returning();
      return k ?? null;
    },
    (k) => (k ? { action: 'key.revoked', objectType: 'key', objectId: k.id, workspaceId: k.workspaceId, details: { workspaceId: k.workspaceId } } : null),
  );
  if (!row) throw new ServiceError('NOT_FOUND', `No active API key ${args.keyId} in this workspace`);
  return apiKeyDto(row);
}

/**
 * The principal of a presented secret, or a typed 401: unknown (AUTH_KEY_INVALID), revoked
 * (AUTH_KEY_REVOKED) or expired (AUTH_KEY_EXPIRED). Records last use (throttled) and audits it.
 */
export async function authenticateApiKey(
  deps: Pick<ServiceDeps, 'db' | 'audit'>,
  secret: string,
  now = new Date(),
): Promise<Extract<Principal, { kind: 'key' }>> {
  if (!secret.startsWith(SECRET_PREFIX)) throw new ServiceError('AUTH_KEY_INVALID', 'Not a studio API key');
  const [k] = await deps.db.select().from(apiKeys).where(eq(apiKeys.secretSha256, sha256(secret)));
  if (!k) throw new ServiceError('AUTH_KEY_INVALID', 'Unknown API key');
  if (k.revokedAt) throw new ServiceError('AUTH_KEY_REVOKED', `API key ${k.prefix}… was revoked`, { keyId: k.id });
  if (k.expiresAt && k.expiresAt <= now) throw new ServiceError('AUTH_KEY_EXPIRED', `API key ${k.prefix}… expired`, { keyId: k.id });
  const stale = new Date(now.getTime() - KEY_USE_RECORD_INTERVAL_MS);
  const touched = await deps.db
    .update(apiKeys)
    .set({ lastUsedAt: now })
    .where(and(eq(apiKeys.id, k.id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, stale))))
    .returning({ id: apiKeys.id });
  const principal = { kind: 'key' as const, keyId: k.id, workspaceId: k.workspaceId, actions: k.actions, createdBy: k.createdBy };
  if (touched.length) {
    await recordAudit(
      { db: deps.db, audit: { actor: { type: 'key', id: k.id }, origin: { ...deps.audit?.origin, keyId: k.id, workspaceId: k.workspaceId } } },
      { action: 'key.used', objectType: 'key', objectId: k.id, details: { workspaceId: k.workspaceId } },
    );
  }
  return principal;
}
