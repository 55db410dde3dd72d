import type { CsImage } from 'cornerstone-core';
import type { VolumeValue } from '../../runtimes/core/values';
import type { DisplayDefaults } from '../../runtimes/imaging/dicom/display-defaults';
import { axialFrame, type AxialFrame } from './axial-frame';
import { initialVoi, type InitialVoi } from './display-window';
import { axialSlice, volumeRange } from './overlay';

type Cornerstone = typeof import('cornerstone-core').default;

/** Volumes the `studio:` image loader serves; image ids are `studio:<volumeKey>/<s>` (display axial slice s). */
const volumes = new Map<string, { volume: VolumeValue; frame: AxialFrame; range: { min: number; max: number }; voi: InitialVoi }>();
let loaded: Promise<Cornerstone> | null = null;

export const imageIdOf = (key: string, k: number) => `studio:${key}/${k}`;

/** `display`: DICOM window/level and MONOCHROME1 of the scan (GET /api/scans/[id]/display); none for NIfTI. */
export function registerVolume(key: string, volume: VolumeValue, display?: DisplayDefaults | null) {
  const range = volumeRange(volume.data);
  volumes.set(key, { volume, frame: axialFrame(volume.geometry), range, voi: initialVoi(display, range) });
}

export function forgetVolume(key: string) {
  volumes.delete(key);
}

function makeImage(imageId: string): CsImage {
  const m = /^studio:(.+)\/(\d+)$/.exec(imageId);
  const entry = m ? volumes.get(m[1]!) : undefined;
  if (!m || !entry) throw new Error(`unknown image ${imageId}`);
  const { volume, frame, range, voi } = entry;
  const [ncol, nrow] = frame.size;
  const s = axialSlice(volume.data, volume.geometry.dims, frame, Number(m[2]), range);
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
