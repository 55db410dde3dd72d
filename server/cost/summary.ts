import { and, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import { costLedger, pipelines, pipelineVersions, runNodes, runs } from '../../drizzle/schema';
import type { NodeEstimate } from '../../domain/cost/estimate';
import { ServiceError } from '../errors';
import { ledgerOfRun, rateCardById } from './repo';
import type { ServiceDeps } from '../context';
import { peopleByIds } from '../members/people';

/**
 * Read side of costs: the cost page (totals by pipeline, version, user and day over a period)
 * and one run's estimate vs actual per node. Actual = the run's settled charges (browser runs
 * are recorded at 0); estimate = the figure the run started with.
 */
const estimateNano = sql<string>`coalesce((${runs.estimate}->'total'->'price'->>'totalNano')::bigint, 0)`;

export async function costSummary(deps: Pick<ServiceDeps, 'db'>, args: { workspaceId?: string; from: Date; to: Date }) {
  const where: SQL | undefined = and(gte(runs.createdAt, args.from), lt(runs.createdAt, args.to), args.workspaceId ? eq(runs.workspaceId, args.workspaceId) : undefined);
  const metrics = {
    runs: sql<number>`count(*)::int`,
    browserRuns: sql<number>`(count(*) filter (where ${runs.executor} = 'browser'))::int`,
    actualNano: sql<string>`coalesce(sum(${runs.actualCostNano}), 0)`,
    estimateNano: sql<string>`coalesce(sum(${estimateNano}), 0)`,
  };
  const num = <T extends { actualNano: string; estimateNano: string }>(r: T) => ({ ...r, actualNano: Number(r.actualNano), estimateNano: Number(r.estimateNano) });
  const byPipeline = await deps.db
    .select({ pipelineId: pipelines.id, pipelineName: pipelines.name, ...metrics })
    .from(runs)
    .innerJoin(pipelineVersions, eq(pipelineVersions.id, runs.pipelineVersionId))
    .innerJoin(pipelines, eq(pipelines.id, pipelineVersions.pipelineId))
    .where(where)
    .groupBy(pipelines.id, pipelines.name)
    .orderBy(sql`4 desc`);
  const byVersion = await deps.db
    .select({ versionId: pipelineVersions.id, pipelineName: pipelines.name, semver: pipelineVersions.semver, ...metrics })
    .from(runs)
    .innerJoin(pipelineVersions, eq(pipelineVersions.id, runs.pipelineVersionId))
    .innerJoin(pipelines, eq(pipelines.id, pipelineVersions.pipelineId))
    .where(where)
    .groupBy(pipelineVersions.id, pipelines.name, pipelineVersions.semver)
    .orderBy(pipelines.name, pipelineVersions.semver);
  const byUser = await deps.db.select({ userId: runs.createdBy, ...metrics }).from(runs).where(where).groupBy(runs.createdBy).orderBy(runs.createdBy);
  const day = sql<string>`to_char(${runs.createdAt} at time zone 'UTC', 'YYYY-MM-DD')`;
  const byDay = await deps.db.select({ day, ...metrics }).from(runs).where(where).groupBy(day).orderBy(day);
  // Downloads are charged to whoever downloads, outside any run (cost-ledger chargeDownload).
  const [downloads] = await deps.db
    .select({
      count: sql<number>`count(*)::int`,
      bytes: sql<string>`coalesce(sum((${costLedger.details}->'download'->>'bytes')::bigint), 0)`,
      actualNano: sql<string>`coalesce(sum(${costLedger.amountNano}), 0)`,
    })
    .from(costLedger)
    .where(and(sql`${costLedger.details}->'download' is not null`, gte(costLedger.at, args.from), lt(costLedger.at, args.to), args.workspaceId ? eq(costLedger.workspaceId, args.workspaceId) : undefined));
  const people = await peopleByIds(deps.db, byUser.map((r) => r.userId));
  return {
    from: args.from.toISOString(),
    to: args.to.toISOString(),
    downloads: { count: downloads.count, bytes: Number(downloads.bytes), actualNano: Number(downloads.actualNano) },
    byPipeline: byPipeline.map(num),
    byVersion: byVersion.map(num),
    byUser: byUser.map((r) => ({ ...r, actualNano: Number(r.actualNano), estimateNano: Number(r.estimateNano), person: people.get(r.userId) ?? null })),
    byDay: byDay.map(num),
  };
}

/** One run: estimate vs actual per node, and its ledger entries. */
export async function runCost(deps: Pick<ServiceDeps, 'db'>, runId: string) {
  const [run] = await deps.db.select().from(runs).where(eq(runs.id, runId));
  if (!run) throw new ServiceError('NOT_FOUND', `run ${runId} not found`);
  const nodes = await deps.db.select().from(runNodes).where(eq(runNodes.runId, runId));
  const card = run.rateCardId ? await rateCardById(deps.db, run.rateCardId) : undefined;
  const est = new Map<string, NodeEstimate>((run.estimate?.nodes ?? []).map((n) => [n.nodeId, n]));
  const order = (run.estimate?.nodes ?? []).map((n) => n.nodeId);
  const rows = nodes
    .map((n) => {
      const e = est.get(n.nodeId);
      return {
        nodeId: n.nodeId,
        kind: n.kind,
        status: n.status,
        estimateNano: e?.price.totalNano ?? null,
        estimateCpuSeconds: e?.usage.cpuSeconds ?? null,
        estimateWallSeconds: e?.wallSeconds ?? null,
        flops: e?.flops ?? null,
        notes: e?.notes ?? [],
        actualNano: n.costNano,
        cpuSeconds: n.cpuMs === null ? null : n.cpuMs / 1e3,
        wallSeconds: n.ms === null ? null : n.ms / 1e3,
        peakRssBytes: n.peakRssBytes,
      };
    })
    .sort((a, b) => (order.indexOf(a.nodeId) + 1 || 1e9) - (order.indexOf(b.nodeId) + 1 || 1e9));
  const ledger = (await ledgerOfRun(deps.db, runId)).map((l) => ({ kind: l.kind, nodeId: l.nodeId, amountNano: l.amountNano, at: l.at.toISOString() }));
  const estimateTotal = run.estimate?.total.price.totalNano ?? null;
  return {
    runId,
    workspaceId: run.workspaceId,
    createdBy: run.createdBy,
    executor: run.executor,
    status: run.status,
    currency: card?.currency ?? 'USD',
    rateCard: card ? { id: card.id, version: card.version } : null,
    estimateNano: estimateTotal,
    actualNano: run.actualCostNano,
    ratio: estimateTotal && run.actualCostNano !== null ? run.actualCostNano / estimateTotal : null,
    nodes: rows,
    ledger,
  };
}
