import { z } from 'zod';
import { BrowserRunInput, recordBrowserRun } from '../../../../server/runs/browser-runs';
import { activeVersionOf, getRunDetail, listRunDtos, listRunOutputs, startRun } from '../../../../server/runs/service';
import { cancelRun } from '../../../../server/runs/cancel';
import { CancelledRunDto, RunDetailDto, RunHeaderDto, RunOutputsDto, StartedRunDto } from '../../openapi-dto';
import { authed, router } from '../init';

export const runsRouter = router({
  /** A pinned version (`versionId`) or the pipeline's active version at this moment (`pipelineId`). */
  start: authed('run.start')
    .meta({ openapi: { method: 'POST', path: '/runs', tags: ['runs'], summary: 'Start a run of a pinned version or of a pipeline\'s active version' } })
    .input(
      z
        .object({
          versionId: z.string().min(1).optional(),
          pipelineId: z.string().min(1).optional(),
          scanId: z.string().min(1),
          executor: z.enum(['embedded', 'temporal']).optional(),
        })
        .refine((i) => !!i.versionId !== !!i.pipelineId, { message: 'give exactly one of versionId and pipelineId' }),
    )
    .output(StartedRunDto)
    .mutation(async ({ ctx, input }) => {
      const versionId = input.versionId ?? (await activeVersionOf(ctx, input.pipelineId!));
      return startRun(ctx, { versionId, scanId: input.scanId, executor: input.executor });
    }),
  /** The run's owner, or whoever sees every run; a finished run is refused (CONFLICT), a cancelled one is left as it is. */
  cancel: authed('run.start')
    .meta({ openapi: { method: 'POST', path: '/runs/{id}/cancel', tags: ['runs'], summary: 'Cancel a queued or running run (nodes not run are not charged)' } })
    .input(z.object({ id: z.string().min(1) }))
    .output(CancelledRunDto)
    .mutation(({ ctx, input }) => cancelRun(ctx, input.id)),
  get: authed('run.read')
    .meta({ openapi: { method: 'GET', path: '/runs/{id}', tags: ['runs'], summary: 'Run status, per-node progress and artifacts' } })
    .input(z.object({ id: z.string().min(1) }))
    .output(RunDetailDto)
    .query(({ ctx, input }) => getRunDetail(ctx, input.id)),
  list: authed('run.read')
    .meta({ openapi: { method: 'GET', path: '/runs', tags: ['runs'], summary: 'Recent runs, newest first' } })
    .input(z.object({ limit: z.number().int().min(1).max(500).optional() }).optional())
    .output(z.array(RunHeaderDto))
    .query(({ ctx, input }) => listRunDtos(ctx, input ?? {})),
  outputs: authed('run.read')
    .meta({ openapi: { method: 'GET', path: '/runs/{id}/outputs', tags: ['runs'], summary: 'The outputs of a run with their sha256 and download URL' } })
    .input(z.object({ id: z.string().min(1) }))
    .output(RunOutputsDto)
    .query(({ ctx, input }) => listRunOutputs(ctx, input.id)),
  /** A run done in the clinician's browser: metadata only (see services/browser-runs.ts). */
  recordBrowserRun: authed('run.start').input(BrowserRunInput).mutation(({ ctx, input }) => recordBrowserRun(ctx, input)),
});
