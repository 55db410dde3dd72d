import { z } from 'zod';
import { VARIANT_KINDS } from '../../../../drizzle/schema';
import { createVariant, listVariantDtos } from '../../../../server/models/variants';
import { authed, router } from '../init';

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'sha256 is 64 lowercase hex chars');

/** Optimised variants (fp16 / int8) of registered models, each with its measured report and verdict (accepted / rejected). */
export const variantsRouter = router({
  list: authed('model.read')
    .input(z.object({ sourceSha256: Sha256.optional() }).optional())
    .query(({ ctx, input }) => listVariantDtos(ctx, input?.sourceSha256)),
  create: authed('model.register')
    .input(z.object({
      sourceSha256: Sha256,
      kind: z.enum(VARIANT_KINDS),
      calibrationScanId: z.string().min(1).optional(),
      referenceScanId: z.string().min(1),
      /** Dice per label against fp32 below which the variant is rejected (default 0.98). */
      diceThreshold: z.number().min(0.5).max(1).optional(),
    }))
    .mutation(({ ctx, input }) => createVariant(ctx, input)),
});
