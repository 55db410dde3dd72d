import net from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorResponse, mapError } from '../server/errors';
import { closeDb, createDb } from './client';
import { createTestDatabase, type TestDatabase } from './test-db';

/**
 * A hung database must fail requests within seconds with the typed 503 DATABASE_UNAVAILABLE
 * (it used to hang them 90 s and more, then answer 500). The hang is real: a loopback TCP
 * proxy in front of the real PostgreSQL that accepts connections and never forwards a byte.
 */
function stallingProxy(): Promise<{ port: number; accepted: () => number; close: () => void }> {
  const sockets = new Set<net.Socket>();
  let accepted = 0;
  const server = net.createServer((s) => {
    accepted++;
    sockets.add(s); // hold it open, read nothing, answer nothing
    s.on('error', () => {});
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({
      port: (server.address() as net.AddressInfo).port,
      accepted: () => accepted,
      close: () => {
        for (const s of sockets) s.destroy();
        server.close();
      },
    }));
  });
}

async function failureOf(p: Promise<unknown>): Promise<{ error: unknown; ms: number }> {
  const started = performance.now();
  const error = await p.then(() => undefined, (e: unknown) => e);
  return { error, ms: performance.now() - started };
}

describe('database timeouts (real PostgreSQL, security: availability)', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase({ migrate: false });
  });
  afterAll(async () => t?.drop());

  it('a server that accepts and then stalls gives DATABASE_UNAVAILABLE (503) within the connect timeout', async () => {
    const proxy = await stallingProxy();
    const url = new URL(t.url);
    url.port = String(proxy.port);
    const db = await createDb(url.toString(), { max: 1, connectTimeoutSeconds: 1 });
    try {
      const { error, ms } = await failureOf(db.execute(sql`select 1`));
      expect(proxy.accepted()).toBeGreaterThan(0);
      expect(error).toBeDefined();
      expect(ms).toBeLessThan(3_000);
      const res = errorResponse(error);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ error: { code: 'DATABASE_UNAVAILABLE', message: expect.not.stringContaining('127.0.0.1') } });
    } finally {
      await closeDb(db);
      proxy.close();
    }
  });

  it('a statement running past the statement timeout gives DATABASE_UNAVAILABLE (503) within the bound', async () => {
    const db = await createDb(t.url, { max: 1, statementTimeoutMs: 500 });
    try {
      const { error, ms } = await failureOf(db.execute(sql`select pg_sleep(30)`));
      expect(ms).toBeLessThan(3_000);
      expect(mapError(error)).toMatchObject({ http: 503, trpc: 'SERVICE_UNAVAILABLE', client: { code: 'DATABASE_UNAVAILABLE' } });
      // The pool is usable again afterwards: only that statement was cancelled.
      expect([...(await db.execute(sql`select 1 as one`)) as unknown as unknown[]]).toEqual([{ one: 1 }]);
    } finally {
      await closeDb(db);
    }
  });

  it('ordinary errors stay what they were (a syntax error is not an outage)', async () => {
    const db = await createDb(t.url, { max: 1 });
    try {
      const { error } = await failureOf(db.execute(sql`select frobnicate(`));
      expect(mapError(error).client.code).toBe('INTERNAL');
    } finally {
      await closeDb(db);
    }
  });
});
