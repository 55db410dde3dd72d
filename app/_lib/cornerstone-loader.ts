import type { CsImage } from 'cornerstone-core';
import type { VolumeValue } from '../../runtimes/core/values';
import { axialFrame, type AxialFrame } from './axial-frame';
import { axialSlice, volumeRange } from './overlay';

type Cornerstone = typeof import('cornerstone-core').default;

/** Volumes the `studio:` image loader serves; image ids are `studio:<volumeKey>/<s>` (display axial slice s). */
const volumes = new Map<string, { volume: VolumeValue; frame: AxialFrame; range: { min: number; max: number } }>();
let loaded: Promise<Cornerstone> | null = null;

export const imageIdOf = (key: string, k: number) => `studio:${key}/${k}`;

export function registerVolume(key: string, volume: VolumeValue) {
  volumes.set(key, { volume, frame: axialFrame(volume.geometry), range: volumeRange(volume.data) });
}

export function forgetVolume(key: string) {
  volumes.delete(key);
}

function makeImage(imageId: string): CsImage {
  const m = /^studio:(.+)\/(\d+)$/.exec(imageId);
  const entry = m ? volumes.get(m[1]!) : undefined;
  if (!m || !entry) throw new Error(`unknown image ${imageId}`);
  const { volume, frame, range } = entry;
  const [ncol, nrow] = frame.size;
  const s = axialSlice(volume.data, volume.geometry.dims, frame, Number(m[2]), range);
  // Initial window: the whole volume's range, so every slice starts with the same contrast.
  const width = Math.max(range.max - range.min, 1);
  return {
    imageId,
    minPixelValue: s.min,
    maxPixelValue: s.max,
    slope: s.slope,
    intercept: s.intercept,
    windowCenter: range.min + width / 2,
    windowWidth: width,
    getPixelData: () => s.pixels,
    rows: nrow,
    columns: ncol,
    height: nrow,
    width: ncol,
    color: false,
    columnPixelSpacing: frame.spacing[0],
    rowPixelSpacing: frame.spacing[1],
    invert: false,
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
