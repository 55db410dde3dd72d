import { readFile } from 'node:fs/promises';
import type { ReferenceFormat } from '../../drizzle/schema';
import { isRuntimeError } from '../../runtimes/core/errors';
import type { LabelMapValue, VolumeValue } from '../../runtimes/core/values';
import { readNifti, writeNifti } from '../../runtimes/imaging/nifti';
import { readSeg, SEGMENTATION_STORAGE } from '../../runtimes/imaging/seg';
import { readDicomSeriesFiles } from '../../runtimes/server/dicom-files';
import type { StagedBlob } from '../blobs/store';
import type { ServiceDeps } from '../context';
import { prepareIncoming } from '../deid/ingest';
import { readIndexedHead } from '../dicom-store/head';
import { ServiceError } from '../errors';
import { prepareScan, type PreparedScan, type StagedUpload } from '../scans/service';
import { checkNifti } from '../scans/sniff';
import type { DicomCase, NiftiCase } from './pairing';
import { labelCounts, niftiReference, segReference } from './reference';

/** A case checked and staged, nothing addressable yet: the service commits it in the version's transaction. */
export interface PreparedCase {
  key: string;
  scan: PreparedScan;
  referenceFormat: ReferenceFormat;
  /** The reference as uploaded (a SEG de-identified like its series). */
  referenceFiles: StagedUpload[];
  /** The reference as a .nii.gz label map on the scan's grid. */
  labelMap: StagedBlob;
  counts: Record<string, number>;
  /** Everything staged for this case beyond the caller's uploads: discard after the transaction. */
  made: StagedBlob[];
}

const baseName = (p: string) => p.split('/').pop() ?? p;

/** A reader's RuntimeError as the upload's typed error naming the case and file. */
async function reading<T>(caseKey: string, file: string, read: () => Promise<T> | T): Promise<T> {
  try {
    return await read();
  } catch (e) {
    if (isRuntimeError(e)) throw new ServiceError('CORRUPT_UPLOAD', `case ${caseKey}: ${baseName(file)}: ${e.message}`, { caseKey, file: baseName(file), cause: e.code });
    throw e;
  }
}

async function finish(key: string, scan: PreparedScan, format: ReferenceFormat, referenceFiles: StagedUpload[], labelMap: LabelMapValue, made: StagedBlob[], deps: ServiceDeps): Promise<PreparedCase> {
  const staged = await deps.blobs.stage([writeNifti(labelMap, { gzip: true })]);
  made.push(staged);
  return { key, scan, referenceFormat: format, referenceFiles, labelMap: staged, counts: labelCounts(labelMap.data), made };
}

export async function prepareNiftiCase(deps: ServiceDeps, c: NiftiCase, staged: Map<string, StagedBlob>): Promise<PreparedCase> {
  const image = { fileName: baseName(c.image), staged: staged.get(c.image)! };
  const reference = { fileName: baseName(c.reference), staged: staged.get(c.reference)! };
  const scan = await prepareScan(deps, { name: c.key, uploads: [image] });
  if (scan.row.format !== 'nifti') throw new ServiceError('UNSUPPORTED_UPLOAD', `case ${c.key}: ${image.fileName} is not NIfTI`, { caseKey: c.key });
  // The reference gets the scans' header checks (size limits, a gzip bomb) before it is inflated.
  await checkNifti(reference.staged.tempPath, `case ${c.key}: ${reference.fileName}`);
  const volume: VolumeValue = await reading(c.key, c.image, async () => readNifti(await readFile(image.staged.tempPath)));
  const ref: VolumeValue = await reading(c.key, c.reference, async () => readNifti(await readFile(reference.staged.tempPath)));
  return finish(c.key, scan, 'nifti', [reference], niftiReference(c.key, volume, ref), [...scan.made], deps);
}

/** One folder: one image series plus exactly one BINARY SEG that references it; the SEG is de-identified as the series is (same UID mapping). */
export async function prepareDicomCase(deps: ServiceDeps, c: DicomCase, staged: Map<string, StagedBlob>): Promise<PreparedCase> {
  const images: StagedUpload[] = [];
  const segs: StagedUpload[] = [];
  for (const path of c.files) {
    const u = { fileName: baseName(path), staged: staged.get(path)! };
    const head = await readIndexedHead(u.staged.tempPath, u.staged.size, path);
    (head.sopClassUid === SEGMENTATION_STORAGE ? segs : images).push(u);
  }
  if (segs.length !== 1 || images.length === 0) {
    const why = segs.length === 0 ? 'no DICOM SEG' : segs.length > 1 ? `${segs.length} DICOM SEG instances (one per case)` : 'a SEG but no image';
    throw new ServiceError('DATASET_UNPAIRED', `case ${c.key}: the folder holds ${why}`, { caseKey: c.key, files: c.files.slice(0, 50) });
  }
  const made: StagedBlob[] = [];
  try {
    const scan = await prepareScan(deps, { name: c.key, uploads: images });
    made.push(...scan.made);
    const seg = await prepareIncoming(deps, segs[0]);
    if (seg.deidentified) made.push(seg.staged);
    const segFile = { fileName: segs[0].fileName, staged: seg.staged };
    const segObject = await reading(c.key, segFile.fileName, async () => readSeg(new Uint8Array(await readFile(segFile.staged.tempPath)), segFile.fileName));
    const { volume, series } = await reading(c.key, c.files[0], () =>
      readDicomSeriesFiles(scan.uploads.map((u) => u.staged.tempPath), scan.uploads.map((u) => u.fileName)),
    );
    return await finish(c.key, scan, 'dicom-seg', [segFile], segReference(c.key, volume, series, segObject), made, deps);
  } catch (e) {
    await Promise.all(made.map((b) => b.discard()));
    throw e;
  }
}
