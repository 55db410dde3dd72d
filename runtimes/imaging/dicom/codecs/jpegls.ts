import { RuntimeError } from '../../../core/errors';
import type { DecodedSamples, FrameLayout } from './types';
import { runWasm } from './wasm';

/** JPEG-LS lossless and near-lossless (CharLS). Output interleaved (planar scans are interleaved here). */
export async function decodeJpegLs(data: Uint8Array, layout: FrameLayout): Promise<DecodedSamples> {
  checkSof55(data, layout);
  const { info, pixels: raw, interleave } = await runWasm('charls', data, layout.what);
  const bytesPerSample = info.bitsPerSample > 8 ? 2 : 1;
  const n = info.width * info.height;
  if (raw.length < n * info.componentCount * bytesPerSample) {
    throw new RuntimeError('CORRUPT_INPUT', `${layout.what}: CharLS returned ${raw.length} bytes for a ${info.width}x${info.height}x${info.componentCount} image`);
  }
  const pixels = interleave === 0 && info.componentCount > 1 ? interleavePlanes(raw, n, info.componentCount, bytesPerSample) : raw;
  return { width: info.width, height: info.height, components: info.componentCount, bytesPerSample, bytes: pixels };
}

/** SOF55 (FFF7) dims must match the DICOM header before CharLS allocates. */
function checkSof55(d: Uint8Array, layout: FrameLayout): void {
  if (d[0] !== 0xff || d[1] !== 0xd8) throw new RuntimeError('CORRUPT_INPUT', `${layout.what}: not a JPEG-LS codestream (no SOI)`);
  let p = 2;
  while (p + 9 < d.length && d[p] === 0xff) {
    if (d[p + 1] === 0xf7) {
      const [h, w, c] = [(d[p + 5] << 8) | d[p + 6], (d[p + 7] << 8) | d[p + 8], d[p + 9]];
      if (h === layout.rows && w === layout.cols && c === layout.samples) return;
      throw new RuntimeError('CORRUPT_INPUT', `${layout.what}: the JPEG-LS codestream is ${w}x${h}x${c}, the header says ${layout.cols}x${layout.rows}x${layout.samples}`);
    }
    p += 2 + ((d[p + 2] << 8) | d[p + 3]);
  }
  throw new RuntimeError('CORRUPT_INPUT', `${layout.what}: not a JPEG-LS codestream (no SOF55 marker)`);
}

function interleavePlanes(src: Uint8Array, n: number, comps: number, bytes: number): Uint8Array {
  const out = new Uint8Array(n * comps * bytes);
  for (let c = 0; c < comps; c++) {
    for (let i = 0; i < n; i++) {
      for (let b = 0; b < bytes; b++) out[(i * comps + c) * bytes + b] = src[(c * n + i) * bytes + b];
    }
  }
  return out;
}
