import type { DataSet } from './parse';

/** What a DICOM instance declares about its image, read from the header only (nothing checked, no pixels). */
export interface DeclaredImage {
  rows?: number;
  cols?: number;
  /** Number of Frames, at least 1. */
  frames: number;
  /** Samples per Pixel, at least 1. */
  samples: number;
  /** Bits Allocated (16 when absent). */
  bitsAllocated: number;
  seriesUid?: string;
  seriesDescription?: string;
}

/** The header fields services size and describe an upload or a run with (uploads, cost estimates). */
export function declaredImage(ds: DataSet): DeclaredImage {
  return {
    rows: ds.uint16('x00280010'),
    cols: ds.uint16('x00280011'),
    frames: Math.max(1, Number(ds.string('x00280008') ?? '1') || 1),
    samples: Math.max(1, ds.uint16('x00280002') ?? 1),
    bitsAllocated: ds.uint16('x00280100') ?? 16,
    seriesUid: ds.string('x0020000e') || undefined,
    seriesDescription: ds.string('x0008103e') || undefined,
  };
}
