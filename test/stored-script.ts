import { buildTissueClassifier } from '../demo/tissue-classifier';
import { makeHeadPhantom } from '../demo/phantom';
import { onnx } from '../runtimes/core/onnx-proto';
import { writeNifti } from '../runtimes/imaging/nifti';
import { HEADER_SIZE } from '../runtimes/imaging/nifti/header';

/**
 * Stored content that is also a web page with script (issue 11 §1): valid uploads a clinician or
 * an engineer could send, which a browser would run if the studio served them as HTML.
 */
const html = (script: string) => `<html><body><h1>stored</h1><script>${script}</script></body></html>`;

/**
 * A valid uncompressed .nii (8^3 phantom) whose header extension (ecode 6, comment) is an HTML
 * page with `script`. vox_offset moves past the extension, as the NIfTI-1 standard says.
 */
export function scriptNifti(script: string): Uint8Array {
  const plain = writeNifti(makeHeadPhantom({ size: 8 }).volume, { gzip: false });
  const text = new TextEncoder().encode(html(script));
  const esize = Math.ceil((8 + text.length) / 16) * 16;
  const voxOffset = HEADER_SIZE + 4 + esize;
  const out = new Uint8Array(voxOffset + plain.length - 352);
  out.set(plain.subarray(0, HEADER_SIZE));
  const v = new DataView(out.buffer);
  v.setFloat32(108, voxOffset, true);
  out[HEADER_SIZE] = 1; // extension[0]: extensions follow
  v.setInt32(HEADER_SIZE + 4, esize, true);
  v.setInt32(HEADER_SIZE + 8, 6, true); // NIFTI_ECODE_COMMENT
  out.set(text, HEADER_SIZE + 12);
  out.set(plain.subarray(352), voxOffset);
  return out;
}

/** The demo tissue classifier (a valid, runnable ONNX model) with an HTML page in its doc_string. */
export function scriptOnnx(script: string): Uint8Array {
  const model = onnx.ModelProto.decode(buildTissueClassifier());
  model.docString = html(script);
  return onnx.ModelProto.encode(model).finish();
}

/** Every way a caller tried to choose how stored bytes render (issue 11 §1). */
export const HOSTILE_QUERIES = [
  '',
  '?type=text/html&inline=1',
  '?type=text/html',
  '?type=image/svg%2Bxml&inline=1',
  '?type=image/svg+xml',
  '?inline=1',
  '?inline=true',
  '?name=x.html',
  '?name=x.html&inline=1',
  '?name=..%2F..%2Fx.html&type=text/html',
  '?type=text/html;charset=utf-8&inline=1',
  '?type=text%2Fhtml%3Bcharset%3Dutf-8&inline=1',
  '?type=TEXT/HTML&INLINE=1',
  '?Type=text/html&Inline=1',
  '?type=image/png&type=text/html&inline=1&inline=1',
  '?type=application/xhtml%2Bxml&inline=1',
  '?type=text/xml&inline=1',
  '?type=application/javascript&inline=1',
  '?type=image/png&inline=1',
  '?type=text/plain%0d%0aX-Injected:1&inline=1',
];
