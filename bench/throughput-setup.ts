// Shared ground of `npm run bench -- --only=throughput`: a fresh database on the real
// PostgreSQL (127.0.0.1:5432), a Temporal dev server on loopback, the blob store (one local data
// directory every worker process shares, or with `--store=s3` a SeaweedFS bucket and a data
// directory per worker), the two pipelines published, and the helpers
// that queue runs and wait for them (bounded polling of the runs table).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inArray } from 'drizzle-orm';
import { LocalBlobStore } from '../server/blobs/local-store';
import { openBlobStore } from '../server/blobs/open';
import { parseEnv } from '../server/env';
import { startSeaweedFs, type S3TestServer } from '../test/seaweedfs';
import type { BlobStore } from '../server/blobs/store';
import type { ServiceDeps } from '../server/context';
import { startRun } from '../server/runs/service';
import { createTestDatabase, type TestDatabase } from '../drizzle/test-db';
import { runNodes, runs } from '../drizzle/schema';
import type { Executor } from '../workflows/contract';
import { startTemporalServer, type TemporalTestServer } from '../workflows/dev-server';
import { hasCorpus, prepareBrainCrop, prepareDemo, type Prepared } from '../test/material';

export interface Ground {
  tdb: TestDatabase;
  server: TemporalTestServer;
  dataDir: string;
  blobs: BlobStore;
  /** What the bench's store is: the local data directory every worker shares, or an S3 bucket (SeaweedFS) with a data directory per worker. */
  store: 'local' | 's3';
  /** The blob-store environment of a worker process (its own data directory when the store is S3). */
  workerEnv(): Record<string, string>;
  svc: ServiceDeps;
  cases: { name: string; p: Prepared }[];
  /** The small demo (24^3 phantom) for the 100-run burst. */
  small: Prepared;
  close(): Promise<void>;
}

export async function ground(opts: { store?: 'local' | 's3' } = {}): Promise<Ground> {
  const store = opts.store ?? 'local';
  const [db, srv, s3] = await Promise.allSettled([createTestDatabase(), startTemporalServer(), store === 's3' ? startSeaweedFs() : Promise.resolve(undefined)]);
  if (db.status === 'rejected' || srv.status === 'rejected' || s3.status === 'rejected') {
    // one came up without the others: stop it, or its connection keeps the process alive
    if (db.status === 'fulfilled') await db.value.drop();
    if (srv.status === 'fulfilled') await srv.value.stop();
    if (s3.status === 'fulfilled') await s3.value?.stop();
    throw [db, srv, s3].find((r): r is PromiseRejectedResult => r.status === 'rejected')!.reason;
  }
  const [tdb, server, weed] = [db.value, srv.value, s3.value as S3TestServer | undefined];
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'studio-throughput-'));
  const dirs = [dataDir];
  const s3env = weed ? weed.env(await weed.bucket('bench')) : undefined;
  const blobs = s3env ? openBlobStore(parseEnv(s3env), dataDir) : new LocalBlobStore(dataDir);
  const svc: ServiceDeps = { db: tdb.db, blobs };
  const cases = [{ name: 'demo-tissue (phantom 128^3)', p: await prepareDemo(svc) }];
  const small = await prepareDemo(svc, { size: 24 });
  if (hasCorpus) cases.push({ name: 'brain-gwm-64tiles (T1, 64^3 crop, 1 tile)', p: await prepareBrainCrop(svc) });
  return {
    tdb, server, dataDir, blobs, svc, cases, small, store,
    workerEnv() {
      if (!s3env) return { STUDIO_DATA_DIR: dataDir };
      const own = mkdtempSync(path.join(os.tmpdir(), 'studio-throughput-worker-'));
      dirs.push(own);
      return { ...s3env, STUDIO_DATA_DIR: own };
    },
    async close() {
      await server.stop();
      await weed?.stop();
      await tdb.drop();
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    },
  };
}

export const TERMINAL = new Set(['succeeded', 'failed', 'cancelled']);

/** Queues `n` runs of `p` at once through `executor`; returns their ids in queue order. */
export async function queueRuns(svc: ServiceDeps, executor: Executor, p: Prepared, n: number): Promise<string[]> {
  const deps = { ...svc, executor: async () => executor };
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push((await startRun(deps, { versionId: p.versionId, scanId: p.scanId })).runId);
  return ids;
}

/** Polls the runs table (every 100 ms, at most `timeoutMs`) until every run is terminal. */
export async function waitTerminal(svc: ServiceDeps, ids: string[], timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await svc.db.select({ id: runs.id, status: runs.status }).from(runs).where(inArray(runs.id, ids));
    const open = rows.filter((r) => !TERMINAL.has(r.status));
    if (rows.length === ids.length && !open.length) return;
    if (Date.now() > deadline) throw new Error(`${open.length} of ${ids.length} runs not terminal after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const pct = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
};
const r1 = (x: number) => Math.round(x * 10) / 10;

/**
 * Per run, from the database clock: queue wait (created -> first node started), compute
 * (first node started -> run finished), latency (created -> finished); and the batch's
 * studies/hour over its makespan (first created -> last finished).
 */
export async function timings(svc: ServiceDeps, ids: string[]) {
  const rows = await svc.db.select().from(runs).where(inArray(runs.id, ids));
  const nodes = await svc.db.select({ runId: runNodes.runId, startedAt: runNodes.startedAt, peakRss: runNodes.peakRssBytes }).from(runNodes).where(inArray(runNodes.runId, ids));
  const firstStart = new Map<string, number>();
  for (const n of nodes) {
    if (!n.startedAt) continue;
    const t = n.startedAt.getTime();
    firstStart.set(n.runId, Math.min(firstStart.get(n.runId) ?? t, t));
  }
  const per = rows.map((r) => {
    const created = r.createdAt.getTime();
    const finished = r.finishedAt?.getTime() ?? NaN;
    const started = firstStart.get(r.id) ?? finished;
    return { status: r.status, created, finished, wait: started - created, compute: finished - started, latency: finished - created };
  });
  const makespanMs = Math.max(...per.map((p) => p.finished)) - Math.min(...per.map((p) => p.created));
  const s = (k: 'wait' | 'compute' | 'latency') => ({ p50: r1(pct(per.map((p) => p[k]), 0.5)), p95: r1(pct(per.map((p) => p[k]), 0.95)) });
  return {
    studies: ids.length,
    succeeded: per.filter((p) => p.status === 'succeeded').length,
    terminal: per.filter((p) => TERMINAL.has(p.status)).length,
    makespanS: r1(makespanMs / 1000),
    studiesPerHour: Math.round((ids.length / makespanMs) * 3_600_000),
    latencyMs: s('latency'),
    queueWaitMs: s('wait'),
    computeMs: s('compute'),
    // the executing process's RSS (workflows/meter.ts), largest over every node of the batch
    peakWorkerRssMiB: Math.round(Math.max(...nodes.map((n) => n.peakRss ?? 0)) / 2 ** 20),
  };
}
