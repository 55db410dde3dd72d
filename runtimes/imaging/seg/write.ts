import type { DicomSeriesValue, LabelMapValue } from '../../core/values';
import { dimensions, lo, perFrameGroup, segmentItem, sharedGroups } from './groups';
import { isAscii, item, writePart10, type Dataset } from './part10';
import { planFrames, type SegmentDescription } from './plan';
import { toHex } from '../../../domain/sha256';
import { hashUid, sha256Parts } from './uid';

export const SEGMENTATION_STORAGE = '1.2.840.10008.5.1.4.1.1.66.4';
export const MANUFACTURER = 'Imaging Pipeline Studio';

export interface SegWriteOptions {
  segments: SegmentDescription[];
  algorithmName: string;
  /** The pipeline version (semver) that produced the label map. */
  algorithmVersion: string;
  /** sha256 of the model(s) used; recorded in AlgorithmParameters and DeviceSerialNumber. */
  modelSha256?: string | string[];
  /** Default: "<algorithmName> <algorithmVersion>". */
  seriesDescription?: string;
  seriesNumber?: number;
}

/**
 * Writes a BINARY DICOM Segmentation (Part 10, explicit VR LE) of a label map derived from a
 * source series: same study, patient and frame of reference; one frame per (segment, slice)
 * with voxels, placed by the label map's geometry; each frame references the source instance
 * in its plane. Every UID derives from the inputs and ContentDate/Time are the study's, so the
 * same inputs give the same bytes (no clock, no randomness).
 */
export async function writeSeg(labels: LabelMapValue, source: DicomSeriesValue, options: SegWriteOptions): Promise<Uint8Array> {
  const plan = planFrames(labels, source, options.segments);
  const models = [options.modelSha256 ?? []].flat();
  const parameters = `pipelineVersion=${options.algorithmVersion};modelSha256=${models.join(',') || 'none'}`;
  const algorithm = { name: options.algorithmName, version: options.algorithmVersion, parameters };
  const { instances, patient = {}, study = {} } = source;
  const seed = toHex(await sha256Parts(plan.pixelData, JSON.stringify({ g: labels.geometry, source, options })));
  const [seriesUid, sopUid, dimensionUid] = await Promise.all(['series', 'instance', 'dimension-organization'].map((p) => hashUid(seed, p)));
  // A source without a frame of reference gets one per source series (not per SEG), so every
  // SEG of that series shares it.
  const frameOfReference = source.frameOfReferenceUid ?? (await hashUid('frame-of-reference', source.seriesInstanceUid));
  const [rows, cols] = [labels.geometry.dims[1], labels.geometry.dims[0]];
  // Type 1 ContentDate/Time without a clock: the study's (a derived object of that study).
  const date = study.date ?? '19700101';
  const time = study.time ?? '000000';
  const dataset: Dataset = item(
    [0x00080008, 'CS', ['DERIVED', 'PRIMARY']],
    [0x00080016, 'UI', SEGMENTATION_STORAGE],
    [0x00080018, 'UI', sopUid],
    [0x00080020, 'DA', study.date],
    [0x00080023, 'DA', date],
    [0x00080030, 'TM', study.time],
    [0x00080033, 'TM', time],
    [0x00080050, 'SH', study.accessionNumber],
    [0x00080060, 'CS', 'SEG'],
    [0x00080070, 'LO', MANUFACTURER],
    [0x00080090, 'PN', study.referringPhysicianName],
    ...(study.description ? [[0x00081030, 'LO', study.description] as [number, string, string]] : []),
    [0x0008103e, 'LO', lo(options.seriesDescription ?? `${options.algorithmName} ${options.algorithmVersion}`)],
    [0x00081090, 'LO', lo(options.algorithmName)],
    [0x00081115, 'SQ', [item(
      [0x0008114a, 'SQ', instances.map((i) => item([0x00081150, 'UI', i.sopClassUid], [0x00081155, 'UI', i.sopInstanceUid]))],
      [0x0020000e, 'UI', source.seriesInstanceUid],
    )]],
    [0x00100010, 'PN', patient.name],
    [0x00100020, 'LO', patient.id],
    [0x00100030, 'DA', patient.birthDate],
    [0x00100040, 'CS', patient.sex],
    [0x00181000, 'LO', models[0] ?? 'none'],
    [0x00181020, 'LO', lo(options.algorithmVersion)],
    [0x0020000d, 'UI', source.studyInstanceUid],
    [0x0020000e, 'UI', seriesUid],
    [0x00200010, 'SH', study.id],
    [0x00200011, 'IS', String(options.seriesNumber ?? 300)],
    [0x00200013, 'IS', '1'],
    [0x00200052, 'UI', frameOfReference],
    [0x00201040, 'LO', undefined],
    ...dimensions(dimensionUid),
    [0x00280002, 'US', 1],
    [0x00280004, 'CS', 'MONOCHROME2'],
    [0x00280008, 'IS', String(plan.frames.length)],
    [0x00280010, 'US', rows],
    [0x00280011, 'US', cols],
    [0x00280100, 'US', 1],
    [0x00280101, 'US', 1],
    [0x00280102, 'US', 0],
    [0x00280103, 'US', 0],
    [0x00282110, 'CS', '00'],
    [0x00620001, 'CS', 'BINARY'],
    [0x00620002, 'SQ', options.segments.map((s, i) => segmentItem(s, i + 1, algorithm))],
    // A label map gives each voxel one value: segments never overlap.
    [0x00620013, 'CS', 'NO'],
    [0x00700080, 'CS', contentLabel(options.algorithmName)],
    [0x00700081, 'LO', lo(`${options.algorithmName} ${options.algorithmVersion} model ${models[0]?.slice(0, 16) ?? 'none'}`)],
    [0x00700084, 'PN', `${lo(options.algorithmName.replace(/[\^=\\]/g, ' ')).slice(0, 63)}^`],
    [0x52009229, 'SQ', [sharedGroups(labels.geometry)]],
    [0x52009230, 'SQ', plan.frames.map(perFrameGroup)],
    [0x7fe00010, 'OB', plan.pixelData],
  );
  if (!isAscii(dataset)) Object.assign(dataset, item([0x00080005, 'CS', 'ISO_IR 192']));
  return writePart10(SEGMENTATION_STORAGE, sopUid, dataset);
}

/** ContentLabel is a CS: upper-case letters, digits, space and underscore, 16 at most. */
function contentLabel(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9 _]/g, '_').slice(0, 16).trim() || 'SEGMENTATION';
}
