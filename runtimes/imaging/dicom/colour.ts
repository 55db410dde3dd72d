import { RuntimeError } from '../../core/errors';
import type { TypedArray } from '../../core/values';
import type { ImageInfo } from './image-info';
import { applyLut, readLut } from './lut';
import type { DataSet } from './parse';
import { readSegmentedLut } from './segmented-lut';

/**
 * Colour stored values (interleaved, as decode.ts returns them) to 8-bit RGB per pixel.
 * - RGB, and YBR_RCT/YBR_ICT (the J2K decoder already applied the inverse transform): as is;
 * - YBR_FULL and YBR_FULL_422 (422 is expanded to full triples at decode): ITU-R BT.601 full range
 *   (PS3.3 C.7.6.3.1.2); a JPEG codestream's YCbCr was already converted by libjpeg, so
 *   encapsulated JPEG frames are RGB whatever the header says;
 * - PALETTE COLOR: through the red/green/blue palette LUTs, plain or segmented.
 * Values wider than 8 bits are scaled down to 8 bits.
 */
export function toRgb(stored: TypedArray, info: ImageInfo, ds: DataSet, name = 'image'): Uint8Array {
  const { photometric } = info;
  if (photometric === 'PALETTE COLOR') return palette(stored, info, ds, name);
  if (info.samples !== 3) throw new RuntimeError('DICOM_UNSUPPORTED', `${name}: ${photometric} with ${info.samples} sample(s) is not a colour image`);
  const shift = Math.max(0, info.bitsStored - 8);
  const out = new Uint8Array(stored.length);
  const jpegDecoded = ['1.2.840.10008.1.2.4.50', '1.2.840.10008.1.2.4.51'].includes(info.transferSyntax);
  if (!photometric.startsWith('YBR_FULL') || jpegDecoded) {
    for (let i = 0; i < stored.length; i++) out[i] = stored[i] >> shift;
    return out;
  }
  const mid = 2 ** (info.bitsStored - 1);
  const scale = 1 / 2 ** shift;
  for (let i = 0; i < stored.length; i += 3) {
    const y = stored[i];
    const cb = stored[i + 1] - mid;
    const cr = stored[i + 2] - mid;
    out[i] = clamp((y + 1.402 * cr) * scale);
    out[i + 1] = clamp((y - 0.344136 * cb - 0.714136 * cr) * scale);
    out[i + 2] = clamp((y + 1.772 * cb) * scale);
  }
  return out;
}

/** Red, green, blue: [descriptor, LUT Data, Segmented LUT Data]. */
const PALETTE_TAGS = [['x00281101', 'x00281201', 'x00281221'], ['x00281102', 'x00281202', 'x00281222'], ['x00281103', 'x00281203', 'x00281223']];

function palette(stored: TypedArray, info: ImageInfo, ds: DataSet, name: string): Uint8Array {
  const luts = PALETTE_TAGS.map(([d, t, s]) => readLut(ds, d, t, false, name) ?? readSegmentedLut(ds, d, s, name));
  if (luts.some((l) => !l)) throw new RuntimeError('DICOM_PARSE', `${name}: PALETTE COLOR without red, green and blue descriptors and (Segmented) Palette Color LUT Data`);
  const out = new Uint8Array(stored.length * 3);
  for (let c = 0; c < 3; c++) {
    const lut = luts[c]!;
    const shift = lut.bits > 8 ? lut.bits - 8 : 0;
    for (let i = 0; i < stored.length; i++) out[i * 3 + c] = applyLut(lut, stored[i]) >> shift;
  }
  return out;
}

const clamp = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : Math.round(v));
