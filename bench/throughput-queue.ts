// Queued studies through W worker processes (`npm run worker`, each ORT_POOL_SIZE=1 with
// `ortThreads` intra-op threads and `slots` node activities at once), all polling one Temporal task queue and sharing the
// blob store (bench/throughput-setup.ts). Per configuration: a warm-up batch (one run per worker, not timed), then
// each pipeline's batch queued at once and timed from the database (bench/throughput-setup.ts).
import os from 'node:os';
import { and, inArray, sql } from 'drizzle-orm';
import { costLedger, runs } from '../drizzle/schema';
import { createTemporalExecutor } from '../workflows/temporal-executor';
import { startWorkerProcess } from '../test/worker-process';
import { queueRuns, timings, waitTerminal, type Ground } from './throughput-setup';

export async function queueBench(g: Ground, o: { workers: number; ortThreads: number; slots: number; counts: number[]; log: (...a: unknown[]) => void }) {
  const taskQueue = `bench-q${o.workers}-t${o.ortThreads}-s${o.slots}-${process.pid}`;
  const env = { DATABASE_URL: g.tdb.url, TEMPORAL_ADDRESS: g.server.address, TEMPORAL_TASK_QUEUE: taskQueue, ORT_THREADS: String(o.ortThreads), ORT_POOL_SIZE: '1', TEMPORAL_ACTIVITY_SLOTS: String(o.slots) };
  const workers = await Promise.all(Array.from({ length: o.workers }, () => startWorkerProcess({ ...env, ...g.workerEnv() }, { timeoutMs: 120_000 })));
  const executor = createTemporalExecutor({ address: g.server.address, namespace: g.server.namespace, taskQueue });
  try {
    const warm = [];
    for (const c of g.cases) warm.push(...(await queueRuns(g.svc, executor, c.p, o.workers)));
    await waitTerminal(g.svc, warm, 180_000);
    const out: Record<string, unknown> = {};
    for (const [i, c] of g.cases.entries()) {
      const busy = cpuBusy();
      const ids = await queueRuns(g.svc, executor, c.p, o.counts[i]);
      await waitTerminal(g.svc, ids, 600_000);
      const t = { ...(await timings(g.svc, ids)), machineCpuBusy: busy() };
      o.log(`throughput: ${o.workers} worker(s), ORT threads ${o.ortThreads}, ${o.slots} slot(s), ${c.name}: ${t.studiesPerHour} studies/h, latency p50 ${t.latencyMs.p50} ms`);
      out[c.name] = t;
    }
    return out;
  } finally {
    await executor.close();
    await Promise.all(workers.map((w) => w.stop()));
  }
}

/** The share of the machine's CPU time (all cores) spent busy from now until the returned function is called: how much room a batch left. */
function cpuBusy(): () => number {
  const sample = () => os.cpus().reduce((a, c) => ({ idle: a.idle + c.times.idle, all: a.all + Object.values(c.times).reduce((x, y) => x + y, 0) }), { idle: 0, all: 0 });
  const start = sample();
  return () => {
    const end = sample();
    return Math.round((1 - (end.idle - start.idle) / (end.all - start.all)) * 100) / 100;
  };
}

/**
 * 100 runs (or `n`) queued at once: every run terminal, none lost (as many run rows as ids,
 * all succeeded), none charged twice (one reservation, one release and one charge per node in
 * the ledger: the idempotency keys are unique, so a duplicate would show as a missing count).
 */
export async function burst(g: Ground, o: { n: number; workers: number; timeoutMs: number }) {
  const taskQueue = `bench-burst-${process.pid}`;
  const env = { DATABASE_URL: g.tdb.url, TEMPORAL_ADDRESS: g.server.address, TEMPORAL_TASK_QUEUE: taskQueue, ORT_THREADS: '1', ORT_POOL_SIZE: '1' };
  const workers = await Promise.all(Array.from({ length: o.workers }, () => startWorkerProcess({ ...env, ...g.workerEnv() }, { timeoutMs: 120_000 })));
  const executor = createTemporalExecutor({ address: g.server.address, namespace: g.server.namespace, taskQueue });
  try {
    const p = g.small;
    const t0 = performance.now();
    const ids = await Promise.all(Array.from({ length: o.n }, () => queueRuns(g.svc, executor, p, 1).then(([id]) => id)));
    const queuedMs = performance.now() - t0;
    await waitTerminal(g.svc, ids, o.timeoutMs);
    return { ...(await ledgerCheck(g, ids, p.graph.nodes.length)), queuedInMs: Math.round(queuedMs), ...(await timings(g.svc, ids)) };
  } finally {
    await executor.close();
    await Promise.all(workers.map((w) => w.stop()));
  }
}

/** Ledger rows per run, by kind: the counts a run that was charged exactly once must show. */
export async function ledgerCheck(g: Pick<Ground, 'svc'>, ids: string[], nodes: number) {
  const rows = await g.svc.db
    .select({ runId: costLedger.runId, kind: costLedger.kind, n: sql<number>`count(*)::int` })
    .from(costLedger)
    .where(and(inArray(costLedger.runId, ids), inArray(costLedger.kind, ['reservation', 'release', 'charge'])))
    .groupBy(costLedger.runId, costLedger.kind);
  const per = new Map(ids.map((id) => [id, { reservation: 0, release: 0, charge: 0 }]));
  for (const r of rows) per.get(r.runId!)![r.kind] = r.n;
  const bad = [...per.entries()].filter(([, c]) => c.reservation !== 1 || c.release !== 1 || c.charge !== nodes);
  const [{ n: runRows }] = await g.svc.db.select({ n: sql<number>`count(*)::int` }).from(runs).where(inArray(runs.id, ids));
  return { queued: ids.length, runRows, runsWithWrongLedger: bad.length, wrongLedgerSample: bad.slice(0, 3).map(([id, c]) => ({ id, ...c })) };
}
