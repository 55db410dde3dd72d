import { and, asc, eq, isNull, lt, or } from 'drizzle-orm';
import type { RuleSpec } from '../../domain/routing/rule';
import { routingMatches, routingRuleVersions, runs } from '../../drizzle/schema';
import { audited } from '../audit/service';
import type { ServiceDeps } from '../context';
import { scanFromSeries } from '../dicom-store/from-series';
import { ServiceError } from '../errors';
import { activeVersionOf, startRun } from '../runs/service';

/** Matches whose run is started per call, and how long one process holds a claimed match. */
const BATCH = 10;
const CLAIM_MS = 5 * 60_000;
/** Errors that do not refuse the match: the start is tried again when the claim runs out. */
const TRANSIENT = new Set(['SHUTTING_DOWN', 'DATABASE_UNAVAILABLE', 'INTERNAL']);

type Claimed = typeof routingMatches.$inferSelect & { spec: RuleSpec };

/** The deps a routed run is started with: the system, acting in the rule's workspace. */
export function routingDeps<T extends ServiceDeps>(deps: T, workspaceId: string): T {
  return { ...deps, principal: { kind: 'system', id: 'routing', workspaceId }, audit: { actor: { type: 'system', id: 'routing' }, origin: { workspaceId } } };
}

async function claimPending(deps: Pick<ServiceDeps, 'db'>, now: Date): Promise<Claimed[]> {
  return deps.db.transaction(async (tx) => {
    const rows = await tx
      .select({ m: routingMatches, spec: routingRuleVersions.spec })
      .from(routingMatches)
      .innerJoin(routingRuleVersions, eq(routingRuleVersions.id, routingMatches.ruleVersionId))
      .where(and(eq(routingMatches.state, 'pending'), or(isNull(routingMatches.claimedUntil), lt(routingMatches.claimedUntil, now))))
      .orderBy(asc(routingMatches.createdAt))
      .limit(BATCH)
      .for('update', { of: routingMatches, skipLocked: true });
    for (const r of rows) await tx.update(routingMatches).set({ claimedUntil: new Date(now.getTime() + CLAIM_MS) }).where(eq(routingMatches.id, r.m.id));
    return rows.map((r) => ({ ...r.m, spec: r.spec }));
  });
}

/** The match's scan, made from its series once (recorded on the match in the same transaction). */
async function scanOf(deps: ServiceDeps, m: Claimed): Promise<string> {
  if (m.scanId) return m.scanId;
  const scan = await audited(
    deps,
    async (tx) => {
      const scan = await scanFromSeries(tx, { workspaceId: m.workspaceId, seriesUid: m.seriesUid, createdBy: 'routing' });
      await tx.update(routingMatches).set({ scanId: scan.id, updatedAt: new Date() }).where(eq(routingMatches.id, m.id));
      return scan;
    },
    (s) => ({ action: 'scan.uploaded', objectType: 'scan', objectId: s.id, details: { format: s.format, fileCount: s.files.length, sizeBytes: s.sizeBytes, routingMatchId: m.id } }),
  );
  return scan.id;
}

const runOfScan = async (deps: ServiceDeps, scanId: string) => (await deps.db.select({ id: runs.id }).from(runs).where(eq(runs.scanId, scanId)).limit(1))[0]?.id;

/** Starts the run; when the executor could not take it the run row exists (failed): the match follows it. */
async function newRun(deps: ServiceDeps, m: Claimed, scanId: string): Promise<string> {
  const versionId = m.spec.pipeline.versionId ?? (await activeVersionOf(deps, m.spec.pipeline.pipelineId));
  try {
    return (await startRun(deps, { versionId, scanId })).runId;
  } catch (e) {
    const made = e instanceof ServiceError && e.code === 'EXECUTOR_UNAVAILABLE' ? await runOfScan(deps, scanId) : undefined;
    if (made) return made;
    throw e;
  }
}

/**
 * Starts the run of one claimed match. Exactly once: a run already made on the match's scan (a
 * process that died after starting it, before recording it) is adopted, not started again.
 * A refusal (preflight SCAN_MISMATCH, no active version, budget) is recorded on the match with
 * its reason, audited, and not run.
 */
async function startOne(base: ServiceDeps, m: Claimed): Promise<void> {
  const deps = routingDeps(base, m.workspaceId);
  try {
    const scanId = await scanOf(deps, m);
    const runId = (await runOfScan(deps, scanId)) ?? (await newRun(deps, m, scanId));
    await deps.db.update(routingMatches).set({ state: 'running', runId, claimedUntil: null, updatedAt: new Date() }).where(eq(routingMatches.id, m.id));
  } catch (e) {
    if (!(e instanceof ServiceError) || TRANSIENT.has(e.code)) {
      console.error(`[studio] routing: starting the run of match ${m.id} failed (tried again later):`, e instanceof Error ? e.message : e);
      return;
    }
    const reason = `${e.code}: ${e.message}`.slice(0, 2000);
    await audited(
      deps,
      (tx) => tx.update(routingMatches).set({ state: 'refused', reason, claimedUntil: null, updatedAt: new Date() }).where(eq(routingMatches.id, m.id)),
      () => ({ action: 'routing.run-refused', objectType: 'routing-match', objectId: m.id, details: { code: e.code, ruleVersionId: m.ruleVersionId } }),
    );
  }
}

/** Starts the runs of pending matches (claimed so that two processes never start the same one). */
export async function startPendingMatches(deps: ServiceDeps, now: Date): Promise<string[]> {
  const claimed = await claimPending(deps, now);
  for (const m of claimed) await startOne(deps, m);
  return claimed.map((m) => m.id);
}
