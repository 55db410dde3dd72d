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

export async function dicomBench(corpusDir: string, log: (...a: unknown[]) => void, reps = 7) {
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
      codecs,
      targets: { decodeVsReadCeiling: TARGET },
      definitions: {
        decodeVsReadCeiling: 'readCeilingMs / decodeMs: reading the files into one preallocated buffer vs turning those in-memory bytes into the rescaled volume (parse, sort, assemble)',
        endToEndVsReadCeiling: 'readCeilingMs / (read + decode) ms',
        toolRatios: 'tool wall time / our read+decode time on the same files (> 1: we are faster); dcmdump is one process over all files, gdcmconv --raw one process per file',
        codecs: 'median ms per frame: parse + decode to stored values, codec loading excluded',
      },
    };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
