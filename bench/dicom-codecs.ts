// ms per frame for each compressed codec family, on the corpus files of that transfer syntax.
// Timed: parse + decode of all frames to stored values (parse included because deflate
// inflates there); each file is decoded once untimed first so WASM codec loading is excluded.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { decodeStoredPixels } from '../runtimes/imaging/dicom/decode';
import { imageInfo } from '../runtimes/imaging/dicom/image-info';
import { parseDicom } from '../runtimes/imaging/dicom/parse';

const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/** Codec family per transfer syntax UID (the families the issue asks figures for). */
export const FAMILIES: Record<string, string> = {
  '1.2.840.10008.1.2.4.50': 'jpeg-baseline',
  '1.2.840.10008.1.2.4.51': 'jpeg-extended-12bit',
  '1.2.840.10008.1.2.4.57': 'jpeg-lossless-p14',
  '1.2.840.10008.1.2.4.70': 'jpeg-lossless-sv1',
  '1.2.840.10008.1.2.4.80': 'jpegls-lossless',
  '1.2.840.10008.1.2.4.81': 'jpegls-near-lossless',
  '1.2.840.10008.1.2.4.90': 'j2k-lossless',
  '1.2.840.10008.1.2.4.91': 'j2k-lossy',
  '1.2.840.10008.1.2.4.201': 'htj2k-lossless',
  '1.2.840.10008.1.2.4.202': 'htj2k-lossless-rpcl',
  '1.2.840.10008.1.2.4.203': 'htj2k',
  '1.2.840.10008.1.2.5': 'rle',
  '1.2.840.10008.1.2.1.99': 'deflate',
};

/** ts/ and special/ first (the brief's set), then the other image folders so every family gets a file if the corpus has one. */
const FOLDERS = ['ts', 'special', 'multiframe', 'xray', 'us_color'];

interface FileFigure { file: string; frames: number; size: string; msPerFrame: number }

/** Per family: every file decoded, its ms per frame, and the family median. Families without a file: null. */
export async function benchCodecs(dicomDir: string, minMs = 150) {
  const byFamily: Record<string, FileFigure[]> = Object.fromEntries(Object.values(FAMILIES).map((f) => [f, []]));
  const errors: { file: string; code: string }[] = [];
  for (const folder of FOLDERS) {
    let names: string[];
    try { names = readdirSync(path.join(dicomDir, folder)).filter((f) => f.endsWith('.dcm')).sort(); } catch { continue; }
    for (const name of names) {
      const file = `${folder}/${name}`;
      const bytes = readFileSync(path.join(dicomDir, file));
      try {
        const ds = parseDicom(bytes, file);
        const family = FAMILIES[ds.string('x00020010')?.trim() ?? ''];
        if (!family) continue;
        const info = imageInfo(ds, file);
        await decodeStoredPixels(ds, file); // untimed: codec load
        const runs: number[] = [];
        const t0 = performance.now();
        while (runs.length < 3 || (performance.now() - t0 < minMs && runs.length < 200)) {
          const t = performance.now();
          await decodeStoredPixels(parseDicom(bytes, file), file);
          runs.push(performance.now() - t);
        }
        byFamily[family].push({ file, frames: info.frames, size: `${info.cols}x${info.rows}x${info.samples}@${info.bitsAllocated}`, msPerFrame: round(median(runs) / info.frames) });
      } catch (e) {
        errors.push({ file, code: (e as { code?: string }).code ?? 'ERROR' });
      }
    }
  }
  const families = Object.fromEntries(Object.entries(byFamily).map(([family, files]) => [
    family,
    files.length ? { msPerFrameMedian: median(files.map((f) => f.msPerFrame)), files } : null,
  ]));
  return { families, errors };
}
