import { and, eq, inArray } from 'drizzle-orm';
import { outputDicomSc } from '../../domain/nodes/output.dicom-sc.node';
import { FINISHED_STATUSES } from '../../domain/runs/status';
import { destinationKey } from '../../domain/routing/rule';
import { routingDeliveries, routingMatches, routingRuleVersions, runNodes, runs, type ArtifactJson } from '../../drizzle/schema';
import type { DbOrTx } from '../../drizzle/client';
import type { ServiceDeps } from '../context';
import { newId } from '../ids';

const BATCH = 50;
/** The DICOM outputs a rule delivers: DICOM files (SEG), and the zip of a Secondary Capture series. */
const SC_KIND = outputDicomSc.kind;

async function dicomArtifacts(tx: DbOrTx, runId: string, artifacts: ArtifactJson[]): Promise<ArtifactJson[]> {
  const scNodes = new Set(
    (await tx.select({ nodeId: runNodes.nodeId }).from(runNodes).where(and(eq(runNodes.runId, runId), eq(runNodes.kind, SC_KIND)))).map((n) => n.nodeId),
  );
  return artifacts.filter((a) => a.mediaType === 'application/dicom' || (a.mediaType === 'application/zip' && scNodes.has(a.nodeId)));
}

/**
 * Matches whose run ended take its state; a succeeded run's DICOM outputs are queued once per
 * destination of the rule version the match was made under (unique per match, destination and
 * artifact: settling twice queues nothing twice). Locked rows are another process's.
 */
export async function settleFinishedRuns(deps: Pick<ServiceDeps, 'db'>): Promise<{ settled: string[]; queued: number }> {
  return deps.db.transaction(async (tx) => {
    const rows = await tx
      .select({ m: routingMatches, status: runs.status, artifacts: runs.artifacts, spec: routingRuleVersions.spec })
      .from(routingMatches)
      .innerJoin(runs, eq(runs.id, routingMatches.runId))
      .innerJoin(routingRuleVersions, eq(routingRuleVersions.id, routingMatches.ruleVersionId))
      .where(and(eq(routingMatches.state, 'running'), inArray(runs.status, [...FINISHED_STATUSES])))
      .limit(BATCH)
      .for('update', { of: routingMatches, skipLocked: true });
    let queued = 0;
    for (const { m, status, artifacts, spec } of rows) {
      await tx.update(routingMatches).set({ state: status as (typeof FINISHED_STATUSES)[number], updatedAt: new Date() }).where(eq(routingMatches.id, m.id));
      if (status !== 'succeeded' || !spec.destinations.length) continue;
      const outputs = await dicomArtifacts(tx, m.runId!, artifacts);
      const values = spec.destinations.flatMap((d) =>
        outputs.map((a) => ({
          id: newId('rd'),
          workspaceId: m.workspaceId,
          matchId: m.id,
          runId: m.runId!,
          destinationKey: destinationKey(d),
          destination: d,
          artifactSha256: a.sha256,
          artifactName: a.name,
          mediaType: a.mediaType,
        })),
      );
      if (values.length) queued += (await tx.insert(routingDeliveries).values(values).onConflictDoNothing().returning({ id: routingDeliveries.id })).length;
    }
    return { settled: rows.map((r) => r.m.id), queued };
  });
}
