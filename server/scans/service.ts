import type { BlobFile } from '../../drizzle/schema';
import { isNotASlice } from '../../domain/scan-files';
import { RuntimeError } from '../../runtimes/core/errors';
import type { CommittedBlob, StagedBlob } from '../blobs/store';
import { removeOrphansOf } from '../blobs/sweeper';
import { ServiceError } from '../errors';
import { newId } from '../ids';
import { getScan, insertScan, listScans, type ScanRow } from './repo';
import { dicomScanName } from './naming';
import { checkDicomFile, checkNifti, looksLikeNifti, type DicomInfo } from './sniff';
import { assertVolumeWithinLimits } from '../volume-limits';
import { audited, type AuditRecord } from '../audit/service';
import type { DbOrTx } from '../../drizzle/client';
import type { ServiceDeps } from '../context';
import { scopeOf, type Scope } from '../auth/scope';
import type { DicomSource, scans } from '../../drizzle/schema';
import { readIndexedHead, type IndexedHead } from '../dicom-store/head';
import { indexInstance } from '../dicom-store/ingest';
import { prepareIncoming } from '../deid/ingest';

/** One uploaded file, already on disk (staged, not yet addressable). */
export interface StagedUpload {
  fileName: string;
  staged: StagedBlob;
}

const baseName = (n: string) => n.split(/[\\/]/).pop() ?? n;
const stripExt = (n: string) => baseName(n).replace(/\.nii(\.gz)?$/i, '').replace(/\.(dcm|dicom|gz)$/i, '');

/**
 * Validate then store: every staged file is checked before any is committed, and the files are
 * committed in the transaction that inserts the row, so a rejected or failed upload leaves no
 * row and no blob. On any failure the
 * staged files are discarded here (callers only discard on their own errors).
 * `name` is the caller's own; `headerName` one read from the files' headers (STOW-RS: the series
 * description), which is not used when the files are stored de-identified: the name then comes
 * from the de-identified headers. `source` is how the files came in, for the instance index.
 */
export async function createScanFromStaged(deps: ServiceDeps, args: ScanArgs): Promise<ScanRow & { uidMap: Record<string, string> }> {
  let prepared: PreparedScan | undefined;
  try {
    prepared = await prepareScan(deps, args);
    const p = prepared;
    // The files become addressable inside the transaction, after the row is written: a database
    // that fails before leaves only staged files (discarded below), one that fails at commit
    // leaves blobs that removeOrphansOf deletes (or the sweeper, if the database is gone).
    const committed: CommittedBlob[] = [];
    try {
      // The scan name can be a DICOM series description or a file name: not in the audit log.
      return await audited(deps, async (tx) => ({ ...(await storePreparedScan(tx, p, committed)), uidMap: p.uidMap }), scanUploaded);
    } catch (e) {
      await removeOrphansOf(deps, committed);
      throw e;
    }
  } finally {
    await Promise.all([...args.uploads.map((u) => u.staged), ...(prepared?.made ?? [])].map((b) => b.discard()));
  }
}

export interface ScanArgs {
  name?: string;
  headerName?: string;
  uploads: StagedUpload[];
  source?: DicomSource;
}

/** A scan checked (and de-identified) but not stored: `storePreparedScan` inserts it; the caller discards `made` and its own uploads afterwards. */
export interface PreparedScan {
  row: typeof scans.$inferInsert & { files: BlobFile[]; workspaceId: string; createdBy: string };
  /** The files to store (the de-identified copies when the workspace de-identifies). */
  uploads: StagedUpload[];
  heads: IndexedHead[];
  /** Blobs staged here (de-identified copies). */
  made: StagedBlob[];
  uidMap: Record<string, string>;
  source: DicomSource;
}

/** Validation and de-identification of a scan upload; nothing addressable is stored (on failure, what it staged is discarded). */
export async function prepareScan(deps: ServiceDeps, args: ScanArgs): Promise<PreparedScan> {
  const made: StagedBlob[] = [];
  // Original -> stored UIDs of the files stored de-identified (empty otherwise).
  const uidMap: Record<string, string> = {};
  try {
    let uploads = args.uploads.filter((u) => !isNotASlice(u.fileName));
    if (uploads.length === 0) throw new ServiceError('EMPTY_UPLOAD', 'no file was uploaded');
    const empty = uploads.find((u) => u.staged.size === 0);
    if (empty) throw new ServiceError('EMPTY_UPLOAD', `${empty.fileName} is empty (0 bytes)`, { file: empty.fileName });
    let { format, name } = await classify(uploads);
    if (format === 'dicom') {
      // Validated first, then de-identified (when the workspace does) before anything is stored;
      // the name then comes from the de-identified headers.
      const prepared = [];
      for (const u of uploads) {
        const p = await prepareIncoming(deps, u);
        if (p.deidentified) made.push(p.staged);
        Object.assign(uidMap, p.uidMap);
        prepared.push({ fileName: u.fileName, staged: p.staged });
      }
      if (made.length > 0) ({ format, name } = await classify((uploads = prepared)));
    }
    // DICOM files enter the instance index (QIDO-RS / WADO-RS) in the scan's transaction.
    const heads: IndexedHead[] = [];
    if (format === 'dicom') for (const u of uploads) heads.push(await readIndexedHead(u.staged.tempPath, u.staged.size, u.fileName));
    const files: BlobFile[] = uploads.map((u) => ({ sha256: u.staged.sha256, name: baseName(u.fileName), size: u.staged.size }));
    const { workspaceId, ownerId } = scopeOf(deps);
    const given = args.name?.trim() || (made.length === 0 ? args.headerName?.trim() : undefined);
    const row = { id: newId('scan'), workspaceId, createdBy: ownerId, name: given || name, format, files, sizeBytes: files.reduce((a, f) => a + f.size, 0) };
    return { row, uploads, heads, made, uidMap, source: args.source ?? 'upload' };
  } catch (e) {
    await Promise.all(made.map((b) => b.discard()));
    throw e;
  }
}

/** Inserts a prepared scan inside `tx`, committing its files (pushed to `committed`, for removeOrphansOf should the transaction fail). */
export async function storePreparedScan(tx: DbOrTx, p: PreparedScan, committed: CommittedBlob[]): Promise<ScanRow> {
  const scan = await insertScan(tx, p.row);
  for (const u of p.uploads) committed.push(await u.staged.commit());
  const target = { workspaceId: p.row.workspaceId, source: p.source, sender: p.row.createdBy, scanId: scan.id } as const;
  for (const [i, head] of p.heads.entries()) await indexInstance(tx, target, head, p.uploads[i].staged);
  return scan;
}

/** The audit record of a stored scan (its name is not in it: it can be a series description). */
export const scanUploaded = (s: ScanRow): AuditRecord => ({
  action: 'scan.uploaded',
  objectType: 'scan',
  objectId: s.id,
  details: { format: s.format, fileCount: s.files.length, sizeBytes: s.sizeBytes },
});

async function classify(uploads: StagedUpload[]): Promise<{ format: 'nifti' | 'dicom'; name: string }> {
  const [first] = uploads;
  if (uploads.length === 1 && (await looksLikeNifti(first.staged.tempPath))) {
    await checkNifti(first.staged.tempPath, first.fileName);
    return { format: 'nifti', name: stripExt(first.fileName) };
  }
  const infos: DicomInfo[] = [];
  const total = { voxels: 0, bytes: 0 };
  for (const u of uploads) {
    const info = await checkDicomFile(u.staged.tempPath, u.staged.size, u.fileName);
    if (!info) {
      throw new ServiceError(
        'UNSUPPORTED_UPLOAD',
        `${u.fileName} is neither NIfTI-1 (.nii/.nii.gz) nor DICOM` + (uploads.length > 1 ? ' (upload one NIfTI file, or the DICOM files of one series)' : ''),
        { file: u.fileName },
      );
    }
    infos.push(info);
    // Summed over the series from the headers, refused as soon as the sum passes a limit.
    total.voxels += info.voxels;
    total.bytes += info.bytes;
    assertVolumeWithinLimits(total, `the DICOM series (${infos.length} files so far)`, { files: infos.length });
  }
  const series = new Set(infos.map((i) => i.seriesUid).filter(Boolean));
  if (series.size > 1) {
    throw new RuntimeError('DICOM_MIXED_SERIES', `the files belong to ${series.size} different series; upload one series at a time`, {
      series: [...series],
    });
  }
  const pick = <K extends 'seriesDescription' | 'seriesNumber' | 'date'>(k: K) => infos.find((i) => i[k])?.[k];
  const name = dicomScanName({ seriesDescription: pick('seriesDescription'), seriesNumber: pick('seriesNumber'), date: pick('date') });
  return { format: 'dicom', name: name ?? stripExt(first.fileName) };
}

/** Store a scan from bytes in memory (seed, CLI): same validation as uploads. */
export async function createScanFromBytes(deps: ServiceDeps, args: { name?: string; files: { fileName: string; bytes: Uint8Array }[] }) {
  const uploads: StagedUpload[] = [];
  for (const f of args.files) uploads.push({ fileName: f.fileName, staged: await deps.blobs.stage([f.bytes]) });
  return createScanFromStaged(deps, { name: args.name, uploads });
}

export function scanDto(s: ScanRow) {
  return { id: s.id, name: s.name, format: s.format, sizeBytes: s.sizeBytes, fileCount: s.files.length, createdAt: s.createdAt.toISOString() };
}

export async function listScanDtos(deps: ServiceDeps) {
  return (await listScans(deps.db, scopeOf(deps))).map(scanDto);
}

/** Scans of the caller's workspace; clinicians see only what they uploaded (another's is NOT_FOUND). */
export const visibleScan = (scope: Scope, s: Pick<ScanRow, 'workspaceId' | 'createdBy'>) =>
  s.workspaceId === scope.workspaceId && (scope.seesAllRuns || s.createdBy === scope.ownerId);

export async function requireScan(deps: ServiceDeps, id: string): Promise<ScanRow> {
  const scan = await getScan(deps.db, id);
  if (!scan || !visibleScan(scopeOf(deps), scan)) throw new ServiceError('NOT_FOUND', `scan ${id} not found`);
  return scan;
}
