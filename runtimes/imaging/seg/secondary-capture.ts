import { RuntimeError } from '../../core/errors';
import type { DicomSeriesValue } from '../../core/values';
import type { Vec3 } from '../geometry';
import { SOURCE_IMAGE_PURPOSE, codeItem } from './codes';
import { lo } from './groups';
import { ds, isAscii, item, writePart10, type Dataset } from './part10';
import type { SourceInstance } from './plan';
import { toHex } from '../../../domain/sha256';
import { hashUid, sha256Parts } from './uid';
import { MANUFACTURER } from './write';

/**
 * Plain Secondary Capture Image Storage, not Multi-frame True Color SC: both pass dciodvfy for
 * one RGB picture per instance, but every PACS viewer shows plain SC, and it has no Multi-frame
 * module (NumberOfFrames, FrameIncrementPointer) whose conditions one frame per file trips.
 */
export const SECONDARY_CAPTURE_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.7';
export const NOT_FOR_DIAGNOSTIC_USE = 'NOT FOR DIAGNOSTIC USE';

/** One rendered picture (RGB interleaved, row-major) and the source instance it was drawn from. */
export interface ScImage {
  width: number;
  height: number;
  rgb: Uint8Array;
  source: SourceInstance;
  instanceNumber: number;
}

export interface ScWriteOptions {
  algorithmName: string;
  /** The pipeline version (semver) that produced the labels. */
  algorithmVersion: string;
  modelSha256?: string | string[];
  /** Follows "NOT FOR DIAGNOSTIC USE - " in SeriesDescription; default "<algorithm> <version> overlay". */
  seriesDescription?: string;
  seriesNumber?: number;
  /** How the picture was made, for DerivationDescription (e.g. the blend opacity). */
  derivation: string;
  /** Patient directions of the picture's rows (left to right) and columns (top to bottom). */
  axes: { row: Vec3; column: Vec3 };
  /** Pixel Spacing: [between rows, between columns] in mm. */
  pixelSpacing: [number, number];
}

/**
 * Writes a series of Secondary Capture images (Part 10, explicit VR LE, RGB 8-bit interleaved)
 * in the source study: patient and study modules copied, each image referencing its source
 * instance. The SC IOD has no Image Plane or Frame of Reference module (dciodvfy flags IPP,
 * IOP and FrameOfReferenceUID as not in the IOD), so placement travels as PatientOrientation
 * and Pixel Spacing only. `render(n)` is called twice per image: once to derive the series UID
 * from every picture (as the SEG derives its UIDs from its pixels: same inputs, same bytes),
 * once to write; nothing holds more than one picture.
 */
export async function writeSecondaryCaptures(
  source: DicomSeriesValue,
  images: { count: number; render: (n: number) => ScImage },
  options: ScWriteOptions,
  emit: (bytes: Uint8Array, image: ScImage) => void | Promise<void>,
): Promise<void> {
  const digests: Uint8Array[] = [];
  for (let n = 0; n < images.count; n++) digests.push(await sha256Parts(images.render(n).rgb));
  const seed = toHex(await sha256Parts(...digests, JSON.stringify({ source, options })));
  const seriesUid = await hashUid(seed, 'series');
  for (let n = 0; n < images.count; n++) {
    const image = images.render(n);
    const sopUid = await hashUid(seed, 'instance', String(n));
    const dataset = scDataset(image, source, options, seriesUid, sopUid);
    await emit(writePart10(SECONDARY_CAPTURE_IMAGE_STORAGE, sopUid, dataset), image);
  }
}

function scDataset(image: ScImage, source: DicomSeriesValue, options: ScWriteOptions, seriesUid: string, sopUid: string): Dataset {
  const { width, height, rgb } = image;
  if (width > 65535 || height > 65535) throw new RuntimeError('BAD_NODE_INPUT', `a ${width}x${height} picture does not fit DICOM Rows/Columns`);
  if (rgb.length !== width * height * 3) throw new RuntimeError('BAD_NODE_INPUT', `${rgb.length} RGB bytes for a ${width}x${height} picture`);
  const models = [options.modelSha256 ?? []].flat();
  const provenance = `pipelineVersion=${options.algorithmVersion};modelSha256=${models.join(',') || 'none'};algorithm=${options.algorithmName}`;
  const { patient = {}, study = {} } = source;
  const reference = (...extra: [number, string, Dataset[]][]) =>
    item([0x00081150, 'UI', image.source.sopClassUid], [0x00081155, 'UI', image.source.sopInstanceUid], ...extra);
  const dataset: Dataset = item(
    [0x00080008, 'CS', ['DERIVED', 'SECONDARY']],
    [0x00080016, 'UI', SECONDARY_CAPTURE_IMAGE_STORAGE],
    [0x00080018, 'UI', sopUid],
    [0x00080020, 'DA', study.date],
    // Type 2C ContentDate/Time without a clock: the study's, as the SEG writer does.
    [0x00080023, 'DA', study.date ?? '19700101'],
    [0x00080030, 'TM', study.time],
    [0x00080033, 'TM', study.time ?? '000000'],
    [0x00080050, 'SH', study.accessionNumber],
    [0x00080060, 'CS', 'OT'],
    // WSD: "workstation", an image made by software rather than digitised.
    [0x00080064, 'CS', 'WSD'],
    [0x00080070, 'LO', MANUFACTURER],
    [0x00080090, 'PN', study.referringPhysicianName],
    ...(study.description ? [[0x00081030, 'LO', study.description] as [number, string, string]] : []),
    [0x0008103e, 'LO', lo(`${NOT_FOR_DIAGNOSTIC_USE} - ${options.seriesDescription ?? `${options.algorithmName} ${options.algorithmVersion} overlay`}`)],
    [0x00081090, 'LO', lo(options.algorithmName)],
    [0x00081140, 'SQ', [reference()]],
    [0x00082111, 'ST', `${options.derivation}; ${provenance}`.slice(0, 1024)],
    [0x00082112, 'SQ', [reference([0x0040a170, 'SQ', [codeItem(SOURCE_IMAGE_PURPOSE)]])]],
    [0x00100010, 'PN', patient.name],
    [0x00100020, 'LO', patient.id],
    [0x00100030, 'DA', patient.birthDate],
    [0x00100040, 'CS', patient.sex],
    [0x00181000, 'LO', models[0] ?? 'none'],
    [0x00181016, 'LO', MANUFACTURER],
    [0x00181018, 'LO', lo(options.algorithmName)],
    [0x00181019, 'LO', [lo(options.algorithmVersion)]],
    [0x00181020, 'LO', lo(options.algorithmVersion)],
    [0x0020000d, 'UI', source.studyInstanceUid],
    [0x0020000e, 'UI', seriesUid],
    [0x00200010, 'SH', study.id],
    [0x00200011, 'IS', String(options.seriesNumber ?? 301)],
    [0x00200013, 'IS', String(image.instanceNumber)],
    [0x00200020, 'CS', [letters(options.axes.row), letters(options.axes.column)]],
    // Type 2C, empty = unknown: the series value does not carry the source's BodyPartExamined,
    // without which dciodvfy requires Laterality.
    [0x00200060, 'CS', undefined],
    [0x00204000, 'LT', `${NOT_FOR_DIAGNOSTIC_USE}. Label overlay for display only; ${provenance}`],
    [0x00280002, 'US', 3],
    [0x00280004, 'CS', 'RGB'],
    [0x00280006, 'US', 0],
    [0x00280010, 'US', height],
    [0x00280011, 'US', width],
    [0x00280030, 'DS', options.pixelSpacing.map(ds)],
    [0x00280100, 'US', 8],
    [0x00280101, 'US', 8],
    [0x00280102, 'US', 7],
    [0x00280103, 'US', 0],
    [0x00280301, 'CS', 'NO'],
    [0x00282110, 'CS', '00'],
    [0x7fe00010, 'OB', rgb],
  );
  if (!isAscii(dataset)) Object.assign(dataset, item([0x00080005, 'CS', 'ISO_IR 192']));
  return dataset;
}

/**
 * PatientOrientation letters of an LPS direction (PS3.3 C.7.6.1.1.1): L/R, P/A, H/F for each
 * component beyond 0.1 (about 6 degrees of obliquity), the largest first.
 */
export function letters(v: Vec3): string {
  const names = [['L', 'R'], ['P', 'A'], ['H', 'F']];
  return [0, 1, 2]
    .filter((a) => Math.abs(v[a]) > 0.1)
    .sort((a, b) => Math.abs(v[b]) - Math.abs(v[a]))
    .map((a) => names[a][v[a] > 0 ? 0 : 1])
    .join('');
}
