import { z } from 'zod';
import { createPipeline, getPipelineDetail, listPipelineDtos, saveDraft, validateWithModels } from '../../../../server/pipelines/service';
import { PipelineDetailDto, PipelineSummaryDto } from '../../openapi-dto';
import { PipelineCardSchema } from '../../../../domain/cards/version-card';
import { getPipelineCard, updatePipelineCard } from '../../../../server/cards/service';
import { authed, router } from '../init';

/**
 * Graphs come in as unknown JSON: the service parses them with the domain schema, so a client
 * sending an older/odd document gets domain issues (or BAD_REQUEST) rather than a zod dump.
 */
const Graph = z.unknown();

export const pipelinesRouter = router({
  list: authed('pipeline.read')
    .meta({ openapi: { method: 'GET', path: '/pipelines', tags: ['pipelines'], summary: 'List pipelines with their active version' } })
    .input(z.void())
    .output(z.array(PipelineSummaryDto))
    .query(({ ctx }) => listPipelineDtos(ctx)),
  get: authed('pipeline.read')
    .meta({ openapi: { method: 'GET', path: '/pipelines/{id}', tags: ['pipelines'], summary: 'A pipeline, its draft issues and its versions' } })
    .input(z.object({ id: z.string().min(1) }))
    .output(PipelineDetailDto)
    .query(({ ctx, input }) => getPipelineDetail(ctx, input.id)),
  create: authed('pipeline.edit')
    .input(z.object({ name: z.string().trim().min(1).max(200), description: z.string().max(4000).optional(), graph: Graph.optional() }))
    .mutation(({ ctx, input }) => createPipeline(ctx, input)),
  saveDraft: authed('pipeline.edit')
    .input(z.object({ id: z.string().min(1), graph: Graph }))
    .mutation(({ ctx, input }) => saveDraft(ctx, input)),
  validate: authed('pipeline.read')
    .input(z.object({ graph: Graph }))
    .query(async ({ ctx, input }) => ({ issues: await validateWithModels(ctx, input.graph) })),
  /** The pipeline's own card (intended use, known limits...), pinned with the model cards into each version published. */
  card: router({
    get: authed('pipeline.read').input(z.object({ id: z.string().min(1) })).query(({ ctx, input }) => getPipelineCard(ctx, input.id)),
    /** Audited 'pipeline.card-changed'; versions published earlier keep the card they pinned. */
    update: authed('pipeline.edit')
      .input(z.object({ id: z.string().min(1), card: PipelineCardSchema }))
      .mutation(({ ctx, input }) => updatePipelineCard(ctx, { pipelineId: input.id, card: input.card })),
  }),
});
