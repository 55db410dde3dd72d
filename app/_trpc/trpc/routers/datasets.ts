import { z } from 'zod';
import { getDatasetDto, listDatasets, listVersionCases } from '../../../../server/datasets/read';
import { createDataset } from '../../../../server/datasets/service';
import { authed, router } from '../init';

/**
 * Labelled datasets of the caller's workspace: everyone reads, engineers and admins create
 * (versions are uploaded to POST /api/datasets/<id>/versions, a streaming route handler).
 */
export const datasetsRouter = router({
  list: authed('dataset.read').query(({ ctx }) => listDatasets(ctx)),
  /** The dataset and its versions (newest first), each with content hash, case count and label mapping. */
  get: authed('dataset.read')
    .input(z.object({ id: z.string().min(1) }))
    .query(({ ctx, input }) => getDatasetDto(ctx, input.id)),
  versions: authed('dataset.read')
    .input(z.object({ id: z.string().min(1) }))
    .query(async ({ ctx, input }) => (await getDatasetDto(ctx, input.id)).versions),
  /** The cases of a version: scan names and voxels per reference value. */
  cases: authed('dataset.read')
    .input(z.object({ versionId: z.string().min(1) }))
    .query(({ ctx, input }) => listVersionCases(ctx, input.versionId)),
  create: authed('dataset.manage')
    .input(z.object({ name: z.string().trim().min(1).max(200), description: z.string().max(2000).optional() }))
    .mutation(({ ctx, input }) => createDataset(ctx, input)),
});
