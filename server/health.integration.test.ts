import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, createDb, type Db } from '../drizzle/client';
import { createTestDatabase, type TestDatabase } from '../drizzle/test-db';
import { startTemporalServer, type TemporalTestServer } from '../workflows/dev-server';
import { healthResponse } from './health';

/**
 * /api/health used to answer 200 "ok" while the database was down. Each dependency is now
 * probed (with a short timeout) and a down one gives 503 naming it. Real PostgreSQL, a real
 * Temporal dev server, and a loopback listener that accepts and never answers (a hung server).
 */
function silentListener(): Promise<{ port: number; close: () => void }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on('error', () => {});
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    port: (server.address() as net.AddressInfo).port,
    close: () => {
      for (const s of sockets) s.destroy();
      server.close();
    },
  })));
}

describe('/api/health reports each component (security: availability)', () => {
  let t: TestDatabase;
  let temporal: TemporalTestServer;
  let silent: Awaited<ReturnType<typeof silentListener>>;
  beforeAll(async () => {
    [t, temporal, silent] = await Promise.all([createTestDatabase({ migrate: false }), startTemporalServer(), silentListener()]);
  });
  afterAll(async () => {
    silent?.close();
    await Promise.all([t?.drop(), temporal?.stop()]);
  });

  it('200 with every component ok when PostgreSQL and Temporal answer', async () => {
    const res = await healthResponse({ db: async () => t.db, temporal: { address: temporal.address, namespace: 'default' }, timeoutMs: 5_000 });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      status: 'ok', ok: true, executor: 'temporal',
      database: { ok: true, driver: 'postgres', ms: expect.any(Number) },
      temporal: { ok: true, namespace: 'default', ms: expect.any(Number) },
    });
  });

  it('503 naming the database when its server hangs, within the timeout', async () => {
    const url = new URL(t.url);
    url.port = String(silent.port);
    const hung: Db = await createDb(url.toString(), { max: 1, connectTimeoutSeconds: 30 });
    try {
      const started = performance.now();
      const res = await healthResponse({ db: async () => hung, timeoutMs: 500 });
      expect(performance.now() - started).toBeLessThan(2_000);
      expect(res.status).toBe(503);
      const body = await res.json();
      expect(body).toMatchObject({ status: 'unavailable', ok: false, executor: 'embedded', database: { ok: false, error: 'no answer within 500 ms' } });
      expect(body.temporal).toBeUndefined();
    } finally {
      await closeDb(hung).catch(() => {});
    }
  });

  it('503 when the database cannot be opened at all (readiness rejects), without leaking the address', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 10.1.2.3:5432'), { code: 'ECONNREFUSED' });
    const res = await healthResponse({ db: () => Promise.reject(refused), timeoutMs: 500 });
    expect(res.status).toBe(503);
    const body = await res.json();
    expect(body.database).toMatchObject({ ok: false, error: expect.any(String) });
    expect(JSON.stringify(body)).not.toContain('10.1.2.3');
  });

  it('503 naming Temporal when it is configured but does not answer, the database being fine', async () => {
    for (const address of [`127.0.0.1:${silent.port}`, '127.0.0.1:1']) {
      const res = await healthResponse({ db: async () => t.db, temporal: { address, namespace: 'default' }, timeoutMs: 1_000 });
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ ok: false, database: { ok: true }, temporal: { ok: false, error: expect.any(String) } });
    }
  });
});
