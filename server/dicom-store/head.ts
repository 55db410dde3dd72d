import { textOf, TAGS } from '../../domain/dicom/json';
import { RuntimeError } from '../../runtimes/core/errors';
import { instanceHeadOf, type InstanceHead } from '../../runtimes/imaging/dicom/json';
import { readPrefix } from '../../runtimes/server/file-heads';
import { ServiceError } from '../errors';

/** Headers of enhanced multi-frame objects (per-frame groups) can be megabytes; pixels are not read. */
const HEAD_BYTES = 32 * 1024 * 1024;

export interface IndexedHead extends InstanceHead {
  sopClassUid: string;
  sopInstanceUid: string;
  studyUid: string;
  seriesUid: string;
  modality: string;
  instanceNumber: number | null;
}

/**
 * The index entry of a Part 10 file on disk: its attributes up to the Pixel Data and the four
 * UIDs every stored instance must have. Unreadable files and files without those UIDs are
 * refused (CORRUPT_UPLOAD) before anything is stored.
 */
export async function readIndexedHead(file: string, size: number, fileName: string): Promise<IndexedHead> {
  let head: InstanceHead;
  try {
    head = instanceHeadOf(await readPrefix(file, Math.min(size, HEAD_BYTES)), fileName);
  } catch (e) {
    if (e instanceof RuntimeError) throw new ServiceError('CORRUPT_UPLOAD', e.message, { file: fileName });
    throw e;
  }
  const a = head.attributes;
  const uids = {
    sopClassUid: textOf(a, TAGS.SOPClassUID),
    sopInstanceUid: textOf(a, TAGS.SOPInstanceUID),
    studyUid: textOf(a, TAGS.StudyInstanceUID),
    seriesUid: textOf(a, TAGS.SeriesInstanceUID),
  };
  const missing = Object.entries(uids).filter(([, v]) => !v).map(([k]) => k);
  if (missing.length) throw new ServiceError('CORRUPT_UPLOAD', `${fileName}: no ${missing.join(', ')}: an instance needs its SOP class, SOP instance, study and series UIDs`, { file: fileName, missing });
  const n = Number.parseInt(textOf(a, TAGS.InstanceNumber), 10);
  return { ...head, ...uids, modality: textOf(a, TAGS.Modality), instanceNumber: Number.isFinite(n) ? n : null };
}
