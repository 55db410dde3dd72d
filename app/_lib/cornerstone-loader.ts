import type { CsImage } from 'cornerstone-core';
import type { VolumeValue } from '../../runtimes/core/values';
import type { DisplayDefaults } from '../../runtimes/imaging/dicom/display-defaults';
import { planeFrame, PLANES, type Plane, type PlaneFrame } from './plane-frame';
import { initialVoi, type InitialVoi } from './display-window';
import { displaySlice, volumeRange } from './overlay';

type Cornerstone = typeof import('cornerstone-core').default;

/** Volumes the `studio:` image loader serves; image ids are `studio:<volumeKey>/<plane>/<s>` (display slice s of that plane). */
const volumes = new Map<string, { volume: VolumeValue; frames: Record<Plane, PlaneFrame>; range: { min: number; max: number }; voi: InitialVoi }>();
let loaded: Promise<Cornerstone> | null = null;

export const imageIdOf = (key: string, plane: Plane, s: number) => `studio:${key}/${plane}/${s}`;

/** `display`: DICOM window/level and MONOCHROME1 of the scan (GET /api/scans/[id]/display); none for NIfTI. */
export function registerVolume(key: string, volume: VolumeValue, display?: DisplayDefaults | null) {
  const range = volumeRange(volume.data);
  const frames = Object.fromEntries(PLANES.map((p) => [p, planeFrame(volume.geometry, p)])) as Record<Plane, PlaneFrame>;
  volumes.set(key, { volume, frames, range, voi: initialVoi(display, range) });
}

export function forgetVolume(key: string) {
  volumes.delete(key);
}

function makeImage(imageId: string): CsImage {
  const m = /^studio:(.+)\/(axial|coronal|sagittal)\/(\d+)$/.exec(imageId);
  const entry = m ? volumes.get(m[1]!) : undefined;
  if (!m || !entry) throw new Error(`unknown image ${imageId}`);
  const { volume, range, voi } = entry;
  const frame = entry.frames[m[2] as Plane];
  const [ncol, nrow] = frame.size;
  const s = displaySlice(volume.data, volume.geometry.dims, frame, Number(m[3]), range);
  // Initial window (and reset target): the DICOM window, else the whole volume's range.
  return {
    imageId,
    minPixelValue: s.min,
    maxPixelValue: s.max,
    slope: s.slope,
    intercept: s.intercept,
    windowCenter: voi.windowCenter,
    windowWidth: voi.windowWidth,
    getPixelData: () => s.pixels,
    rows: nrow,
    columns: ncol,
    height: nrow,
    width: ncol,
    color: false,
    columnPixelSpacing: frame.spacing[0],
    rowPixelSpacing: frame.spacing[1],
    invert: voi.invert,
    sizeInBytes: s.pixels.byteLength,
  };
}

/** cornerstone-core touches `window` at import: load it in the browser only, once, with our loader. */
export function loadCornerstone(): Promise<Cornerstone> {
  loaded ??= import('cornerstone-core').then((mod) => {
    const cs = ((mod as { default?: Cornerstone }).default ?? mod) as Cornerstone;
    cs.registerImageLoader('studio', (imageId) => ({
      promise: new Promise<CsImage>((resolve, reject) => {
        try {
          resolve(makeImage(imageId));
        } catch (e) {
          reject(e);
        }
      }),
    }));
    return cs;
  });
  return loaded;
}
