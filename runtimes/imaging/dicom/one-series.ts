import { RuntimeError } from '../../core/errors';
import type { DicomSeriesValue, VolumeValue } from '../../core/values';
import { readInstance, type DicomInstance } from './instance';
import { sourceModules } from './source-modules';

export interface DicomSeriesResult {
  volume: VolumeValue;
  series: DicomSeriesValue;
  /** Tolerated oddities (uneven spacing, gaps, missing geometry) for the run log. */
  warnings: string[];
}

/** Parses the files; refuses an empty list or files of several series (DICOM_MIXED_SERIES). */
export function oneSeries(files: Uint8Array[], names?: string[]): DicomInstance[] {
  if (files.length === 0) throw new RuntimeError('EMPTY_INPUT', 'no DICOM files were given');
  const instances = files.map((bytes, i) => readInstance(bytes, names?.[i] ?? `file ${i + 1}`));
  const bySeries = new Map<string, DicomInstance[]>();
  for (const inst of instances) bySeries.set(inst.seriesInstanceUid, [...(bySeries.get(inst.seriesInstanceUid) ?? []), inst]);
  if (bySeries.size > 1) {
    const list = [...bySeries.entries()].map(([uid, l]) => `${uid || '(no SeriesInstanceUID)'}: ${l.length} file(s), ${l[0].modality ?? '?'}`);
    throw new RuntimeError('DICOM_MIXED_SERIES', `the files belong to ${bySeries.size} series; upload one series at a time (${list.join('; ')})`);
  }
  return instances;
}

/** Series metadata in volume order (one entry per slice; frames of one file share its SOP UID). */
export function seriesValue(slices: DicomInstance[]): DicomSeriesValue {
  const first = slices[0];
  return {
    type: 'dicom-series',
    studyInstanceUid: first.studyInstanceUid,
    seriesInstanceUid: first.seriesInstanceUid,
    frameOfReferenceUid: first.frameOfReferenceUid,
    modality: first.modality,
    ...sourceModules(first.ds),
    instances: slices.map((s) => ({
      sopClassUid: s.sopClassUid,
      sopInstanceUid: s.sopInstanceUid,
      position: s.position ? [...s.position] : [0, 0, 0],
    })),
  };
}
