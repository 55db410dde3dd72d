import { z } from 'zod';
import { publishVersion, requireVersion, versionDto } from '../../services/versions';
import { publicProcedure, router } from '../init';

export const versionsRouter = router({
  get: publicProcedure.input(z.object({ id: z.string().min(1) })).query(async ({ ctx, input }) => versionDto(await requireVersion(ctx, input.id))),
  /** Refuses with PIPELINE_INVALID (details.issues) or VERSION_EXISTS (details.versionId, semver). */
  publish: publicProcedure
    .input(z.object({ pipelineId: z.string().min(1), bump: z.enum(['major', 'minor', 'patch']), notes: z.string().max(4000).default('') }))
    .mutation(({ ctx, input }) => publishVersion(ctx, input)),
});
