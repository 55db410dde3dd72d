import { and, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../../drizzle/client';
import { dicomInstances } from '../../drizzle/schema';
import { TAGS, textOf, type DicomJson } from '../../domain/dicom/json';
import { ServiceError } from '../errors';
import { assertVolumeWithinLimits } from '../volume-limits';
import { newId } from '../ids';
import { dicomScanName } from '../scans/naming';
import { insertScan, type ScanRow } from '../scans/repo';
import { instancesOfSeries } from './repo';

/** Above this a received series is refused as one scan (an upload of that many files would be too). */
export const MAX_SERIES_INSTANCES = 5_000;

/** What an instance's header declares (rows x columns x frames x samples, and their bytes), as an upload counts it. */
function footprintOf(a: DicomJson): { voxels: number; bytes: number } {
  const n = (tag: string, fallback: number) => Number(textOf(a, tag) || fallback) || 0;
  const voxels = n(TAGS.Rows, 0) * n(TAGS.Columns, 0) * Math.max(1, n(TAGS.NumberOfFrames, 1)) * Math.max(1, n(TAGS.SamplesPerPixel, 1));
  return { voxels, bytes: voxels * Math.max(1, Math.ceil(n(TAGS.BitsAllocated, 8) / 8)) };
}

/**
 * A scan made of the stored instances of one series (a series received by C-STORE or STOW has
 * none until routing runs it): its files are the instances' blobs, in instance-number order,
 * and the instances that belong to no scan yet are linked to it (a second scan of the same
 * series, for another rule, leaves them with the first). Inside the caller's transaction; no
 * bytes are copied.
 */
export async function scanFromSeries(tx: DbOrTx, args: { workspaceId: string; seriesUid: string; createdBy: string }): Promise<ScanRow> {
  const rows = await instancesOfSeries(tx, args.workspaceId, args.seriesUid);
  if (rows.length === 0) throw new ServiceError('NOT_FOUND', `series ${args.seriesUid} has no stored instance`);
  if (rows.length > MAX_SERIES_INSTANCES) throw new ServiceError('VOLUME_TOO_LARGE', `the series has ${rows.length} instances; at most ${MAX_SERIES_INSTANCES} make one scan`, { instances: rows.length });
  // The scan limits of an upload hold for a received series too (summed from the stored headers).
  const total = rows.map((r) => footprintOf(r.attributes)).reduce((t, f) => ({ voxels: t.voxels + f.voxels, bytes: t.bytes + f.bytes }), { voxels: 0, bytes: 0 });
  assertVolumeWithinLimits(total, `the series (${rows.length} instances)`, { instances: rows.length });
  const files = rows.map((r) => ({ sha256: r.sha256, name: `${r.sopInstanceUid}.dcm`, size: r.size }));
  const a = rows[0].attributes;
  const name = dicomScanName({ seriesDescription: textOf(a, TAGS.SeriesDescription), seriesNumber: textOf(a, TAGS.SeriesNumber), date: textOf(a, TAGS.StudyDate) }) ?? args.seriesUid;
  const scan = await insertScan(tx, {
    id: newId('scan'),
    workspaceId: args.workspaceId,
    createdBy: args.createdBy,
    name,
    format: 'dicom',
    files,
    sizeBytes: files.reduce((s, f) => s + f.size, 0),
  });
  await tx
    .update(dicomInstances)
    .set({ scanId: scan.id })
    .where(and(eq(dicomInstances.workspaceId, args.workspaceId), eq(dicomInstances.seriesUid, args.seriesUid), isNull(dicomInstances.scanId)));
  return scan;
}
