// Uncompressed CT series: files -> volume (Node fast path) and in-memory decode vs the file-read
// ceiling vs dcmdump and gdcmconv on the same files, side by side in one process run. Timings
// are medians of `reps`.
import { execFileSync } from 'node:child_process';
import { closeSync, fstatSync, mkdtempSync, openSync, read, readdirSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { syntheticDicom } from '../runtimes/imaging/dicom/fixtures';
import { readDicomSeriesAsync } from '../runtimes/imaging/dicom/series-async';
import { oneSeries } from '../runtimes/imaging/dicom/one-series';
import { simdBuffer } from '../runtimes/imaging/dicom/simd-rescale';
import { readDicomSeriesFiles, readFast } from '../runtimes/server/dicom-files';

const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const MB = 1e6;
/** Untimed rounds of every step before the timed ones. */
const WARMUP = 10;

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

/**
 * The same reads on libuv's thread pool, `inFlight` files at a time (both cores read): the
 * ceiling for a reader that, like ours, reads on two threads.
 */
async function readIntoParallel(files: string[], buf: Uint8Array, sizes: number[], inFlight = 4): Promise<void> {
  const offsets = sizes.map((_, i) => sizes.slice(0, i).reduce((a, b) => a + b, 0));
  let next = 0;
  const readAt = (fd: number, at: number, len: number, pos: number) =>
    new Promise<number>((resolve, reject) => read(fd, buf, at, len, pos, (e, n) => (e ? reject(e) : resolve(n))));
  const one = async (i: number) => {
    const fd = openSync(files[i], 'r');
    try {
      for (let got = 0, n = 1; got < sizes[i] && n > 0; got += n) n = await readAt(fd, offsets[i] + got, sizes[i] - got, got);
    } finally {
      closeSync(fd);
    }
  };
  const lane = async () => { while (next < files.length) await one(next++); };
  await Promise.all(Array.from({ length: inFlight }, lane));
}

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as (o?: { type: 'minor' | 'major' }) => void;

/**
 * A GC before every timed step, so no step pays for the garbage of the one before it (the
 * in-memory decode leaves megabytes; the read ceiling allocates nothing and would never pay).
 * Minor (the young generation) between the file paths and the ceilings: a forced full GC also
 * throws away optimised code whose embedded objects died (V8 "weak objects" deopts), which a
 * worker reading series after series does not pay each time; fileToVolumeAfterFullGcMs shows
 * that case on its own. Full before the in-memory paths, whose garbage is old.
 */
const time = async (fn: () => unknown | Promise<unknown>, type: 'minor' | 'major' = 'minor') => {
  gc({ type });
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
 * - fileToVolumeMBps: file bytes / time from the files to the rescaled volume via the Node fast
 *   path (header parse, sort, positioned pixel reads into the preallocated volume, in-place SIMD rescale);
 * - inMemoryDecodeMBps: file bytes / time from in-memory bytes to the volume (readDicomSeriesAsync);
 * - endToEndMBps: read + in-memory decode (the path without the file fast path).
 * Page cache warm for all (every file is read before timing), a GC before every timed step (see
 * time); read and file-to-volume alternate which goes first per rep so drift hits both alike.
 */
export async function benchSeries(label: string, files: string[], reps: number) {
  const sizes = files.map((f) => { const fd = openSync(f, 'r'); const s = fstatSync(fd).size; closeSync(fd); return s; });
  const total = sizes.reduce((a, b) => a + b, 0);
  const buf = new Uint8Array(total);
  const views = () => { let o = 0; return sizes.map((s) => buf.subarray(o, (o += s))); };
  readInto(files, buf, sizes);
  const warm = await readDicomSeriesAsync(views());
  // The preallocated volume, reused like the read buffer (its pages are already mapped): a
  // shared simdBuffer, the storage the file reader allocates for a volume itself when given none.
  const into = simdBuffer(warm.volume.data.byteLength, { shared: true });
  const decode = () => readDicomSeriesAsync(views(), undefined, { into });
  const fromFiles = () => readDicomSeriesFiles(files, undefined, { into });
  // A plain buffer (copies into a SharedArrayBuffer are slower in V8: word by word, race-safe).
  const volumeBytes = new Uint8Array(warm.volume.data.byteLength);
  const oneThread = () => readDicomSeriesFiles(files, undefined, { into, parallelFrom: Infinity });
  // The first call in this process: the helper thread starts, nothing is compiled yet.
  const t0 = performance.now();
  const check = await fromFiles();
  const firstCallMs = performance.now() - t0;
  const identical = check.volume.dtype === warm.volume.dtype && Buffer.compare(bytesOf(check.volume.data), bytesOf(warm.volume.data)) === 0;
  const ms = { read: [] as number[], readPar: [] as number[], copy: [] as number[], file: [] as number[], file1: [] as number[], fileAfterGc: [] as number[], parse: [] as number[], decode: [] as number[], e2e: [] as number[] };
  // Untimed rounds first, so every path runs optimised code when timed (a worker reads series
  // after series; firstCallMs above is the cold case), then the timed ones.
  for (let r = -WARMUP; r < reps; r++) {
    const step = (key: keyof typeof ms, fn: () => unknown) => async () => {
      const t = await time(fn);
      if (r >= 0) ms[key].push(t);
    };
    const steps = [
      step('read', () => readInto(files, buf, sizes)),
      step('readPar', () => readIntoParallel(files, buf, sizes)),
      // the pixel bytes copied once in memory: what moving them costs without any file
      step('copy', () => volumeBytes.set(buf.subarray(0, volumeBytes.length))),
      step('file', fromFiles),
      step('file1', oneThread),
    ];
    for (const step of r % 2 ? steps.reverse() : steps) await step();
  }
  for (let r = 0; r < reps; r++) {
    ms.fileAfterGc.push(await time(fromFiles, 'major'));
    ms.parse.push(await time(() => oneSeries(views()), 'major'));
    ms.decode.push(await time(decode, 'major'));
    ms.e2e.push(await time(async () => { readInto(files, buf, sizes); await decode(); }, 'major'));
  }
  const tmp = mkdtempSync(path.join(tmpdir(), 'studio-bench-gdcm-'));
  const dcmdump = toolMs('dcmdump', [files]);
  const gdcm = toolMs('gdcmconv', files.map((f, i) => ['--raw', f, path.join(tmp, `${i}.dcm`)]));
  rmSync(tmp, { recursive: true, force: true });
  const [readT, readPar, file, decodeT, e2e] = [median(ms.read), median(ms.readPar), median(ms.file), median(ms.decode), median(ms.e2e)];
  const mbps = (t: number) => round(total / MB / (t / 1000));
  const v = warm.volume;
  return {
    series: label,
    files: files.length,
    dims: v.geometry.dims,
    dtype: v.dtype,
    fileMB: round(total / MB, 2),
    reps,
    // the fast path took this series (else it fell back to the in-memory reader) and its volume equals that reader's
    fastPath: (await readFast(files, undefined)) !== undefined,
    identical,
    readCeilingMs: round(readT, 2),
    parallelReadCeilingMs: round(readPar, 2),
    fileToVolumeMs: round(file, 2),
    fileToVolumeFirstCallMs: round(firstCallMs, 2),
    // right after a forced full GC (optimised header code thrown away, see time)
    fileToVolumeAfterFullGcMs: round(median(ms.fileAfterGc), 2),
    readCeilingMBps: mbps(readT),
    parallelReadCeilingMBps: mbps(readPar),
    fileToVolumeMBps: mbps(file),
    decodeVsReadCeiling: round(readT / file, 3),
    decodeVsParallelReadCeiling: round(readPar / file, 3),
    // one in-memory copy of the volume's bytes: the memory-bandwidth floor under both
    memcpyMs: round(median(ms.copy), 2),
    readCeilingVsMemcpy: round(median(ms.copy) / readT, 3),
    // the same path kept on one thread (no helper thread): what the second thread buys
    fileToVolumeOneThreadMs: round(median(ms.file1), 2),
    oneThreadVsReadCeiling: round(readT / median(ms.file1), 3),
    inMemoryDecodeMs: round(decodeT, 2),
    // of inMemoryDecodeMs: dicom-parser over the headers; the rest is sorting and the fused copy/rescale
    inMemoryParseMs: round(median(ms.parse), 2),
    inMemoryDecodeMBps: mbps(decodeT),
    inMemoryDecodeVsReadCeiling: round(readT / decodeT, 3),
    endToEndMs: round(e2e, 2),
    endToEndMBps: mbps(e2e),
    endToEndVsReadCeiling: round(readT / e2e, 3),
    dcmdumpMs: dcmdump === null ? null : round(dcmdump),
    gdcmconvRawMs: gdcm === null ? null : round(gdcm),
    // > 1: we are faster than the tool on the same files (our files -> volume vs its whole run)
    dcmdumpVsOurs: dcmdump === null ? null : round(dcmdump / file, 2),
    gdcmconvRawVsOurs: gdcm === null ? null : round(gdcm / file, 2),
  };
}

const bytesOf = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/** The sorted .dcm files of a corpus series folder, or null when it is absent. */
export function corpusSeries(dir: string): string[] | null {
  try {
    return readdirSync(dir).filter((f) => f.endsWith('.dcm')).sort().map((f) => path.join(dir, f));
  } catch {
    return null;
  }
}
