import { z } from 'zod';
import { listModelDtos, modelDto, requireModel } from '../../../../server/models/service';
import { authed, router } from '../init';

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'sha256 is 64 lowercase hex chars');

/** Models are added by upload (POST /api/uploads/model); these procedures only read the caller's workspace's. */
export const modelsRouter = router({
  list: authed('model.read').query(({ ctx }) => listModelDtos(ctx)),
  get: authed('model.read').input(z.object({ sha256: Sha256 })).query(async ({ ctx, input }) => modelDto(await requireModel(ctx, input.sha256))),
});
