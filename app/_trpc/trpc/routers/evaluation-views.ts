import { z } from 'zod';
import { requireDatasetVersion } from '../../../../server/datasets/read';
import { requireDataset } from '../../../../server/datasets/service';
import { authed, router } from '../init';

/** What the evaluation pages need beside the evaluations router: a dataset version named as people know it (dataset name and number). */
export const evaluationViewsRouter = router({
  datasetVersion: authed('dataset.read')
    .input(z.object({ id: z.string().min(1).max(100) }))
    .query(async ({ ctx, input }) => {
      const v = await requireDatasetVersion(ctx, input.id);
      const d = await requireDataset(ctx, v.datasetId);
      return { id: v.id, datasetId: d.id, datasetName: d.name, number: v.number, contentHash: v.contentHash, caseCount: v.caseCount };
    }),
});
