import { count, eq } from 'drizzle-orm';
import { runs, scans } from '../../drizzle/schema';
import { audited } from '../audit/service';
import type { ServiceDeps } from '../context';
import { ServiceError } from '../errors';
import { requireScan } from './service';

/**
 * Deletes a scan row the caller sees (its uploader, or whoever sees the workspace's scans);
 * refused (CONFLICT, with the count) while any run references it: a run's record keeps its
 * input. The files are not removed here: once no row names them, the blob sweeper reclaims
 * them (server/blobs/sweeper.ts reads references from the rows), unless another scan or a
 * run's output holds the same bytes. The row is locked first, so a run started meanwhile
 * (its foreign key locks the scan row) either precedes the count or waits for the delete.
 */
export async function deleteScan(deps: ServiceDeps, id: string): Promise<{ id: string }> {
  await requireScan(deps, id);
  return audited(
    deps,
    async (tx) => {
      const [locked] = await tx.select({ id: scans.id }).from(scans).where(eq(scans.id, id)).for('update');
      if (!locked) throw new ServiceError('NOT_FOUND', `scan ${id} not found`);
      const [{ n }] = await tx.select({ n: count() }).from(runs).where(eq(runs.scanId, id));
      if (n > 0) throw new ServiceError('CONFLICT', `scan ${id} is the input of ${n} run${n === 1 ? '' : 's'}: a scan that runs reference cannot be deleted`, { scanId: id, runs: n });
      await tx.delete(scans).where(eq(scans.id, id));
      return { id };
    },
    () => ({ action: 'scan.deleted', objectType: 'scan', objectId: id, details: {} }),
  );
}
