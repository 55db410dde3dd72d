import { and, asc, eq, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import { matchesSeries } from '../../domain/routing/evaluate';
import type { RuleSpec } from '../../domain/routing/rule';
import type { DbOrTx } from '../../drizzle/client';
import { dicomInstances, dicomSeries, routingMatches, routingRules, routingRuleVersions } from '../../drizzle/schema';
import { appendAudit, systemEvent } from '../audit/service';
import type { ServiceDeps } from '../context';
import { newId } from '../ids';

/** Series evaluated per transaction (a tick runs a few of them). */
const BATCH = 100;

type EnabledRule = { id: string; workspaceId: string; versionId: string; spec: RuleSpec };

async function enabledRules(tx: DbOrTx): Promise<Map<string, EnabledRule[]>> {
  const rows = await tx
    .select({ id: routingRules.id, workspaceId: routingRules.workspaceId, versionId: routingRuleVersions.id, spec: routingRuleVersions.spec })
    .from(routingRules)
    .innerJoin(routingRuleVersions, eq(routingRuleVersions.id, routingRules.currentVersionId))
    .where(eq(routingRules.enabled, true));
  const byWs = new Map<string, EnabledRule[]>();
  for (const r of rows) byWs.set(r.workspaceId, [...(byWs.get(r.workspaceId) ?? []), r]);
  return byWs;
}

/** What routing applies to: instances received from other systems (not browser uploads, never run outputs: no loops). */
const ROUTED_SOURCES = ['dimse', 'stow'] as const;

/**
 * Series-level attributes: those of the series' first received instance (the instance index
 * keeps them as DICOM JSON); undefined when the series holds no received instance.
 */
async function seriesAttributes(tx: DbOrTx, workspaceId: string, seriesUid: string) {
  const [row] = await tx
    .select({ a: dicomInstances.attributes })
    .from(dicomInstances)
    .where(and(eq(dicomInstances.workspaceId, workspaceId), eq(dicomInstances.seriesUid, seriesUid), inArray(dicomInstances.source, [...ROUTED_SOURCES])))
    .orderBy(asc(dicomInstances.instanceNumber), asc(dicomInstances.sopInstanceUid))
    .limit(1);
  return row?.a;
}

/**
 * One batch: series with an instance newer than what routing saw, whose last instance is older
 * than the shortest quiet period, locked (SKIP LOCKED: another process takes other series). Each
 * enabled rule of the series' workspace whose own quiet period has passed is evaluated; a match is
 * a row unique per (rule, series), inserted ON CONFLICT DO NOTHING, so a series is matched (and
 * run) once per rule whatever the number of processes, ticks or late instances. The series is
 * marked routed when no rule still waits for its quiet period. Returns the new matches' ids.
 */
/** Where a batch ended: last_received_at as PostgreSQL prints it (microseconds kept) and the series UID. */
type Key = { at: string; seriesUid: string };

async function evaluateBatch(deps: Pick<ServiceDeps, 'db'>, now: Date, after: Key | null, batch: number): Promise<{ matched: string[]; last: Key | null; seen: number }> {
  return deps.db.transaction(async (tx) => {
    const rules = await enabledRules(tx);
    const minQuiet = Math.min(...[...rules.values()].flat().map((r) => r.spec.quietSeconds), Number.POSITIVE_INFINITY);
    // With no rule at all, series are marked as soon as they are seen: a rule applies to what completes after it exists.
    const cutoff = new Date(now.getTime() - (Number.isFinite(minQuiet) ? minQuiet : 0) * 1000);
    const due = await tx
      .select({ s: dicomSeries, at: sql<string>`${dicomSeries.lastReceivedAt}::text` })
      .from(dicomSeries)
      .where(
        and(
          or(isNull(dicomSeries.routedThrough), lt(dicomSeries.routedThrough, dicomSeries.lastReceivedAt)),
          lte(dicomSeries.lastReceivedAt, cutoff),
          after ? sql`(${dicomSeries.lastReceivedAt}, ${dicomSeries.seriesUid}) > (${after.at}::timestamptz, ${after.seriesUid})` : undefined,
        ),
      )
      .orderBy(asc(dicomSeries.lastReceivedAt), asc(dicomSeries.seriesUid))
      .limit(batch)
      .for('update', { of: dicomSeries, skipLocked: true });
    const matched: string[] = [];
    for (const { s } of due) {
      let waiting = false;
      let attrs: Awaited<ReturnType<typeof seriesAttributes>> | null = null;
      for (const rule of rules.get(s.workspaceId) ?? []) {
        if (s.lastReceivedAt.getTime() + rule.spec.quietSeconds * 1000 > now.getTime()) {
          waiting = true; // still receiving, as far as this rule is concerned
          continue;
        }
        attrs ??= await seriesAttributes(tx, s.workspaceId, s.seriesUid);
        if (!attrs || !matchesSeries(rule.spec.when, attrs)) continue;
        const [m] = await tx
          .insert(routingMatches)
          .values({ id: newId('rm'), workspaceId: s.workspaceId, ruleId: rule.id, ruleVersionId: rule.versionId, seriesUid: s.seriesUid, studyUid: s.studyUid })
          .onConflictDoNothing({ target: [routingMatches.ruleId, routingMatches.seriesUid] })
          .returning({ id: routingMatches.id });
        if (!m) continue;
        matched.push(m.id);
        await appendAudit(tx, systemEvent(s.workspaceId, {
          action: 'routing.series-matched',
          objectType: 'routing-match',
          objectId: m.id,
          details: { ruleId: rule.id, ruleVersionId: rule.versionId, seriesUid: s.seriesUid, instances: s.instances },
        }));
      }
      if (!waiting) {
        await tx
          .update(dicomSeries)
          .set({ routedThrough: sql`${dicomSeries.lastReceivedAt}` })
          .where(and(eq(dicomSeries.workspaceId, s.workspaceId), eq(dicomSeries.seriesUid, s.seriesUid)));
      }
    }
    const tail = due.at(-1);
    return { matched, seen: due.length, last: tail ? { at: tail.at, seriesUid: tail.s.seriesUid } : after };
  });
}

/**
 * Evaluates due series, a bounded number of batches per call, each after the last one's key:
 * series that still wait for a longer rule's quiet period are passed over, not re-read, so they
 * never hold back the ones behind them (up to maxBatches x batch series per call).
 */
export async function evaluateDueSeries(deps: Pick<ServiceDeps, 'db'>, now: Date, opts: { maxBatches?: number; batch?: number } = {}): Promise<string[]> {
  const { maxBatches = 10, batch = BATCH } = opts;
  const matched: string[] = [];
  let after: Key | null = null;
  for (let i = 0; i < maxBatches; i++) {
    const r = await evaluateBatch(deps, now, after, batch);
    matched.push(...r.matched);
    if (r.seen < batch) break;
    after = r.last;
  }
  return matched;
}
