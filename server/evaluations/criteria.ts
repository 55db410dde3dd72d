import { z } from 'zod';
import { acceptanceCriteria } from '../../drizzle/schema';
import { METRIC_NAMES, STATISTICS, type Criterion } from '../../domain/evaluation/types';
import { audited } from '../audit/service';
import type { ServiceDeps } from '../context';
import { requirePipeline } from '../pipelines/service';
import { getCriteria } from '../versions/gates';
import { requireDatasetVersion } from '../datasets/read';

export const MAX_CRITERIA = 50;

export const CriterionSchema = z.object({
  datasetVersionId: z.string().min(1).max(200),
  label: z.number().int().min(1).max(65535),
  metric: z.enum(METRIC_NAMES),
  statistic: z.enum(STATISTICS),
  threshold: z.number().finite(),
});
export const CriteriaSchema = z.array(CriterionSchema).max(MAX_CRITERIA);

export async function getCriteriaDto(deps: Pick<ServiceDeps, 'db' | 'principal'>, pipelineId: string): Promise<{ pipelineId: string; criteria: Criterion[] }> {
  const p = await requirePipeline(deps, pipelineId);
  return { pipelineId: p.id, criteria: await getCriteria(deps.db, p.id) };
}

/**
 * Replaces a pipeline's acceptance criteria (an empty list removes them: publishing is then
 * ungated). Each names a dataset version of the workspace (NOT_FOUND otherwise), a label
 * (integer >= 1), a metric of METRIC_NAMES and a statistic. Audited 'criteria.changed'.
 */
export async function setCriteria(deps: ServiceDeps, args: { pipelineId: string; criteria: Criterion[] }) {
  const criteria = CriteriaSchema.parse(args.criteria);
  const p = await requirePipeline(deps, args.pipelineId);
  for (const id of new Set(criteria.map((c) => c.datasetVersionId))) await requireDatasetVersion(deps, id);
  const updatedBy = deps.audit?.actor.id ?? 'system';
  await audited(
    deps,
    (tx) =>
      tx
        .insert(acceptanceCriteria)
        .values({ pipelineId: p.id, criteria, updatedBy })
        .onConflictDoUpdate({ target: acceptanceCriteria.pipelineId, set: { criteria, updatedBy, updatedAt: new Date() } }),
    () => ({ action: 'criteria.changed', objectType: 'pipeline', objectId: p.id, details: { count: criteria.length, datasetVersionIds: [...new Set(criteria.map((c) => c.datasetVersionId))].slice(0, 20) } }),
  );
  return { pipelineId: p.id, criteria };
}
