import { env } from '../env';
import { createServer, type Server } from 'node:http';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_WORKSPACE_ID } from '../../domain/auth/permissions';
import { webhookDeliveries } from '../../drizzle/schema';
import type { ServiceDeps } from '../context';
import { postWebhook } from './post';
import { checkWebhookTarget, type Resolve } from './target';
import { createTestServices } from '../test-fixtures';
import { createWebhook } from './service';
import { processDueDeliveries } from './dispatcher';

/**
 * DNS rebinding: the webhook's name resolved to a public address when it was checked and to
 * loopback when it was fetched (a second lookup). The connection now resolves once and checks
 * the very addresses it connects to. The resolver is injected: its first answer is public,
 * every later one is the loopback listener, which must never see a request.
 */
function listener() {
  let requests = 0;
  const server: Server = createServer((_req, res) => {
    requests++;
    res.end('ok');
  });
  const ready = new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
  return { ready, requests: () => requests, close: () => server.close() };
}

/** Answers `first` once, then `later` for ever (what a rebinding DNS server does). */
function rebinding(first: string, later: string): Resolve & { calls: string[] } {
  const calls: string[] = [];
  const resolve = async (host: string) => {
    calls.push(host);
    const address = calls.length === 1 ? first : later;
    return [{ address, family: address.includes(':') ? 6 : 4 }];
  };
  return Object.assign(resolve, { calls });
}

describe('security: webhook targets are filtered at connect time (DNS rebinding)', () => {
  const rx = listener();
  let port: number;
  let deps: ServiceDeps & { close(): Promise<void> };
  beforeAll(async () => {
    port = await rx.ready;
    deps = await createTestServices();
  });
  afterAll(async () => {
    rx.close();
    await deps?.close();
  });

  const post = (url: URL, resolve: Resolve, allowPrivate = false) =>
    postWebhook(url, { headers: { 'content-type': 'application/json' }, body: '{}', timeoutMs: 5_000, allowPrivate, resolve });

  it.each(['127.0.0.1', '::1', '::ffff:127.0.0.1', '10.0.0.5', '169.254.169.254', '100.64.1.1', 'fd00::1'])('refuses a name that passed the check and connects to %s', async (later) => {
    const url = new URL(`http://hooks.rebind.test:${port}/hook`);
    const resolve = rebinding('93.184.215.14', later);
    await expect(checkWebhookTarget(url, false, resolve)).resolves.toBeUndefined(); // the old check passes
    await expect(post(url, resolve)).rejects.toMatchObject({ code: 'WEBHOOK_TARGET_FORBIDDEN' });
    expect(resolve.calls).toEqual(['hooks.rebind.test', 'hooks.rebind.test']);
    expect(rx.requests()).toBe(0);
  });

  it('refuses an IP literal of a private address without any lookup; allows it when private targets are allowed', async () => {
    const resolve = rebinding('127.0.0.1', '127.0.0.1');
    await expect(post(new URL(`http://127.0.0.1:${port}/hook`), resolve)).rejects.toMatchObject({ code: 'WEBHOOK_TARGET_FORBIDDEN' });
    expect(rx.requests()).toBe(0);
    // The injected resolver really drives the connection: allowed, the same name reaches the listener.
    expect(await post(new URL(`http://hooks.rebind.test:${port}/hook`), resolve, true)).toEqual({ status: 200 });
    expect(rx.requests()).toBe(1);
  });

  it('the dispatcher records WEBHOOK_TARGET_FORBIDDEN for a rebinding target and sends nothing', async () => {
    const before = rx.requests();
    const saved = env.STUDIO_WEBHOOK_ALLOW_PRIVATE;
    env.STUDIO_WEBHOOK_ALLOW_PRIVATE = true; // create without a lookup (no network in tests)
    const { webhook } = await createWebhook(deps, { workspaceId: DEFAULT_WORKSPACE_ID, createdBy: 'usr_admin', url: `http://hooks.rebind.test:${port}/hook`, events: ['run.finished'] });
    env.STUDIO_WEBHOOK_ALLOW_PRIVATE = saved;
    await deps.db.insert(webhookDeliveries).values({ id: 'whd_rebind', webhookId: webhook.id, event: 'run.finished', runId: 'run_x', payload: { event: 'run.finished' } });
    const resolve = rebinding('93.184.215.14', '127.0.0.1');
    expect(await processDueDeliveries({ db: deps.db, resolve, allowPrivate: false })).toBe(1);
    const [row] = await deps.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, 'whd_rebind'));
    expect(row).toMatchObject({ attempts: 1, lastStatus: null, lastError: expect.stringContaining('WEBHOOK_TARGET_FORBIDDEN') });
    expect(resolve.calls).toHaveLength(2);
    expect(rx.requests()).toBe(before);
  });
});
