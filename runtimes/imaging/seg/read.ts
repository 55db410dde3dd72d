import { RuntimeError, isRuntimeError } from '../../core/errors';
import { parseDicom, type DataSet } from '../dicom/parse';
import type { Vec3 } from '../geometry';
import { unpackFrame } from './bits';
import { codeOf, type Code } from './codes';
import { SEGMENTATION_STORAGE } from './write';

export interface SegSegment {
  number: number;
  label: string;
  category: Code;
  type: Code;
  algorithmType?: string;
  algorithmName?: string;
  /** RecommendedDisplayCIELabValue as stored (0..65535 scaled L*, a*, b*). */
  cielab?: [number, number, number];
}

export interface SegFrame {
  segmentNumber: number;
  /** ImagePositionPatient of the frame (LPS mm). */
  position: Vec3;
  sourceSopInstanceUid?: string;
  /** rows * cols bytes, 1 inside the segment, column fastest. */
  mask: Uint8Array;
}

export interface SegObject {
  sopInstanceUid: string;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  frameOfReferenceUid?: string;
  referencedSeriesInstanceUid?: string;
  seriesDescription?: string;
  contentDescription?: string;
  contentCreatorName?: string;
  rows: number;
  cols: number;
  /** ImageOrientationPatient: row direction, column direction. */
  orientation: [number, number, number, number, number, number];
  /** [between rows (y), between columns (x)] in mm. */
  pixelSpacing: [number, number];
  spacingBetweenSlices?: number;
  sliceThickness?: number;
  segments: SegSegment[];
  frames: SegFrame[];
}

const NATIVE_LE = new Set(['1.2.840.10008.1.2', '1.2.840.10008.1.2.1']);

/**
 * Reads a BINARY DICOM SEG (native little endian pixel data). Throws RuntimeError only:
 * DICOM_PARSE for a malformed file, DICOM_UNSUPPORTED for another SOP class, a FRACTIONAL
 * or LABELMAP SEG, or compressed pixel data; TRUNCATED_INPUT when frames are missing.
 */
export function readSeg(bytes: Uint8Array, name = 'the SEG'): SegObject {
  const ds = parseDicom(bytes, name);
  try {
    return read(ds, name);
  } catch (e) {
    if (isRuntimeError(e)) throw e;
    throw new RuntimeError('DICOM_PARSE', `${name} is not a readable segmentation: ${(e as Error)?.message ?? String(e)}`);
  }
}

const utf8 = new TextDecoder('utf-8');
type Text = (ds: DataSet | undefined, tag: string) => string | undefined;
/** Text reader: ISO_IR 192 (UTF-8) text decoded as such; dicom-parser's `string` reads Latin-1. */
const textReader = (unicode: boolean): Text => (ds, tag) => {
  const e = ds?.elements[tag];
  if (!ds || !e) return undefined;
  const raw = unicode ? utf8.decode(ds.byteArray.subarray(e.dataOffset, e.dataOffset + e.length)).replace(/\0+$/, '') : ds.string(tag);
  return raw?.trim() || undefined;
};
const ascii = textReader(false);
const items = (ds: DataSet | undefined, tag: string): DataSet[] => (ds?.elements[tag]?.items ?? []).map((i) => i.dataSet!).filter(Boolean);
const first = (ds: DataSet | undefined, tag: string) => items(ds, tag)[0];

function numbers(ds: DataSet | undefined, tag: string, n: number, what: string, name: string): number[] {
  const v = (ascii(ds, tag) ?? '').split('\\').map(Number);
  if (v.length !== n || !v.every(Number.isFinite)) throw new RuntimeError('DICOM_PARSE', `${name}: ${what} is missing or not ${n} numbers`);
  return v;
}

function read(ds: DataSet, name: string): SegObject {
  const text = textReader((ascii(ds, 'x00080005') ?? '').includes('ISO_IR 192'));
  const sopClass = text(ds, 'x00080016');
  if (sopClass !== SEGMENTATION_STORAGE) throw new RuntimeError('DICOM_UNSUPPORTED', `${name} is not a DICOM Segmentation (SOP class ${sopClass ?? 'missing'})`);
  const type = text(ds, 'x00620001');
  if (type !== 'BINARY') throw new RuntimeError('DICOM_UNSUPPORTED', `${name} is a ${type ?? 'untyped'} segmentation; only BINARY is supported`);
  const ts = text(ds, 'x00020010') ?? '1.2.840.10008.1.2';
  const pixels = ds.elements.x7fe00010;
  if (!NATIVE_LE.has(ts) || !pixels || pixels.encapsulatedPixelData) {
    throw new RuntimeError('DICOM_UNSUPPORTED', `${name}: pixel data is missing or compressed (transfer syntax ${ts})`);
  }
  if (ds.uint16('x00280100') !== 1) throw new RuntimeError('DICOM_PARSE', `${name}: a BINARY segmentation must have BitsAllocated 1`);
  const rows = ds.uint16('x00280010') ?? 0;
  const cols = ds.uint16('x00280011') ?? 0;
  const count = Number(text(ds, 'x00280008') ?? '1');
  const perFrame = items(ds, 'x52009230');
  if (rows < 1 || cols < 1 || !Number.isInteger(count) || count < 1) throw new RuntimeError('DICOM_PARSE', `${name}: bad Rows/Columns/NumberOfFrames`);
  if (perFrame.length !== count) throw new RuntimeError('DICOM_PARSE', `${name}: ${perFrame.length} per-frame functional groups for ${count} frames`);
  const shared = first(ds, 'x52009229');
  // A functional group may sit in the shared item or in each frame's item.
  const group = (frame: DataSet, tag: string) => first(frame, tag) ?? first(shared, tag);
  const measures = group(perFrame[0], 'x00289110');
  const data = new Uint8Array(ds.byteArray.buffer, ds.byteArray.byteOffset + pixels.dataOffset, Math.min(pixels.length, ds.byteArray.length - pixels.dataOffset));
  if (data.length * 8 < count * rows * cols) {
    throw new RuntimeError('TRUNCATED_INPUT', `${name}: pixel data holds ${data.length} bytes, ${count} frames of ${rows}x${cols} bits need ${Math.ceil((count * rows * cols) / 8)}`);
  }
  const frames = perFrame.map((f, n): SegFrame => ({
    segmentNumber: group(f, 'x0062000a')?.uint16('x0062000b') ?? 0,
    position: numbers(group(f, 'x00209113'), 'x00200032', 3, `frame ${n + 1} ImagePositionPatient`, name) as Vec3,
    sourceSopInstanceUid: text(first(group(f, 'x00089124'), 'x00082112'), 'x00081155'),
    mask: unpackFrame(data, n, rows * cols),
  }));
  const segments = items(ds, 'x00620002').map((s): SegSegment => {
    const lab = [0, 1, 2].map((i) => s.uint16('x0062000d', i));
    return {
      number: s.uint16('x00620004') ?? 0,
      label: text(s, 'x00620005') ?? '',
      category: codeOf((t) => text(first(s, 'x00620003'), t)),
      type: codeOf((t) => text(first(s, 'x0062000f'), t)),
      algorithmType: text(s, 'x00620008'),
      algorithmName: text(s, 'x00620009'),
      cielab: lab.every((v) => v !== undefined) ? (lab as [number, number, number]) : undefined,
    };
  });
  const known = new Set(segments.map((s) => s.number));
  const orphan = frames.find((f) => !known.has(f.segmentNumber));
  if (orphan) throw new RuntimeError('DICOM_PARSE', `${name}: a frame refers to segment ${orphan.segmentNumber}, which the SegmentSequence does not describe`);
  const spacing = text(measures, 'x00180088');
  const thickness = text(measures, 'x00180050');
  return {
    sopInstanceUid: text(ds, 'x00080018') ?? '',
    studyInstanceUid: text(ds, 'x0020000d') ?? '',
    seriesInstanceUid: text(ds, 'x0020000e') ?? '',
    frameOfReferenceUid: text(ds, 'x00200052'),
    referencedSeriesInstanceUid: text(first(ds, 'x00081115'), 'x0020000e'),
    seriesDescription: text(ds, 'x0008103e'),
    contentDescription: text(ds, 'x00700081'),
    contentCreatorName: text(ds, 'x00700084'),
    rows,
    cols,
    orientation: numbers(group(perFrame[0], 'x00209116'), 'x00200037', 6, 'ImageOrientationPatient', name) as SegObject['orientation'],
    pixelSpacing: numbers(measures, 'x00280030', 2, 'PixelSpacing', name) as [number, number],
    spacingBetweenSlices: spacing ? Number(spacing) : undefined,
    sliceThickness: thickness ? Number(thickness) : undefined,
    segments,
    frames,
  };
}
