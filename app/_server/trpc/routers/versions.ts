import { z } from 'zod';
import { ALL_TARGETS, type Target } from '../../../../domain/nodes/spec';
import { publishVersion, requireVersion, versionDto } from '../../services/versions';
import { publicProcedure, router } from '../init';

export const versionsRouter = router({
  get: publicProcedure.input(z.object({ id: z.string().min(1) })).query(async ({ ctx, input }) => versionDto(await requireVersion(ctx, input.id))),
  /** Refuses with PIPELINE_INVALID (details.issues), TARGET_UNSUPPORTED (details.offences) or VERSION_EXISTS (details.versionId, semver). */
  publish: publicProcedure
    .input(
      z.object({
        pipelineId: z.string().min(1),
        bump: z.enum(['major', 'minor', 'patch']),
        notes: z.string().max(4000).default(''),
        /** Runtimes this version must run on; an operator one lacks refuses with TARGET_UNSUPPORTED. */
        targets: z.array(z.enum(ALL_TARGETS as [Target, ...Target[]])).min(1).default(['server-cpu']),
      }),
    )
    .mutation(({ ctx, input }) => publishVersion(ctx, input)),
});
