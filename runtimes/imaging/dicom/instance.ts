import { RuntimeError } from '../../core/errors';
import type { Vec3 } from '../geometry';
import { parseDicom, type DataSet } from './parse';

/** What series assembly needs from one DICOM file (single frame, native pixel data). */
export interface DicomInstance {
  name: string;
  ds: DataSet;
  transferSyntax: string;
  sopClassUid: string;
  sopInstanceUid: string;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  frameOfReferenceUid?: string;
  modality?: string;
  instanceNumber?: number;
  rows: number;
  cols: number;
  /** ImagePositionPatient (LPS mm) and ImageOrientationPatient (row cosine, column cosine). */
  position?: Vec3;
  orientation?: [number, number, number, number, number, number];
  /** PixelSpacing: [between rows (y), between columns (x)] in mm. */
  pixelSpacing?: [number, number];
  sliceThickness?: number;
  spacingBetweenSlices?: number;
  slope: number;
  intercept: number;
}

const str = (ds: DataSet, tag: string) => ds.string(tag)?.trim() || undefined;

/** All numeric values of a DS/IS element; undefined if absent, DICOM_PARSE if not numbers. */
function numbers(ds: DataSet, tag: string, name: string, file: string): number[] | undefined {
  const raw = ds.string(tag);
  if (raw === undefined || raw.trim() === '') return undefined;
  const values = raw.split('\\').map((s) => s.trim());
  if (!values.every((s) => /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s))) {
    throw new RuntimeError('DICOM_PARSE', `${file}: ${name} "${raw}" is not a list of numbers`);
  }
  const parsed = values.map(Number);
  if (!parsed.every(Number.isFinite)) throw new RuntimeError('DICOM_PARSE', `${file}: ${name} "${raw}" is out of range`);
  return parsed;
}

function fixed<N extends number>(v: number[] | undefined, n: N, name: string, file: string): number[] | undefined {
  if (v && v.length !== n) throw new RuntimeError('DICOM_PARSE', `${file}: ${name} has ${v.length} values, expected ${n}`);
  return v;
}

/** Parses one file (or takes its already parsed `ds`) and reads its series/geometry attributes; pixels are checked later. */
export function readInstance(bytes: Uint8Array, name: string, ds: DataSet = parseDicom(bytes, name)): DicomInstance {
  const num = (tag: string, label: string) => numbers(ds, tag, label, name)?.[0];
  return {
    name,
    ds,
    transferSyntax: str(ds, 'x00020010') ?? '1.2.840.10008.1.2',
    sopClassUid: str(ds, 'x00080016') ?? str(ds, 'x00020002') ?? '',
    sopInstanceUid: str(ds, 'x00080018') ?? str(ds, 'x00020003') ?? '',
    studyInstanceUid: str(ds, 'x0020000d') ?? '',
    seriesInstanceUid: str(ds, 'x0020000e') ?? '',
    frameOfReferenceUid: str(ds, 'x00200052'),
    modality: str(ds, 'x00080060'),
    instanceNumber: num('x00200013', 'InstanceNumber'),
    rows: ds.uint16('x00280010') ?? 0,
    cols: ds.uint16('x00280011') ?? 0,
    position: fixed(numbers(ds, 'x00200032', 'ImagePositionPatient', name), 3, 'ImagePositionPatient', name) as Vec3 | undefined,
    orientation: fixed(numbers(ds, 'x00200037', 'ImageOrientationPatient', name), 6, 'ImageOrientationPatient', name) as DicomInstance['orientation'],
    pixelSpacing: fixed(numbers(ds, 'x00280030', 'PixelSpacing', name), 2, 'PixelSpacing', name) as [number, number] | undefined,
    sliceThickness: num('x00180050', 'SliceThickness'),
    spacingBetweenSlices: num('x00180088', 'SpacingBetweenSlices'),
    slope: num('x00281053', 'RescaleSlope') ?? 1,
    intercept: num('x00281052', 'RescaleIntercept') ?? 0,
  };
}
