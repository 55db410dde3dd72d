import { z } from 'zod';
import { BrowserRunInput, recordBrowserRun } from '../../services/browser-runs';
import { getRunDetail, listRunDtos, startRun } from '../../services/runs';
import { publicProcedure, router } from '../init';

export const runsRouter = router({
  start: publicProcedure
    .input(z.object({ versionId: z.string().min(1), scanId: z.string().min(1), executor: z.enum(['embedded', 'temporal']).optional() }))
    .mutation(({ ctx, input }) => startRun(ctx, input)),
  get: publicProcedure.input(z.object({ id: z.string().min(1) })).query(({ ctx, input }) => getRunDetail(ctx, input.id)),
  list: publicProcedure
    .input(z.object({ limit: z.number().int().min(1).max(500).optional() }).optional())
    .query(({ ctx, input }) => listRunDtos(ctx, input ?? {})),
  /** A run done in the clinician's browser: metadata only (see services/browser-runs.ts). */
  recordBrowserRun: publicProcedure.input(BrowserRunInput).mutation(({ ctx, input }) => recordBrowserRun(ctx, input)),
});
