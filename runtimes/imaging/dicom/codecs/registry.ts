import { decodeJ2k, decodeHtj2k } from './j2k';
import { decodeJpegDct, decodeJpegLossless } from './jpeg';
import { decodeJpegLs } from './jpegls';
import { decodeRle } from './rle';
import type { FrameDecoder } from './types';

export interface CodecEntry {
  decode: FrameDecoder;
  /** Lossy syntaxes are compared with a tolerance, never by hash (tests, CLI info). */
  lossy: boolean;
  /** Does a fragment start a new frame? Used to split fragments when there is no offset table. */
  startsFrame: (fragment: Uint8Array) => boolean;
}

const jpegStart = (f: Uint8Array) => f[0] === 0xff && f[1] === 0xd8;
const j2kStart = (f: Uint8Array) => (f[0] === 0xff && f[1] === 0x4f && f[2] === 0xff && f[3] === 0x51) || (f[4] === 0x6a && f[5] === 0x50); // SOC+SIZ or JP2 signature box
const rleStart = (f: Uint8Array) => f.length >= 64 && f[0] >= 1 && f[0] <= 15 && f[1] === 0 && f[2] === 0 && f[3] === 0 && f[4] === 64 && f[5] === 0;
const sync = (fn: (d: Uint8Array, l: Parameters<FrameDecoder>[1]) => Awaited<ReturnType<FrameDecoder>>): FrameDecoder => async (d, l) => fn(d, l);

/** Every encapsulated transfer syntax we decode, by UID. Codecs load lazily on first use. */
export const CODECS: Record<string, CodecEntry> = {
  '1.2.840.10008.1.2.4.50': { decode: decodeJpegDct, lossy: true, startsFrame: jpegStart },
  '1.2.840.10008.1.2.4.51': { decode: decodeJpegDct, lossy: true, startsFrame: jpegStart },
  '1.2.840.10008.1.2.4.57': { decode: decodeJpegLossless, lossy: false, startsFrame: jpegStart },
  '1.2.840.10008.1.2.4.70': { decode: decodeJpegLossless, lossy: false, startsFrame: jpegStart },
  '1.2.840.10008.1.2.4.80': { decode: decodeJpegLs, lossy: false, startsFrame: jpegStart },
  '1.2.840.10008.1.2.4.81': { decode: decodeJpegLs, lossy: true, startsFrame: jpegStart },
  '1.2.840.10008.1.2.4.90': { decode: decodeJ2k, lossy: false, startsFrame: j2kStart },
  '1.2.840.10008.1.2.4.91': { decode: decodeJ2k, lossy: true, startsFrame: j2kStart },
  '1.2.840.10008.1.2.4.201': { decode: decodeHtj2k, lossy: false, startsFrame: j2kStart },
  '1.2.840.10008.1.2.4.202': { decode: decodeHtj2k, lossy: false, startsFrame: j2kStart },
  '1.2.840.10008.1.2.4.203': { decode: decodeHtj2k, lossy: true, startsFrame: j2kStart },
  '1.2.840.10008.1.2.5': { decode: sync(decodeRle), lossy: false, startsFrame: rleStart },
};
