import type { Dtype } from '../../domain/ports';

export type TypedArray =
  | Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array | Float32Array | Float64Array;

/**
 * Where voxels sit in the world. Convention (as ITK/DICOM): patient coordinates are LPS in mm;
 * `direction` is a 3x3 matrix stored column by column: columns are the unit vectors of the
 * i (x), j (y) and k (z) voxel axes. world = origin + direction * diag(spacing) * [i, j, k].
 * NIfTI readers/writers convert from/to RAS; DICOM readers fill it from IPP/IOP.
 */
export interface Geometry {
  dims: [number, number, number];
  spacing: [number, number, number];
  origin: [number, number, number];
  direction: [number, number, number, number, number, number, number, number, number];
}

/** Scalar volume, x fastest in memory (index = x + nx * (y + ny * z)). */
export interface VolumeValue {
  type: 'volume';
  dtype: Dtype;
  geometry: Geometry;
  data: TypedArray;
}

/** Sliding-window plan carried by tile tensors so `post.untile` can stitch them back. */
export interface TilePlan {
  /** Shape [x, y, z] of the volume the tiles cover (after padding to fit whole tiles). */
  volumeDims: [number, number, number];
  /** Geometry of the original (unpadded) volume the result must line up with. */
  geometry: Geometry;
  size: [number, number, number];
  /** Tile origins [x, y, z] in volume voxels, in batch order. */
  origins: [number, number, number][];
}

/** Dense float32 tensor in ONNX order (e.g. [N, C, z, y, x]). */
export interface TensorValue {
  type: 'tensor';
  dims: number[];
  data: Float32Array;
  /** Geometry of the spatial dims when the tensor is a (batch of) volume(s). */
  geometry?: Geometry;
  tiling?: TilePlan;
}

export interface LabelDef {
  value: number;
  name: string;
  /** Display colour as [r, g, b] 0-255. */
  color?: [number, number, number];
}

export interface LabelMapValue {
  type: 'label-map';
  geometry: Geometry;
  data: Uint8Array | Uint16Array;
  labels: LabelDef[];
}

export interface ReportValue {
  type: 'report';
  data: Record<string, unknown>;
}

/**
 * Metadata of a DICOM series (no pixels): what SEG writers need to reference the source. No
 * instances (NOT_DICOM) means the scan was not DICOM: writers of derived DICOM objects skip.
 */
export interface DicomSeriesValue {
  type: 'dicom-series';
  studyInstanceUid: string;
  seriesInstanceUid: string;
  frameOfReferenceUid?: string;
  modality?: string;
  instances: { sopClassUid: string; sopInstanceUid: string; position: [number, number, number] }[];
  /** Patient module of the source (raw DICOM text), copied into derived objects such as SEG. */
  patient?: { name?: string; id?: string; birthDate?: string; sex?: string };
  /** General Study module of the source (raw DICOM text: DA yyyymmdd, TM hhmmss.frac). */
  study?: { date?: string; time?: string; id?: string; accessionNumber?: string; referringPhysicianName?: string; description?: string };
}

export type Value = VolumeValue | TensorValue | LabelMapValue | ReportValue | DicomSeriesValue;

/** The series of a scan that was not DICOM (input.scan on a NIfTI file). */
export const NOT_DICOM: DicomSeriesValue = Object.freeze({ type: 'dicom-series', studyInstanceUid: '', seriesInstanceUid: '', instances: [] }) as DicomSeriesValue;
export const isDicomSource = (s: DicomSeriesValue) => s.instances.length > 0;
