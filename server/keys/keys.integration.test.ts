import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeys, auditEvents, workspaces } from '../../drizzle/schema';
import type { ServiceDeps } from '../context';
import { authenticateApiKey, createApiKey, KEY_USE_RECORD_INTERVAL_MS, listApiKeys, revokeApiKey } from './service';
import { createTestServices } from '../test-fixtures';

const codeOf = (p: Promise<unknown>) => p.then(() => 'resolved', (e: { code?: string }) => e.code);

describe('API keys (real PostgreSQL)', () => {
  let deps: ServiceDeps & { close(): Promise<void> };
  beforeAll(async () => {
    deps = await createTestServices();
    await deps.db.insert(workspaces).values({ id: 'ws_other', name: 'Other' });
  });
  afterAll(async () => deps?.close());

  it('stores only a hash, shows the secret once, authenticates with the granted scopes and records last use', async () => {
    const { key, secret } = await createApiKey(deps, { workspaceId: 'ws_default', name: 'pacs bridge', actions: ['run.start', 'run.read'], createdBy: 'u-admin' });
    const [row] = await deps.db.select().from(apiKeys).where(eq(apiKeys.id, key.id));
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(row.secretSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(await listApiKeys(deps, 'ws_default'))).not.toContain(secret);

    const t0 = new Date();
    const p = await authenticateApiKey(deps, secret, t0);
    expect(p).toMatchObject({ kind: 'key', keyId: key.id, workspaceId: 'ws_default', actions: ['run.start', 'run.read'] });
    const [used] = await deps.db.select().from(apiKeys).where(eq(apiKeys.id, key.id));
    expect(used.lastUsedAt?.getTime()).toBe(t0.getTime());
    // Throttled: a second use within the interval does not write again; after it, it does.
    await authenticateApiKey(deps, secret, new Date(t0.getTime() + 1000));
    await authenticateApiKey(deps, secret, new Date(t0.getTime() + KEY_USE_RECORD_INTERVAL_MS + 1000));
    const events = await deps.db.select().from(auditEvents).where(eq(auditEvents.objectId, key.id));
    expect(events.map((e) => e.action)).toEqual(['key.created', 'key.used', 'key.used']);
  });

  it('refuses unknown, revoked and expired keys with distinct 401 codes; revoking is scoped to the workspace', async () => {
    expect(await codeOf(authenticateApiKey(deps, 'isk_nope'))).toBe('AUTH_KEY_INVALID');
    expect(await codeOf(authenticateApiKey(deps, 'Bearer-ish'))).toBe('AUTH_KEY_INVALID');
    const { key, secret } = await createApiKey(deps, { workspaceId: 'ws_default', name: 'k', actions: ['run.read'], createdBy: 'u-admin' });
    expect(await codeOf(revokeApiKey(deps, { workspaceId: 'ws_other', keyId: key.id }))).toBe('NOT_FOUND');
    await revokeApiKey(deps, { workspaceId: 'ws_default', keyId: key.id });
    expect(await codeOf(authenticateApiKey(deps, secret))).toBe('AUTH_KEY_REVOKED');

    const soon = new Date(Date.now() + 60_000);
    const expiring = await createApiKey(deps, { workspaceId: 'ws_other', name: 'e', actions: ['run.read'], createdBy: 'u-admin', expiresAt: soon });
    expect((await authenticateApiKey(deps, expiring.secret)).workspaceId).toBe('ws_other');
    expect(await codeOf(authenticateApiKey(deps, expiring.secret, new Date(soon.getTime() + 1)))).toBe('AUTH_KEY_EXPIRED');
  });

  it('never grants administration to a key', async () => {
    expect(await codeOf(createApiKey(deps, { workspaceId: 'ws_default', name: 'x', actions: ['key.manage'], createdBy: 'u' }))).toBe('BAD_REQUEST');
    expect(await codeOf(createApiKey(deps, { workspaceId: 'ws_default', name: 'x', actions: ['run.read'], createdBy: 'u', expiresAt: new Date(0) }))).toBe('BAD_REQUEST');
  });
});
