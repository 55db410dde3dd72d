import { z } from 'zod';
import { deleteScan } from '../../../../server/scans/delete';
import { listScanDtos, requireScan, scanDto } from '../../../../server/scans/service';
import { scanCompatibility } from '../../../../server/runs/preflight';
import { ScanDetailDto, ScanDto, ScanFitDto } from '../../openapi-dto';
import { authed, router } from '../init';

/** Scans are added by upload (POST /api/uploads/scan); these procedures read and delete them. */
export const scansRouter = router({
  list: authed('scan.read')
    .meta({ openapi: { method: 'GET', path: '/scans', tags: ['scans'], summary: 'List scans' } })
    .input(z.void())
    .output(z.array(ScanDto))
    .query(({ ctx }) => listScanDtos(ctx)),
  compatible: authed('scan.read')
    .meta({ openapi: { method: 'GET', path: '/versions/{versionId}/scans', tags: ['scans'], summary: 'Stored scans a version can run on (compatible first; the others with the reason)' } })
    .input(z.object({ versionId: z.string().min(1) }))
    .output(z.array(ScanFitDto))
    .query(({ ctx, input }) => scanCompatibility(ctx, input.versionId)),
  get: authed('scan.read')
    .meta({ openapi: { method: 'GET', path: '/scans/{id}', tags: ['scans'], summary: 'A scan and its files' } })
    .input(z.object({ id: z.string().min(1) }))
    .output(ScanDetailDto)
    .query(async ({ ctx, input }) => {
      const scan = await requireScan(ctx, input.id);
      return { ...scanDto(scan), files: scan.files };
    }),
  /** Refused (CONFLICT) while a run references the scan; its files are reclaimed by the blob sweeper. */
  delete: authed('scan.upload')
    .meta({ openapi: { method: 'DELETE', path: '/scans/{id}', tags: ['scans'], summary: 'Delete a scan no run references' } })
    .input(z.object({ id: z.string().min(1) }))
    .output(z.object({ id: z.string() }))
    .mutation(({ ctx, input }) => deleteScan(ctx, input.id)),
});
