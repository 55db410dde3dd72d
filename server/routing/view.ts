import { and, desc, eq } from 'drizzle-orm';
import { routingDeliveries, routingMatches, routingRules, routingRuleVersions, runs, type DeliveryState } from '../../drizzle/schema';
import { audited } from '../audit/service';
import { scopeOf } from '../auth/scope';
import type { ServiceDeps } from '../context';
import { ServiceError } from '../errors';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Matched series of the caller's workspace, newest first, with the rule version applied and the run's state. */
export async function listMatches(deps: ServiceDeps, args: { limit?: number } = {}) {
  const rows = await deps.db
    .select({ m: routingMatches, ruleName: routingRules.name, version: routingRuleVersions.version, runStatus: runs.status })
    .from(routingMatches)
    .innerJoin(routingRules, eq(routingRules.id, routingMatches.ruleId))
    .innerJoin(routingRuleVersions, eq(routingRuleVersions.id, routingMatches.ruleVersionId))
    .leftJoin(runs, eq(runs.id, routingMatches.runId))
    .where(eq(routingMatches.workspaceId, scopeOf(deps).workspaceId))
    .orderBy(desc(routingMatches.createdAt))
    .limit(args.limit ?? 100);
  return rows.map(({ m, ruleName, version, runStatus }) => ({
    id: m.id,
    ruleId: m.ruleId,
    ruleName,
    ruleVersion: version,
    ruleVersionId: m.ruleVersionId,
    seriesUid: m.seriesUid,
    studyUid: m.studyUid,
    state: m.state,
    reason: m.reason,
    scanId: m.scanId,
    runId: m.runId,
    runStatus,
    createdAt: m.createdAt.toISOString(),
  }));
}

/** Deliveries of the caller's workspace, newest first; `state: 'dead'` is the dead-letter list. */
export async function listDeliveries(deps: ServiceDeps, args: { state?: DeliveryState; limit?: number } = {}) {
  const rows = await deps.db
    .select()
    .from(routingDeliveries)
    .where(and(eq(routingDeliveries.workspaceId, scopeOf(deps).workspaceId), args.state ? eq(routingDeliveries.state, args.state) : undefined))
    .orderBy(desc(routingDeliveries.createdAt))
    .limit(args.limit ?? 200);
  return rows.map((d) => ({
    id: d.id,
    matchId: d.matchId,
    runId: d.runId,
    destination: d.destinationKey,
    artifact: { sha256: d.artifactSha256, name: d.artifactName, mediaType: d.mediaType },
    state: d.state,
    attempts: d.attempts,
    lastError: d.lastError,
    nextAttemptAt: d.state === 'failed' || d.state === 'queued' ? d.nextAttemptAt.toISOString() : null,
    sentAt: iso(d.sentAt),
    createdAt: d.createdAt.toISOString(),
  }));
}

/** A dead delivery back in its queue with a fresh attempt budget (from the dead-letter list). */
export async function retryDelivery(deps: ServiceDeps, id: string): Promise<{ id: string }> {
  const { workspaceId } = scopeOf(deps);
  const done = await audited(
    deps,
    (tx) =>
      tx
        .update(routingDeliveries)
        .set({ state: 'queued', attempts: 0, nextAttemptAt: new Date() })
        .where(and(eq(routingDeliveries.id, id), eq(routingDeliveries.workspaceId, workspaceId), eq(routingDeliveries.state, 'dead')))
        .returning({ id: routingDeliveries.id, destinationKey: routingDeliveries.destinationKey }),
    (rows) => (rows.length ? { action: 'routing.delivery-retried', objectType: 'routing-delivery', objectId: id, details: { destinationKey: rows[0].destinationKey } } : null),
  );
  if (!done.length) throw new ServiceError('NOT_FOUND', `no dead delivery ${id} in this workspace`);
  return { id };
}
