import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { LocalBlobStore } from '../blobs/local-store';
import { createRunDepsFor } from './deps';
import { startRun } from './service';
import type { ServiceDeps } from '../context';
import { createTestDatabase, type TestDatabase } from '../../drizzle/test-db';
import { costLedger, runs } from '../../drizzle/schema';
import { createServerRuntime, type ServerRuntime } from '../../runtimes/server';
import { prepareDemo } from '../../test/material';
import { startTemporalServer, type TemporalTestServer } from '../../workflows/dev-server';
import { createTemporalExecutor } from '../../workflows/temporal-executor';

/**
 * 100 runs of the small demo queued at once on a real Temporal dev server and PostgreSQL:
 * every run reaches a terminal status (polled, bounded), none is lost, none is charged twice
 * (one reservation, one release and exactly one charge per node in the ledger).
 */
const N = 100;
let tdb: TestDatabase;
let server: TemporalTestServer;
let dataDir: string;
let inference: ServerRuntime;

beforeAll(async () => {
  [tdb, server] = await Promise.all([createTestDatabase(), startTemporalServer()]);
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'studio-burst-'));
  inference = createServerRuntime({ size: 1, intraOpNumThreads: 1 });
});

afterAll(async () => {
  await inference?.dispose();
  await server?.stop();
  await tdb?.drop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

it(`${N} runs queued at once: all terminal, none lost, none charged twice`, { timeout: 480_000 }, async () => {
  const blobs = new LocalBlobStore(dataDir);
  const svc: ServiceDeps = { db: tdb.db, blobs };
  const p = await prepareDemo(svc, { size: 24 });
  const temporal = createTemporalExecutor({ address: server.address, namespace: server.namespace, taskQueue: 'burst', inProcessWorker: createRunDepsFor(tdb.db, blobs, inference) });
  try {
    const deps = { ...svc, executor: async () => temporal };
    const ids = await Promise.all(Array.from({ length: N }, () => startRun(deps, { versionId: p.versionId, scanId: p.scanId }).then((r) => r.runId)));
    expect(new Set(ids).size).toBe(N);

    const deadline = Date.now() + 420_000;
    let statuses: { id: string; status: string }[] = [];
    for (;;) {
      statuses = await tdb.db.select({ id: runs.id, status: runs.status }).from(runs).where(inArray(runs.id, ids));
      if (statuses.every((r) => ['succeeded', 'failed', 'cancelled'].includes(r.status)) || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(statuses).toHaveLength(N);
    expect(statuses.filter((r) => r.status !== 'succeeded')).toEqual([]);

    const ledger = await tdb.db
      .select({ runId: costLedger.runId, kind: costLedger.kind, n: sql<number>`count(*)::int` })
      .from(costLedger)
      .where(inArray(costLedger.runId, ids))
      .groupBy(costLedger.runId, costLedger.kind);
    const per = new Map(ids.map((id) => [id, { reservation: 0, release: 0, charge: 0 }]));
    for (const r of ledger) per.get(r.runId!)![r.kind] = r.n;
    const expected = { reservation: 1, release: 1, charge: p.graph.nodes.length };
    expect([...per.entries()].filter(([, c]) => c.reservation !== 1 || c.release !== 1 || c.charge !== expected.charge)).toEqual([]);
  } finally {
    await temporal.close();
  }
});
