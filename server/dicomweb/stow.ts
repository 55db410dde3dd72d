import { RuntimeError } from '../../runtimes/core/errors';
import type { StagedBlob } from '../blobs/store';
import { mapError, ServiceError } from '../errors';
import type { ServiceDeps } from '../context';
import { boundaryOf, streamParts } from '../http/multipart-related';
import { parseDicomFile } from '../../runtimes/server/file-heads';
import { createScanFromStaged, type StagedUpload } from '../scans/service';
import { instanceUrl, studyUrl } from './urls';

/**
 * DICOMweb STOW-RS (PS3.18 10.5): `POST /api/dicomweb/studies[/{StudyInstanceUID}]` with a
 * `multipart/related; type="application/dicom"` body, one Part 10 instance per part. Instances
 * are grouped by SeriesInstanceUID and each series becomes one scan through the upload
 * service (the same validation as a browser upload). The answer is the PS3.18 store response
 * in DICOM JSON: ReferencedSOPSequence for stored instances (each with its RetrieveURL),
 * FailedSOPSequence (with a FailureReason) for the others, and the study's RetrieveURL when
 * every stored instance is of one study; 200 when all were stored, 202 when some failed, 409
 * when none was. Posted to a study, instances of another study fail with 0xA900.
 */
const TAG = {
  sopClass: 'x00080016',
  sopInstance: 'x00080018',
  study: 'x0020000d',
  series: 'x0020000e',
  seriesDescription: 'x0008103e',
} as const;

/** PS3.4 / PS3.18 failure reasons (US). */
const FAILURE = { OUT_OF_RESOURCES: 0xa700, PROCESSING: 0x0110, SOP_CLASS_UNSUPPORTED: 0x0122, DATASET_MISMATCH: 0xa900, CANNOT_UNDERSTAND: 0xc000 } as const;

/** One instance may be large (multi-frame); each part streams to a staging file, never held in memory. */
const MAX_INSTANCE_BYTES = 512 * 1024 * 1024;

type Sop = { sopClassUid: string; sopInstanceUid: string };
/** What was received (reported as such) and where it is stored (`at`: the same UIDs unless de-identified). */
type StoredSop = Sop & { studyUid: string; seriesUid: string; at?: { studyUid: string; seriesUid: string; sopInstanceUid: string } };
type Failed = Sop & { reason: number };
export interface StowResult {
  status: 200 | 202 | 409;
  body: Record<string, unknown>;
  scans: { scanId: string; seriesUid: string; instances: number }[];
}

const ui = (v: string) => ({ vr: 'UI', Value: [v] });
/** UIDs an unreadable part does not have are left out rather than invented. */
const sopItem = (s: Sop) => ({
  ...(s.sopClassUid ? { '00081150': ui(s.sopClassUid) } : {}),
  ...(s.sopInstanceUid ? { '00081155': ui(s.sopInstanceUid) } : {}),
});

/** The content type must be multipart/related, of application/dicom parts (PS3.18 8.6.1.1). */
function checkContentType(contentType: string): void {
  if (!/^multipart\/related\b/i.test(contentType)) {
    throw new ServiceError('UNSUPPORTED_UPLOAD', 'STOW-RS takes multipart/related; type="application/dicom"');
  }
  const type = /;\s*type="?([^";]+)"?/i.exec(contentType)?.[1]?.toLowerCase();
  if (type && type !== 'application/dicom') {
    throw new ServiceError('UNSUPPORTED_UPLOAD', `only application/dicom parts are accepted (the request declares ${type}); DICOM JSON/XML metadata with bulk data is not supported`);
  }
}

/** The failure reason of a series the scan service refused (keyed by its stable code). */
function reasonOf(e: unknown): number {
  const { client } = mapError(e);
  if (client.code === 'VOLUME_TOO_LARGE') return FAILURE.OUT_OF_RESOURCES;
  if (client.code === 'DICOM_UNSUPPORTED' || client.code === 'UNSUPPORTED_UPLOAD') return FAILURE.SOP_CLASS_UNSUPPORTED;
  if (client.code === 'CORRUPT_UPLOAD' || client.code === 'TRUNCATED_UPLOAD' || client.code === 'DICOM_PARSE') return FAILURE.CANNOT_UNDERSTAND;
  return FAILURE.PROCESSING;
}

/** `root`: the DICOMweb root RetrieveURLs are built on; `study`: the study the request was posted to. */
export async function storeInstances(deps: ServiceDeps, request: Request, limitBytes: number, opts: { root: string; study?: string }): Promise<StowResult> {
  checkContentType(request.headers.get('content-type') ?? '');
  const series = new Map<string, { description?: string; uploads: StagedUpload[]; sops: StoredSop[] }>();
  const failed: Failed[] = [];
  let count = 0;
  const discardAll = () => Promise.all([...series.values()].flatMap((g) => g.uploads.map((u) => u.staged.discard())));
  try {
    if (!request.body) throw new ServiceError('EMPTY_UPLOAD', 'the request has no body');
    const parts = streamParts(request.body, boundaryOf(request.headers.get('content-type') ?? ''), {
      maxPartBytes: MAX_INSTANCE_BYTES,
      maxTotalBytes: limitBytes,
      maxParts: 100_000,
    });
    for await (const part of parts) {
      count++;
      const type = (part.headers['content-type'] ?? 'application/dicom').split(';')[0].trim().toLowerCase();
      // Staged to disk as it arrives (hashing on the way), then read back only up to Pixel Data.
      const staged: StagedBlob = await deps.blobs.stage(part.body);
      let kept = false;
      try {
        if (type !== 'application/dicom') {
          failed.push({ sopClassUid: '', sopInstanceUid: '', reason: FAILURE.DATASET_MISMATCH });
          continue;
        }
        let ds;
        try {
          ds = await parseDicomFile(staged.tempPath, staged.size, `instance ${count}`);
        } catch (e) {
          if (!(e instanceof RuntimeError)) throw e;
          failed.push({ sopClassUid: '', sopInstanceUid: '', reason: FAILURE.CANNOT_UNDERSTAND });
          continue;
        }
        const sop = { sopClassUid: ds.string(TAG.sopClass) ?? '', sopInstanceUid: ds.string(TAG.sopInstance) ?? '' };
        const seriesUid = ds.string(TAG.series);
        const studyUid = ds.string(TAG.study);
        if (!seriesUid || !studyUid || !sop.sopInstanceUid || (opts.study !== undefined && studyUid !== opts.study)) {
          failed.push({ ...sop, reason: FAILURE.DATASET_MISMATCH });
          continue;
        }
        const group = series.get(seriesUid) ?? { description: ds.string(TAG.seriesDescription) || undefined, uploads: [], sops: [] };
        series.set(seriesUid, group);
        group.uploads.push({ fileName: `${sop.sopInstanceUid}.dcm`, staged });
        group.sops.push({ ...sop, studyUid, seriesUid });
        kept = true;
      } finally {
        if (!kept) await staged.discard();
      }
    }
  } catch (e) {
    await discardAll();
    throw e;
  }
  if (count === 0) throw new ServiceError('EMPTY_UPLOAD', 'the request holds no instance');

  const stored: StoredSop[] = [];
  const scans: StowResult['scans'] = [];
  try {
    for (const [seriesUid, g] of series) {
      try {
        const scan = await createScanFromStaged(deps, { headerName: g.description, uploads: g.uploads, source: 'stow' });
        // De-identified on the way in: the instances are retrievable under their new UIDs.
        const to = (uid: string) => scan.uidMap[uid] ?? uid;
        stored.push(...g.sops.map((s) => ({ ...s, at: { studyUid: to(s.studyUid), seriesUid: to(s.seriesUid), sopInstanceUid: to(s.sopInstanceUid) } })));
        scans.push({ scanId: scan.id, seriesUid, instances: g.sops.length });
      } catch (e) {
        if (mapError(e).http >= 500) throw e;
        failed.push(...g.sops.map((s) => ({ ...s, reason: reasonOf(e) })));
      }
    }
  } finally {
    // An outage stops at the first series: the staged files of the series after it go too.
    await discardAll();
  }
  const body: Record<string, unknown> = {};
  const where = (s: StoredSop) => s.at ?? s;
  const studies = new Set(stored.map((s) => where(s).studyUid));
  if (studies.size === 1) body['00081190'] = { vr: 'UR', Value: [studyUrl(opts.root, [...studies][0])] };
  if (stored.length) body['00081199'] = { vr: 'SQ', Value: stored.map((s) => ({ ...sopItem(s), '00081190': { vr: 'UR', Value: [instanceUrl(opts.root, where(s).studyUid, where(s).seriesUid, where(s).sopInstanceUid)] } })) };
  if (failed.length) body['00081198'] = { vr: 'SQ', Value: failed.map((f) => ({ ...sopItem(f), '00081197': { vr: 'US', Value: [f.reason] } })) };
  return { status: failed.length === 0 ? 200 : stored.length ? 202 : 409, body, scans };
}
