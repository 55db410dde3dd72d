import { z } from 'zod';
import { ModelContractSchema } from '../../../../domain/models/contract';
import { listModelDtos, modelDto, requireModel, setModelContract } from '../../../../server/models/service';
import { ModelCardSchema } from '../../../../domain/cards/card';
import { getModelCard, updateModelCard } from '../../../../server/cards/service';
import { authed, router } from '../init';

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'sha256 is 64 lowercase hex chars');

/** Models are added by upload (POST /api/uploads/model); these procedures read the caller's workspace's, and edit its view of a model's contract. */
export const modelsRouter = router({
  list: authed('model.read').query(({ ctx }) => listModelDtos(ctx)),
  get: authed('model.read').input(z.object({ sha256: Sha256 })).query(async ({ ctx, input }) => modelDto(await requireModel(ctx, input.sha256))),
  /** This workspace's edit of the model's input contract (null: the contract read from the file). */
  setContract: authed('model.register')
    .input(z.object({ sha256: Sha256, contract: ModelContractSchema.nullable() }))
    .mutation(({ ctx, input }) => setModelContract(ctx, input)),
  /** The model's card as this workspace sees it (`source`: workspace edit, file metadata, contract, or empty). */
  card: router({
    get: authed('model.read').input(z.object({ sha256: Sha256 })).query(({ ctx, input }) => getModelCard(ctx, input.sha256)),
    /** Saves this workspace's card (null: back to the file's); audited 'model.card-changed'. Published versions keep the card they pinned. */
    update: authed('model.register')
      .input(z.object({ sha256: Sha256, card: ModelCardSchema.nullable() }))
      .mutation(({ ctx, input }) => updateModelCard(ctx, input)),
  }),
});
