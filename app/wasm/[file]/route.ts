import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';

/**
 * Same-origin copies of the WebAssembly the browser runtime needs: onnxruntime-web's wasm
 * backends (+ their .mjs glue, which also starts the worker threads) and the four DICOM codecs.
 * Served from node_modules through a fixed allow-list (no path from the request reaches the
 * file system) so the page can stay cross-origin isolated (COEP require-corp) without a CDN.
 * Names are pinned by the exact versions in package.json, hence the long immutable cache.
 */
const ORT = ['', '.jsep', '.asyncify', '.jspi'].flatMap((v) => [`ort-wasm-simd-threaded${v}.mjs`, `ort-wasm-simd-threaded${v}.wasm`]);
const FILES: Record<string, string> = {
  ...Object.fromEntries(ORT.map((f) => [f, `onnxruntime-web/dist/${f}`])),
  'libjpegturbowasm_decode.wasm': '@cornerstonejs/codec-libjpeg-turbo-8bit/dist/libjpegturbowasm_decode.wasm',
  'charlswasm_decode.wasm': '@cornerstonejs/codec-charls/dist/charlswasm_decode.wasm',
  'openjpegwasm_decode.wasm': '@cornerstonejs/codec-openjpeg/dist/openjpegwasm_decode.wasm',
  'openjphjs.wasm': '@cornerstonejs/codec-openjph/dist/openjphjs.wasm',
};

const TYPES: Record<string, string> = { '.wasm': 'application/wasm', '.mjs': 'text/javascript; charset=utf-8' };

export async function GET(_req: Request, { params }: { params: Promise<{ file: string }> }) {
  const { file } = await params;
  const rel = Object.hasOwn(FILES, file) ? FILES[file] : undefined;
  if (!rel) return new Response('not found', { status: 404 });
  const full = path.join(/*turbopackIgnore: true*/ process.cwd(), 'node_modules', rel);
  const info = await stat(full).catch(() => null);
  if (!info) return new Response('not installed', { status: 404 });
  const body = Readable.toWeb(createReadStream(full)) as ReadableStream<Uint8Array>;
  return new Response(body, {
    headers: {
      'Content-Type': TYPES[path.extname(file)]!,
      'Content-Length': String(info.size),
      'Cache-Control': 'public, max-age=31536000, immutable',
      // Worker scripts must carry the isolation headers themselves (they are their own context).
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'Cross-Origin-Resource-Policy': 'same-origin',
    },
  });
}
