import type { DbOrTx } from '../../drizzle/client';
import type { DicomSource } from '../../drizzle/schema';
import { audited } from '../audit/service';
import type { CommittedBlob, StagedBlob } from '../blobs/store';
import { removeOrphansOf } from '../blobs/sweeper';
import type { ServiceDeps } from '../context';
import { scopeOf } from '../auth/scope';
import { prepareIncoming } from '../deid/ingest';
import { checkDicomFile } from '../scans/sniff';
import { readIndexedHead, type IndexedHead } from './head';
import { touchSeries, upsertInstance } from './repo';

export interface IngestedInstance {
  sopClassUid: string;
  sopInstanceUid: string;
  studyUid: string;
  seriesUid: string;
  sha256: string;
  replaced: boolean;
}

/** Who stored what, from where: the rows of one stored file. */
export interface IndexTarget {
  workspaceId: string;
  source: DicomSource;
  sender: string;
  scanId?: string | null;
  runId?: string | null;
}

/** Writes the index row and bumps the series (inside the caller's transaction). */
export async function indexInstance(tx: DbOrTx, t: IndexTarget, head: IndexedHead, blob: { sha256: string; size: number }): Promise<{ replaced: boolean }> {
  const { replaced } = await upsertInstance(tx, {
    workspaceId: t.workspaceId,
    sopInstanceUid: head.sopInstanceUid,
    sopClassUid: head.sopClassUid,
    studyUid: head.studyUid,
    seriesUid: head.seriesUid,
    transferSyntaxUid: head.transferSyntaxUid,
    instanceNumber: head.instanceNumber,
    sha256: blob.sha256,
    size: blob.size,
    source: t.source,
    sender: t.sender,
    scanId: t.scanId ?? null,
    runId: t.runId ?? null,
    attributes: head.attributes,
  });
  await touchSeries(tx, { workspaceId: t.workspaceId, seriesUid: head.seriesUid, studyUid: head.studyUid, modality: head.modality }, !replaced);
  return { replaced };
}

/**
 * Stores one received Part 10 instance (C-STORE): read and checked first (ServiceError
 * CORRUPT_UPLOAD before anything is stored), de-identified when the workspace does
 * (server/deid: a refused burned-in image stores nothing), then the blob is committed inside
 * the transaction that writes its index row, so a failure leaves neither. Otherwise stored as
 * received. The staged files are discarded here in every case. The UIDs returned are the
 * stored ones (new ones when de-identified).
 */
export async function ingestInstance(deps: ServiceDeps, args: { staged: StagedBlob; source: DicomSource; sender: string; fileName?: string }): Promise<IngestedInstance> {
  const fileName = args.fileName ?? args.staged.sha256;
  const made: StagedBlob[] = [];
  const committed: CommittedBlob[] = [];
  try {
    const received = await readIndexedHead(args.staged.tempPath, args.staged.size, fileName);
    // The header reader stops at the Pixel Data; this parse checks the pixel data is all there.
    await checkDicomFile(args.staged.tempPath, args.staged.size, fileName);
    const prepared = await prepareIncoming(deps, { staged: args.staged, fileName });
    if (prepared.deidentified) made.push(prepared.staged);
    const staged = prepared.staged;
    const head = prepared.deidentified ? await readIndexedHead(staged.tempPath, staged.size, fileName) : received;
    const { workspaceId } = scopeOf(deps);
    const target: IndexTarget = { workspaceId, source: args.source, sender: args.sender };
    try {
      const { replaced } = await audited(deps, async (tx) => {
        const r = await indexInstance(tx, target, head, staged);
        committed.push(await staged.commit());
        return r;
      }, (r) => ({
        action: 'dicom.instance-stored',
        objectType: 'dicom-instance',
        objectId: head.sopInstanceUid,
        details: { source: args.source, sender: args.sender, sopClassUid: head.sopClassUid, seriesUid: head.seriesUid, replaced: r.replaced, sha256: staged.sha256 },
      }));
      return { sopClassUid: head.sopClassUid, sopInstanceUid: head.sopInstanceUid, studyUid: head.studyUid, seriesUid: head.seriesUid, sha256: staged.sha256, replaced };
    } catch (e) {
      await removeOrphansOf(deps, committed);
      throw e;
    }
  } finally {
    await Promise.all([args.staged, ...made].map((b) => b.discard()));
  }
}
