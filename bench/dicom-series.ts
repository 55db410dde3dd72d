// Uncompressed CT series: our decode into one volume vs the file-read ceiling vs dcmdump and
// gdcmconv on the same files, side by side in one process run. Timings are medians of `reps`.
import { execFileSync } from 'node:child_process';
import { closeSync, fstatSync, mkdtempSync, openSync, readdirSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { syntheticDicom } from '../runtimes/imaging/dicom/fixtures';
import { readDicomSeriesAsync } from '../runtimes/imaging/dicom/series-async';
import { oneSeries } from '../runtimes/imaging/dicom/series';

const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const MB = 1e6;

/**
 * A CT-like series: signed int16 stored values with intercept -1024 (so the volume is HU), or
 * with `rescale: false` the same values stored as HU already (no rescale: the pure copy path).
 */
export function writeCtSeries(dir: string, slices: number, { size = 512, rescale = true } = {}): string[] {
  const files: string[] = [];
  const pixels = new Array<number>(size * size);
  for (let k = 0; k < slices; k++) {
    // A body disc (soft tissue ~ 40 HU) in air, with a slice-dependent bright bone ring.
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const r = Math.hypot(x - size / 2, y - size / 2) / (size / 2);
        const stored = r > 0.9 ? 0 : r > 0.8 - k * 1e-3 ? 2024 : 1064 + ((x * 7 + y * 13 + k) % 40);
        pixels[y * size + x] = rescale ? stored : stored - 1024;
      }
    }
    const bytes = syntheticDicom({ rows: size, cols: size, signed: true, ...(rescale ? { intercept: -1024, slope: 1 } : {}), instance: k + 1, position: [-128, -128, k * 1.25], pixels });
    const file = path.join(dir, `${rescale ? 'ct' : 'hu'}_${String(k).padStart(4, '0')}.dcm`);
    writeFileSync(file, bytes);
    files.push(file);
  }
  return files;
}

/** Reads every file into one preallocated buffer (the ceiling: no parsing at all). */
function readInto(files: string[], buf: Uint8Array, sizes: number[]): void {
  let off = 0;
  files.forEach((f, i) => {
    const fd = openSync(f, 'r');
    let got = 0;
    while (got < sizes[i]) got += readSync(fd, buf, off + got, sizes[i] - got, null);
    closeSync(fd);
    off += sizes[i];
  });
}

const time = async (fn: () => unknown | Promise<unknown>) => {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
};

function toolMs(cmd: string, runs: string[][]): number | null {
  try {
    const t0 = performance.now();
    for (const args of runs) execFileSync(cmd, args, { stdio: ['ignore', 'ignore', 'ignore'], maxBuffer: 1 << 30 });
    return performance.now() - t0;
  } catch {
    return null; // tool missing or failing: reported as null, never fatal for the bench
  }
}

/**
 * - readCeilingMBps: file bytes / time to read them into one preallocated buffer;
 * - decodeMBps: file bytes / time from those in-memory bytes to the rescaled volume (parse, sort, assemble);
 * - endToEndMBps: read + decode, the figure comparable with the command-line tools (which read too).
 */
export async function benchSeries(label: string, files: string[], reps: number) {
  const sizes = files.map((f) => { const fd = openSync(f, 'r'); const s = fstatSync(fd).size; closeSync(fd); return s; });
  const total = sizes.reduce((a, b) => a + b, 0);
  const buf = new Uint8Array(total);
  const views = () => { let o = 0; return sizes.map((s) => buf.subarray(o, (o += s))); };
  readInto(files, buf, sizes);
  const warm = await readDicomSeriesAsync(views());
  // The preallocated volume, reused like the read buffer (its pages are already mapped).
  const into = new ArrayBuffer(warm.volume.data.byteLength);
  const decode = () => readDicomSeriesAsync(views(), undefined, { into });
  const readMs: number[] = [];
  const parseMs: number[] = [];
  const decodeMs: number[] = [];
  const e2eMs: number[] = [];
  for (let r = 0; r < reps; r++) {
    readMs.push(await time(() => readInto(files, buf, sizes)));
    parseMs.push(await time(() => oneSeries(views())));
    decodeMs.push(await time(decode));
    e2eMs.push(await time(async () => { readInto(files, buf, sizes); await decode(); }));
  }
  const tmp = mkdtempSync(path.join(tmpdir(), 'studio-bench-gdcm-'));
  const dcmdump = toolMs('dcmdump', [files]);
  const gdcm = toolMs('gdcmconv', files.map((f, i) => ['--raw', f, path.join(tmp, `${i}.dcm`)]));
  rmSync(tmp, { recursive: true, force: true });
  const [read, decodeT, e2e] = [median(readMs), median(decodeMs), median(e2eMs)];
  const v = warm.volume;
  return {
    series: label,
    files: files.length,
    dims: v.geometry.dims,
    dtype: v.dtype,
    fileMB: round(total / MB, 2),
    reps,
    readCeilingMs: round(read, 2),
    decodeMs: round(decodeT, 2),
    // of decodeMs: dicom-parser over the headers; the rest is sorting and the fused copy/rescale
    parseMs: round(median(parseMs), 2),
    endToEndMs: round(e2e, 2),
    readCeilingMBps: round(total / MB / (read / 1000)),
    decodeMBps: round(total / MB / (decodeT / 1000)),
    endToEndMBps: round(total / MB / (e2e / 1000)),
    decodeVsReadCeiling: round(read / decodeT, 3),
    endToEndVsReadCeiling: round(read / e2e, 3),
    dcmdumpMs: dcmdump === null ? null : round(dcmdump),
    gdcmconvRawMs: gdcm === null ? null : round(gdcm),
    // > 1: we are faster than the tool on the same files (our read + decode vs its whole run)
    dcmdumpVsOurs: dcmdump === null ? null : round(dcmdump / e2e, 2),
    gdcmconvRawVsOurs: gdcm === null ? null : round(gdcm / e2e, 2),
  };
}

/** The sorted .dcm files of a corpus series folder, or null when it is absent. */
export function corpusSeries(dir: string): string[] | null {
  try {
    return readdirSync(dir).filter((f) => f.endsWith('.dcm')).sort().map((f) => path.join(dir, f));
  } catch {
    return null;
  }
}
