// DICOM figures for `npm run bench` (merged under the `dicom` key; `--only=dicom` runs just
// these): uncompressed series decode vs the file-read ceiling and vs dcmdump / gdcmconv, and
// ms per frame per compressed codec family. Works without the corpus (generated CT series).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { benchCodecs } from './dicom-codecs';
import { benchSeries, corpusSeries, writeCtSeries } from './dicom-series';

/** 120 slices of 512x512 int16: 63 MB, a typical thin-slice CT block. */
const SLICES = 120;
/** The target for decodeVsReadCeiling. */
const TARGET = 0.8;

export async function dicomBench(corpusDir: string, log: (...a: unknown[]) => void, reps = 11) {
  const dicomDir = path.join(corpusDir, 'dicom');
  const tmp = mkdtempSync(path.join(tmpdir(), 'studio-bench-dicom-'));
  try {
    log(`dicom: generated CT series (${SLICES} x 512x512 int16), with and without rescale`);
    const series = [
      await benchSeries(`generated-ct-${SLICES}x512x512 (stored + intercept -1024 -> HU)`, writeCtSeries(tmp, SLICES), reps),
      // the same volume without rescale: isolates parse + copy from the rescale pass
      await benchSeries(`generated-ct-${SLICES}x512x512 (no rescale)`, writeCtSeries(tmp, SLICES, { rescale: false }), reps),
    ];
    const five = corpusSeries(path.join(dicomDir, 'ct_series_5slice'));
    if (five) series.push(await benchSeries('corpus ct_series_5slice', five, reps));
    log('dicom: series', JSON.stringify(series));
    const codecs = existsSync(dicomDir) ? await benchCodecs(dicomDir) : null;
    return {
      corpus: existsSync(dicomDir),
      ...(existsSync(dicomDir) ? {} : { note: 'corpus missing: generated CT series only, no codec figures' }),
      series,
      decodeVsReadCeiling: series[0].decodeVsReadCeiling,
      decodeVsParallelReadCeiling: series[0].decodeVsParallelReadCeiling,
      codecs,
      targets: { decodeVsReadCeiling: TARGET },
      definitions: {
        decodeVsReadCeiling: 'readCeilingMs / fileToVolumeMs (1.0 = as fast as reading): reading the files into one preallocated buffer with synchronous reads on one thread vs the Node fast path from the same files to the rescaled volume in a preallocated shared simdBuffer (WebAssembly memory, what the file reader allocates itself when given none): header reads + header parse up to Pixel Data (dicom-parser, untilTag) while a helper thread (slice-worker.mjs) already reads each CT slice to its predicted place (one positioned read per slice straight into place, SIMD rescale in place), sort, slices left over or mispredicted read by both threads. Page cache warm, 10 untimed rounds of every step first (optimised code, as in a worker that reads series after series; fileToVolumeFirstCallMs is the cold first call of the process), a minor GC before each timed step (a forced full GC discards optimised code: fileToVolumeAfterFullGcMs), medians of reps',
        decodeVsParallelReadCeiling: 'parallelReadCeilingMs / fileToVolumeMs: the same, against reading the files on libuv\'s thread pool 4 at a time (both cores reading, as our path does); on this 2-core machine page-cache copies are memory-bound, so two threads read only somewhat faster than one',
        memcpyMs: 'one in-memory copy of the volume\'s bytes into a preallocated plain buffer (TypedArray.set): with readCeilingVsMemcpy near 1 the read ceiling is itself a memory-bandwidth figure, and anything that also touches every byte (the rescale) adds to it',
        inMemoryDecodeVsReadCeiling: 'readCeilingMs / inMemoryDecodeMs: turning file bytes already in memory into the rescaled volume (readDicomSeriesAsync: parse, sort, assemble)',
        endToEndVsReadCeiling: 'readCeilingMs / (read + in-memory decode) ms',
        toolRatios: 'tool wall time / our fileToVolumeMs on the same files (> 1: we are faster); dcmdump is one process over all files, gdcmconv --raw one process per file',
        codecs: 'median ms per frame: parse + decode to stored values, codec loading excluded',
      },
    };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
