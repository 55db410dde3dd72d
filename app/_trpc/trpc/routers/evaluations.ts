import { z } from 'zod';
import { cancelEvaluation } from '../../../../server/evaluations/cancel';
import { compareEvaluations } from '../../../../server/evaluations/compare';
import { CriteriaSchema, getCriteriaDto, setCriteria } from '../../../../server/evaluations/criteria';
import { nudgeEvaluationDriver } from '../../../../server/evaluations/driver';
import { evaluationReport, getEvaluationDto, listEvaluationsOfVersionDto, MAX_TOLERANCE_MM, startEvaluation } from '../../../../server/evaluations/service';
import { authed, router } from '../init';

const id = z.string().min(1).max(100);

/** Evaluations of versions over labelled datasets, their A/B comparison and a pipeline's acceptance criteria (DTOs: server/evaluations/dto.ts). */
export const evaluationsRouter = router({
  /** Any published version on a dataset version; a succeeded evaluation of identical content is reused (`reused: true`). */
  start: authed('evaluation.start')
    .input(z.object({ versionId: id, datasetVersionId: id, toleranceMm: z.number().positive().max(MAX_TOLERANCE_MM).default(1) }))
    .mutation(async ({ ctx, input }) => {
      const started = await startEvaluation(ctx, input);
      nudgeEvaluationDriver();
      return started;
    }),
  get: authed('version.read').input(z.object({ id })).query(({ ctx, input }) => getEvaluationDto(ctx, input.id)),
  /** The evaluation with its cases worst-first. */
  report: authed('version.read').input(z.object({ id })).query(({ ctx, input }) => evaluationReport(ctx, input.id)),
  listByVersion: authed('version.read').input(z.object({ versionId: id })).query(({ ctx, input }) => listEvaluationsOfVersionDto(ctx, input.versionId)),
  cancel: authed('evaluation.start').input(z.object({ id })).mutation(({ ctx, input }) => cancelEvaluation(ctx, input.id)),
  /** b - a per label and metric (paired, 95% bootstrap interval); DATASET_MISMATCH for different dataset versions. */
  compare: authed('version.read').input(z.object({ a: id, b: id })).query(({ ctx, input }) => compareEvaluations(ctx, input)),
  criteria: authed('pipeline.read').input(z.object({ pipelineId: id })).query(({ ctx, input }) => getCriteriaDto(ctx, input.pipelineId)),
  /** Replaces the pipeline's criteria (empty: publishing is ungated); audited. */
  setCriteria: authed('evaluation.start')
    .input(z.object({ pipelineId: id, criteria: CriteriaSchema }))
    .mutation(({ ctx, input }) => setCriteria(ctx, input)),
});
