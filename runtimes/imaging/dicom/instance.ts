import type { Dtype } from '../../../domain/ports';
import { RuntimeError } from '../../core/errors';
import type { Vec3 } from '../geometry';
import { parseDicom, type DataSet, type Element } from './parse';
import { NATIVE_SYNTAXES, transferSyntaxName } from './transfer-syntax';

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

/** Stored pixel layout of a single-frame native image. */
export interface PixelFormat {
  dtype: Dtype;
  bitsAllocated: number;
  bitsStored: number;
  element: Element;
}

const STORED: Record<string, Dtype> = { '8/0': 'uint8', '8/1': 'int8', '16/0': 'uint16', '16/1': 'int16', '32/0': 'uint32', '32/1': 'int32' };

/**
 * Checks the instance is a single-frame greyscale image with native pixel data of a supported
 * layout: DICOM_UNSUPPORTED for compressed, colour, multi-frame or 1-bit images (later codecs
 * / issues), DICOM_PARSE for inconsistent attributes, TRUNCATED_INPUT for short pixel data.
 */
export function pixelFormat(inst: DicomInstance): PixelFormat {
  const { ds, name } = inst;
  // Float / Double Float Pixel Data (parametric maps) are read as float32 / float64.
  const [element, floatDtype] = ds.elements.x7fe00010
    ? [ds.elements.x7fe00010, undefined]
    : ds.elements.x7fe00008 ? [ds.elements.x7fe00008, 'float32' as const] : [ds.elements.x7fe00009, 'float64' as const];
  if (!element) throw new RuntimeError('DICOM_UNSUPPORTED', `${name} has no pixel data (modality ${inst.modality ?? 'unknown'}): not an image`);
  if (!NATIVE_SYNTAXES[inst.transferSyntax] || element.encapsulatedPixelData) {
    throw new RuntimeError('DICOM_UNSUPPORTED', `${name} uses ${transferSyntaxName(inst.transferSyntax)} (${inst.transferSyntax}): compressed DICOM is not supported yet`, { transferSyntax: inst.transferSyntax });
  }
  const framesRaw = ds.string('x00280008')?.trim();
  if (framesRaw !== undefined && framesRaw !== '' && !/^\+?\d+$/.test(framesRaw)) {
    throw new RuntimeError('DICOM_PARSE', `${name}: NumberOfFrames "${framesRaw}" is not an integer`);
  }
  if (framesRaw && Number(framesRaw) > 1) throw new RuntimeError('DICOM_UNSUPPORTED', `${name} is a multi-frame image (${framesRaw} frames): not supported yet`);
  const samples = ds.uint16('x00280002') ?? 1;
  const photometric = str(ds, 'x00280004') ?? 'MONOCHROME2';
  if (samples !== 1 || !photometric.startsWith('MONOCHROME')) {
    throw new RuntimeError('DICOM_UNSUPPORTED', `${name} is a ${photometric} image with ${samples} samples per pixel: only greyscale images form a volume`);
  }
  if (inst.rows < 1 || inst.cols < 1) throw new RuntimeError('DICOM_PARSE', `${name} has no valid Rows/Columns`);
  const bitsAllocated = floatDtype === 'float64' ? 64 : floatDtype ? 32 : (ds.uint16('x00280100') ?? 0);
  const bitsStored = floatDtype ? bitsAllocated : (ds.uint16('x00280101') ?? bitsAllocated);
  const dtype = floatDtype ?? STORED[`${bitsAllocated}/${ds.uint16('x00280103') ? 1 : 0}`];
  if (!dtype) throw new RuntimeError('DICOM_UNSUPPORTED', `${name} has ${bitsAllocated} bits allocated: only 8, 16 and 32 are supported`);
  if (bitsStored < 1 || bitsStored > bitsAllocated) throw new RuntimeError('DICOM_PARSE', `${name}: BitsStored ${bitsStored} does not fit BitsAllocated ${bitsAllocated}`);
  const need = inst.rows * inst.cols * (bitsAllocated / 8);
  if (element.length < need || element.dataOffset + need > ds.byteArray.length) {
    throw new RuntimeError('TRUNCATED_INPUT', `${name}: pixel data has ${Math.min(element.length, ds.byteArray.length - element.dataOffset)} bytes, ${inst.rows}x${inst.cols} pixels need ${need}`);
  }
  return { dtype, bitsAllocated, bitsStored, element };
}
