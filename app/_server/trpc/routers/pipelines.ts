import { z } from 'zod';
import { createPipeline, getPipelineDetail, listPipelineDtos, saveDraft, validateWithModels } from '../../services/pipelines';
import { publicProcedure, router } from '../init';

/**
 * Graphs come in as unknown JSON: the service parses them with the domain schema, so a client
 * sending an older/odd document gets domain issues (or BAD_REQUEST) rather than a zod dump.
 */
const Graph = z.unknown();

export const pipelinesRouter = router({
  list: publicProcedure.query(({ ctx }) => listPipelineDtos(ctx)),
  get: publicProcedure.input(z.object({ id: z.string().min(1) })).query(({ ctx, input }) => getPipelineDetail(ctx, input.id)),
  create: publicProcedure
    .input(z.object({ name: z.string().trim().min(1).max(200), description: z.string().max(4000).optional(), graph: Graph.optional() }))
    .mutation(({ ctx, input }) => createPipeline(ctx, input)),
  saveDraft: publicProcedure
    .input(z.object({ id: z.string().min(1), graph: Graph }))
    .mutation(({ ctx, input }) => saveDraft(ctx, input)),
  validate: publicProcedure
    .input(z.object({ graph: Graph }))
    .query(async ({ ctx, input }) => ({ issues: await validateWithModels(ctx, input.graph) })),
});
