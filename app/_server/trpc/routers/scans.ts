import { z } from 'zod';
import { listScanDtos, requireScan, scanDto } from '../../services/scans';
import { publicProcedure, router } from '../init';

/** Scans are added by upload (POST /api/uploads/scan); these procedures only read. */
export const scansRouter = router({
  list: publicProcedure.query(({ ctx }) => listScanDtos(ctx)),
  get: publicProcedure.input(z.object({ id: z.string().min(1) })).query(async ({ ctx, input }) => {
    const scan = await requireScan(ctx, input.id);
    return { ...scanDto(scan), files: scan.files };
  }),
});
