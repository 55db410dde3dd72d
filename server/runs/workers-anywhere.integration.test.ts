import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { costLedger, runNodes } from '../../drizzle/schema';
import { planChains } from '../../domain/graph/chains';
import { planExecution } from '../../domain/graph/plan';
import { createTestDatabase, type TestDatabase } from '../../drizzle/test-db';
import { prepareDemo } from '../../test/material';
import { hasWeed, startSeaweedFs, type S3TestServer } from '../../test/seaweedfs';
import { startWorkerProcess } from '../../test/worker-process';
import { startTemporalServer, type TemporalTestServer } from '../../workflows/dev-server';
import { PipelineClient } from '../../workflows/client';
import { workerQueue } from '../../workflows/queues';
import { createTemporalExecutor } from '../../workflows/temporal-executor';
import { openBlobStore } from '../blobs/open';
import type { S3BlobStore } from '../blobs/s3-store';
import type { ServiceDeps } from '../context';
import { parseEnv } from '../env';
import { startRun } from './service';

/**
 * "Workers anywhere": the studio (this process) and two Temporal worker processes, each with its
 * own STUDIO_DATA_DIR (no shared disk), sharing only PostgreSQL, Temporal and a real
 * S3-compatible object store (SeaweedFS). The worker running a node is killed with SIGKILL
 * mid-run; the run completes on the other worker, every node charged exactly once, and the
 * studio downloads the outputs from the bucket.
 */
let tdb: TestDatabase;
let temporal: TemporalTestServer;
let weed: S3TestServer;
const dirs: string[] = [];
const tempDir = (name: string) => {
  const d = mkdtempSync(path.join(os.tmpdir(), `studio-${name}-`));
  dirs.push(d);
  return d;
};

beforeAll(async () => {
  if (!hasWeed()) return;
  [tdb, temporal, weed] = await Promise.all([createTestDatabase(), startTemporalServer(), startSeaweedFs()]);
});

afterAll(async () => {
  await Promise.all([temporal?.stop(), weed?.stop(), tdb?.drop()]);
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const nodeRows = (runId: string) => tdb.db.select().from(runNodes).where(eq(runNodes.runId, runId));

describe.runIf(hasWeed())('workers on separate data directories over S3', () => {
  it('a worker killed mid-run: the run completes on the other, charged once, outputs in the bucket', async () => {
    const bucket = await weed.bucket('anywhere');
    const s3env = weed.env(bucket);
    const studioDir = tempDir('studio');
    const blobs = openBlobStore(parseEnv(s3env), studioDir) as S3BlobStore;
    const svc: ServiceDeps = { db: tdb.db, blobs };
    // Large enough that the model node takes seconds and the intermediate volumes weigh tens of MB.
    const p = await prepareDemo(svc, { size: 192 });

    const taskQueue = `studio-anywhere-${process.pid}`;
    const base = { DATABASE_URL: tdb.url, TEMPORAL_ADDRESS: temporal.address, TEMPORAL_TASK_QUEUE: taskQueue, ORT_THREADS: '1', ...s3env };
    const workerDirs = [tempDir('worker-a'), tempDir('worker-b')];
    const workers: Awaited<ReturnType<typeof startWorkerProcess>>[] = [];
    const executor = createTemporalExecutor({ address: temporal.address, namespace: temporal.namespace, taskQueue, heartbeatTimeoutMs: 3_000 });
    try {
      // Both workers poll before the run starts. The first worker seen running a node after having
      // finished and stored another one of this run is killed (SIGKILL) inside it: its stored
      // nodes stay its own, the rest runs on the other worker. (A node whose value only the next
      // node of its chain reads is handed over in memory, not stored: a retry recomputes it.)
      workers.push(...(await Promise.all(workerDirs.map((dir) => startWorkerProcess({ ...base, STUDIO_DATA_DIR: dir })))));
      const { runId } = await startRun({ ...svc, executor: async () => executor }, { versionId: p.versionId, scanId: p.scanId });
      const ids = workers.map((w) => `${os.hostname()}:${w.pid}`);
      const { running, before } = await vi.waitFor(async () => {
        const rows = await nodeRows(runId);
        const busy = rows.find((r) => r.status === 'running' && rows.some((d) => d.status === 'succeeded' && d.outputs && d.worker === r.worker));
        expect(busy && ids.includes(busy.worker!)).toBeTruthy();
        return { running: busy!, before: rows };
      }, { timeout: 120_000, interval: 20 });
      const victim = workers[ids.indexOf(running.worker!)];
      const survivor = workers[1 - ids.indexOf(running.worker!)];
      const onVictim = running.worker!;
      victim.kill();
      const doneBefore = before.filter((r) => r.status === 'succeeded' && r.outputs).map((r) => r.nodeId);

      const result = await executor.wait(runId);
      expect(result.error).toBeNull();
      expect(result.status).toBe('succeeded');

      const rows = await nodeRows(runId);
      expect(rows).toHaveLength(p.graph.nodes.length);
      expect(rows.every((r) => r.status === 'succeeded')).toBe(true);
      // The killed node started on the victim and was finished by the survivor; the nodes the
      // victim had finished and stored stay its own (not recomputed): the run spans both workers.
      const redone = rows.find((r) => r.nodeId === running.nodeId)!;
      expect(redone).toMatchObject({ worker: `${os.hostname()}:${survivor.pid}`, attempts: 2 });
      for (const id of doneBefore) expect(rows.find((r) => r.nodeId === id), id).toMatchObject({ attempts: 1, worker: before.find((r) => r.nodeId === id)!.worker });
      expect(new Set(rows.map((r) => r.worker))).toEqual(new Set([onVictim, redone.worker]));

      // Charged exactly once: one charge per node, none for the lost attempt.
      const charges = (await tdb.db.select().from(costLedger).where(eq(costLedger.runId, runId))).filter((l) => l.kind === 'charge');
      expect(charges.map((c) => c.nodeId).sort()).toEqual(p.graph.nodes.map((n) => n.id).sort());
      expect(rows.every((r) => r.costNano !== null && charges.find((c) => c.nodeId === r.nodeId)!.amountNano === r.costNano)).toBe(true);

      // The studio reads every output from the bucket (verified against its address) with a cold cache.
      expect(result.artifacts.length).toBeGreaterThanOrEqual(3);
      const studio = openBlobStore(parseEnv(s3env), tempDir('studio-fresh')) as S3BlobStore;
      for (const a of result.artifacts) {
        const bytes = await studio.read(a.sha256);
        expect(createHash('sha256').update(bytes).digest('hex')).toBe(a.sha256);
        expect(bytes.length).toBe(a.size);
      }
      expect(studio.cache.stats().misses).toBe(new Set(result.artifacts.map((a) => a.sha256)).size);
      // No shared disk: the workers kept their copies under their own data directories.
      for (const dir of workerDirs) expect(readdirSync(dir)).not.toContain('blobs');

      // Routing by target asks Temporal who polls: CPU workers serve the run queue, nobody the GPU one,
      // so a run asking for cuda would keep its model nodes on CPU here (workflows/queues.ts).
      const client = await PipelineClient.connect({ address: temporal.address, namespace: temporal.namespace });
      try {
        expect(await client.activityPollers(taskQueue)).toBeGreaterThan(0);
        expect(await client.activityPollers(workerQueue(taskQueue, 'cuda'))).toBe(0);
      } finally {
        await client.close();
      }

      // The survivor's cache: a node reading what an earlier node on the same worker wrote never
      // downloads it (at least one hit per edge between two activities whose two ends ran there;
      // inside a chain the value is handed over in memory). Printed for the README.
      await survivor.stop();
      const stats = JSON.parse(/\[worker\] blob cache (\{.*\})/.exec(survivor.log())![1]) as { hits: number; misses: number; bytesHit: number; bytesFetched: number };
      const on = new Map(rows.map((r) => [r.nodeId, r.worker]));
      const who = (w: string | null) => (w === onVictim ? 'killed' : 'survivor');
      const plan = planExecution(p.graph);
      const heads = new Set([...planChains('steps' in plan ? plan.steps : []).values()].map((c) => c[0]));
      const local = p.graph.edges.filter((e) => heads.has(e.target.node) && on.get(e.source.node) === on.get(e.target.node) && on.get(e.target.node) === redone.worker).length;
      expect(stats.hits).toBeGreaterThanOrEqual(local);
      // What the survivor downloaded: the victim's outputs it read (and the model), nothing it wrote itself.
      expect(stats.misses).toBeGreaterThan(0);
      const nodes = rows.map((r) => `${r.nodeId}:${who(r.worker)}:${Math.round(r.ms ?? 0)}ms`).join(' ');
      console.info(`[workers-anywhere] killed in ${running.nodeId}; ${nodes}; survivor cache ${JSON.stringify(stats)}; edges within the survivor: ${local}`);
    } finally {
      for (const w of workers) w.kill();
      await executor.close();
    }
  });
});
