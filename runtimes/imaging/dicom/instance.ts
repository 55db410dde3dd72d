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

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * All numeric values of a DS/IS element; undefined if absent, DICOM_PARSE if not numbers (that
 * error before an out-of-range one). One pass, no intermediate arrays: it runs for every
 * attribute of every slice of a series.
 */
function numbers(ds: DataSet, tag: string, name: string, file: string): number[] | undefined {
  const raw = ds.string(tag); // trimmed
  if (raw === undefined || raw === '') return undefined;
  const values: number[] = [];
  let finite = true;
  for (let start = 0; ; ) {
    const end = raw.indexOf('\\', start);
    const s = (end < 0 ? raw.slice(start) : raw.slice(start, end)).trim();
    if (!NUMBER.test(s)) throw new RuntimeError('DICOM_PARSE', `${file}: ${name} "${raw}" is not a list of numbers`);
    const v = Number(s);
    finite &&= Number.isFinite(v);
    values.push(v);
    if (end < 0) break;
    start = end + 1;
  }
  if (!finite) throw new RuntimeError('DICOM_PARSE', `${file}: ${name} "${raw}" is out of range`);
  return values;
}

/** The first value of a DS/IS element. */
const first = (ds: DataSet, tag: string, name: string, file: string) => numbers(ds, tag, name, file)?.[0];

function fixed<N extends number>(v: number[] | undefined, n: N, name: string, file: string): number[] | undefined {
  if (v && v.length !== n) throw new RuntimeError('DICOM_PARSE', `${file}: ${name} has ${v.length} values, expected ${n}`);
  return v;
}

/** Parses one file (or takes its already parsed `ds`) and reads its series/geometry attributes; pixels are checked later. */
export function readInstance(bytes: Uint8Array, name: string, ds: DataSet = parseDicom(bytes, name)): DicomInstance {
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
    instanceNumber: first(ds, 'x00200013', 'InstanceNumber', name),
    rows: ds.uint16('x00280010') ?? 0,
    cols: ds.uint16('x00280011') ?? 0,
    position: fixed(numbers(ds, 'x00200032', 'ImagePositionPatient', name), 3, 'ImagePositionPatient', name) as Vec3 | undefined,
    orientation: fixed(numbers(ds, 'x00200037', 'ImageOrientationPatient', name), 6, 'ImageOrientationPatient', name) as DicomInstance['orientation'],
    pixelSpacing: fixed(numbers(ds, 'x00280030', 'PixelSpacing', name), 2, 'PixelSpacing', name) as [number, number] | undefined,
    sliceThickness: first(ds, 'x00180050', 'SliceThickness', name),
    spacingBetweenSlices: first(ds, 'x00180088', 'SpacingBetweenSlices', name),
    slope: first(ds, 'x00281053', 'RescaleSlope', name) ?? 1,
    intercept: first(ds, 'x00281052', 'RescaleIntercept', name) ?? 0,
  };
}
