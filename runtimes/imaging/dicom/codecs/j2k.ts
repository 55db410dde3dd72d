import { RuntimeError } from '../../../core/errors';
import type { DecodedSamples, FrameLayout } from './types';
import { runWasm, type CodecName } from './wasm';

/**
 * JPEG 2000 (OpenJPEG) and HTJ2K (OpenJPH). Both accept a raw codestream (SOC FF4F); a JP2
 * wrapper (some writers add one) is reduced to its `jp2c` box first. OpenJPEG applies the
 * inverse RCT/ICT, so YBR_RCT/YBR_ICT frames come out as RGB.
 */
export function decodeJ2k(data: Uint8Array, layout: FrameLayout): Promise<DecodedSamples> {
  return run('openjpeg', codestream(data, layout), layout);
}

export function decodeHtj2k(data: Uint8Array, layout: FrameLayout): Promise<DecodedSamples> {
  return run('openjph', codestream(data, layout), layout);
}

async function run(name: CodecName, data: Uint8Array, layout: FrameLayout): Promise<DecodedSamples> {
  checkSiz(data, layout);
  const { info, pixels } = await runWasm(name, data, layout.what);
  const bytesPerSample = info.bitsPerSample > 8 ? 2 : 1;
  if (pixels.length < info.width * info.height * info.componentCount * bytesPerSample) {
    throw new RuntimeError('CORRUPT_INPUT', `${layout.what}: ${name} returned ${pixels.length} bytes for a ${info.width}x${info.height}x${info.componentCount} image`);
  }
  return { width: info.width, height: info.height, components: info.componentCount, bytesPerSample, bytes: pixels };
}

/** The SIZ marker (right after SOC) must match the DICOM header before any codec allocates. */
function checkSiz(d: Uint8Array, layout: FrameLayout): void {
  const u32 = (p: number) => ((d[p] << 24) | (d[p + 1] << 16) | (d[p + 2] << 8) | d[p + 3]) >>> 0;
  if (d.length < 42 || d[0] !== 0xff || d[1] !== 0x4f || d[2] !== 0xff || d[3] !== 0x51) {
    throw new RuntimeError('CORRUPT_INPUT', `${layout.what}: not a JPEG 2000 codestream (no SOC/SIZ marker)`);
  }
  const width = u32(8) - u32(16);
  const height = u32(12) - u32(20);
  const components = (d[40] << 8) | d[41];
  if (width !== layout.cols || height !== layout.rows || components !== layout.samples) {
    throw new RuntimeError('CORRUPT_INPUT', `${layout.what}: the JPEG 2000 codestream's SIZ marker declares a ${width}x${height}x${components} image, the DICOM header ${layout.cols}x${layout.rows}x${layout.samples}; ${sizDamage(d.subarray(4, 42))}, so it is not decoded`);
  }
}

/** Why a SIZ segment disagrees with the header, in words: a DICOM item tag inside it betrays a damaged stream. */
function sizDamage(siz: Uint8Array): string {
  for (let i = 0; i + 4 <= siz.length; i++) {
    const name = siz[i] === 0xfe && siz[i + 1] === 0xff && siz[i + 3] === 0xe0 ? ITEM_TAGS[siz[i + 2]] : undefined;
    if (!name) continue;
    const element = siz[i + 2].toString(16).toUpperCase().padStart(2, '0');
    return `the codestream is damaged: its SIZ segment holds the bytes FE FF ${element} E0, a DICOM ${name} tag (FFFE,E0${element}), where the image size belongs`;
  }
  return 'the codestream does not describe this image (damaged, or the header is wrong)';
}

/** Little-endian (FFFE,E0xx) tags by their third byte. */
const ITEM_TAGS: Record<number, string> = { 0xdd: 'Sequence Delimitation Item', 0x0d: 'Item Delimitation Item', 0x00: 'Item' };

/** Raw codestream: as is, or the contents of the `jp2c` box of a JP2 file. */
function codestream(d: Uint8Array, layout: FrameLayout): Uint8Array {
  if (d[0] === 0xff && d[1] === 0x4f) return d;
  let p = 0;
  while (p + 8 <= d.length) {
    const len = ((d[p] << 24) | (d[p + 1] << 16) | (d[p + 2] << 8) | d[p + 3]) >>> 0;
    const type = String.fromCharCode(d[p + 4], d[p + 5], d[p + 6], d[p + 7]);
    if (type === 'jp2c') return d.subarray(p + 8, len ? p + len : d.length);
    if (len < 8) break;
    p += len;
  }
  throw new RuntimeError('CORRUPT_INPUT', `${layout.what}: neither a JPEG 2000 codestream nor a JP2 file`);
}
